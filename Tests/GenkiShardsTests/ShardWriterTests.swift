import Foundation
import GenkiCore
import GenkiShards
import Testing

@Suite struct ShardWriterTests {
    static func sample(_ i: Int, bytes: Int) -> [(name: String, data: [UInt8])] {
        let key = String(format: "%032x", i)
        return [("\(key).json", Array("{\"i\":\(i)}".utf8)), ("\(key).wav", (0..<bytes).map { UInt8(truncatingIfNeeded: $0 &+ i) })]
    }

    static func shards(_ dir: URL) throws -> [String] {
        try FileManager.default.contentsOfDirectory(atPath: dir.path).filter { $0.hasSuffix(".tar") }.sorted()
    }

    /// Property: whatever the limits, every sample lands whole in exactly one shard, in order,
    /// no shard passes its limits unless one sample alone does, and no temporary is left.
    @Test func samplesSplitAtTheLimitsAndReadBackInOrder() throws {
        var rng = SystemRandomNumberGenerator()
        for _ in 0..<12 {
            let dir = try temporaryDirectory()
            defer { try? FileManager.default.removeItem(at: dir) }
            let maxSamples = Int.random(in: 1...6, using: &rng)
            let maxBytes = Int.random(in: 2_048...40_000, using: &rng)
            let sizes = (0..<Int.random(in: 1...25, using: &rng)).map { _ in Int.random(in: 0...9_000, using: &rng) }
            let writer = ShardWriter(directory: dir, name: "set", maxSamples: maxSamples, maxBytes: maxBytes)
            writer.sync = false
            for (i, n) in sizes.enumerated() { try writer.add(Self.sample(i, bytes: n)) }
            try writer.finish()
            let names = try Self.shards(dir)
            #expect(names == (0..<writer.written).map { ShardBuilder.shardName("set", $0) })
            #expect(try FileManager.default.contentsOfDirectory(atPath: dir.path).allSatisfy { !$0.hasPrefix(AtomicFile.prefix) })
            var seen: [(name: String, data: [UInt8])] = []
            for name in names {
                let bytes = try [UInt8](Data(contentsOf: dir.appendingPathComponent(name)))
                let members = try TarArchive.readCanonical(bytes)
                let samples = members.count / 2
                #expect(samples >= 1 && samples <= maxSamples)
                if samples > 1 { #expect(bytes.count <= maxBytes, "a multi-sample shard stays within --max-bytes") }
                seen += members.map { ($0.name, $0.data) }
            }
            let expected = sizes.enumerated().flatMap { Self.sample($0.offset, bytes: $0.element) }
            #expect(seen.map(\.name) == expected.map(\.name))
            #expect(seen.map(\.data) == expected.map(\.data))
        }
    }

    @Test func anAbandonedWriterLeavesNeitherAShardNorItsTemporary() throws {
        let dir = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        try Data("mine".utf8).write(to: dir.appendingPathComponent(".notes.tmp"))
        do {
            let writer = ShardWriter(directory: dir, name: "set", maxSamples: 10, maxBytes: 1 << 20)
            try writer.add(Self.sample(0, bytes: 100))
            // The run fails here: no finish().
        }
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir.path) == [".notes.tmp"])
    }

    @Test func numberingStartsAtTheGivenIndex() throws {
        let dir = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let writer = ShardWriter(directory: dir, name: "set", maxSamples: 1, maxBytes: 1 << 20, firstIndex: 3)
        writer.sync = false
        for i in 0..<2 { try writer.add(Self.sample(i, bytes: 10)) }
        try writer.finish()
        #expect(try Self.shards(dir) == ["set-000003.tar", "set-000004.tar"])
        #expect(writer.nextIndex == 5 && writer.written == 2)
    }

    @Test func aFullOrMissingFolderNamesTheShardAndTheReason() throws {
        let dir = URL(fileURLWithPath: "/nonexistent-genki-\(UUID().uuidString)")
        let writer = ShardWriter(directory: dir, name: "set", maxSamples: 1, maxBytes: 1 << 20)
        #expect {
            try writer.add(Self.sample(0, bytes: 10))
        } throws: { error in
            "\(error)".contains("set-000000.tar") && "\(error)".contains("No such file or directory")
        }
    }
}
