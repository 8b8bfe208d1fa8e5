import Foundation
import Testing

@testable import GenkiShards

@Suite struct ShardFolderIndexTests {
    @Test func theIndexIsWhatTheFolderFilesSay() async throws {
        let dir = try await ValidShardFolder.copy()
        defer { try? FileManager.default.removeItem(at: dir.deletingLastPathComponent()) }
        let index = try ShardFolderIndex(folder: dir, name: ValidShardFolder.options.name)
        let lines = String(decoding: try Forge.bytes(dir, "manifest.jsonl"), as: UTF8.self).split(separator: "\n")
        let manifest = try lines.map { try JSONDecoder().decode(ManifestRecord.self, from: Data($0.utf8)) }
        #expect(index.manifest == manifest)
        #expect(index.keys == Set(manifest.map(\.key)) && index.keys.count == manifest.count)
        let sums = String(decoding: try Forge.bytes(dir, "SHA256SUMS"), as: UTF8.self).split(separator: "\n")
        for shard in index.shards { #expect(sums.contains("\(shard.sha256)  \(shard.name)"[...])) }
        #expect(index.shards.map(\.name) == (0..<index.shards.count).map(Forge.shard))
    }

    /// Resume reads each existing shard once: after indexing, a shard the run did not write is
    /// never read again (garbage written over it goes unnoticed), and only shards that appear
    /// later are added.
    @Test func addingNewShardsReadsOnlyTheNewOnes() async throws {
        let dir = try await ValidShardFolder.copy()
        defer { try? FileManager.default.removeItem(at: dir.deletingLastPathComponent()) }
        var index = try ShardFolderIndex(folder: dir, name: ValidShardFolder.options.name)
        let before = index.manifest
        let count = index.shards.count
        let second = try Forge.bytes(dir, Forge.shard(1))
        try Forge.write(dir, Forge.shard(0), [UInt8](repeating: 0x41, count: 4_096))
        try index.addNewShards()
        #expect(index.manifest == before && index.shards.count == count)
        try Forge.write(dir, Forge.shard(count), second)
        try index.addNewShards()
        #expect(index.shards.count == count + 1)
        #expect(Array(index.manifest.prefix(before.count)) == before)
        #expect(index.manifest.dropFirst(before.count).map(\.key) == before.filter { $0.shard == Forge.shard(1) }.map(\.key))
        // A fresh index reads every shard, and the garbage is refused.
        #expect(throws: ShardError.self) { try ShardFolderIndex(folder: dir, name: ValidShardFolder.options.name) }
    }
}
