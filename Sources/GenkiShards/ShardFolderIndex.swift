import Foundation
import GenkiCore

/// What a shard folder's complete shards hold, each shard read once: its name and SHA-256, and
/// a manifest record per sample. A run builds it before writing (resume skips the keys it
/// holds), adds the shards it wrote, and rebuilds the folder's sidecar files from it.
struct ShardFolderIndex {
    /// A complete shard: its file name and the SHA-256 of its bytes.
    struct Shard: Equatable {
        var name: String
        var sha256: String
    }

    let folder: URL
    let name: String
    private(set) var shards: [Shard] = []
    /// One record per sample, in shard and member order.
    private(set) var manifest: [ManifestRecord] = []

    /// Indexes the complete shards `NAME-000000.tar`, `NAME-000001.tar`, … of `folder`.
    init(folder: URL, name: String) throws(ShardError) {
        self.folder = folder
        self.name = name
        try addNewShards()
    }

    /// Keys of every sample indexed.
    var keys: Set<String> { Set(manifest.map(\.key)) }

    /// Reads the complete shards that follow the ones indexed (those written since).
    mutating func addNewShards() throws(ShardError) {
        let complete = try ShardBuilder.completeShards(in: folder, name: name)
        for url in complete.dropFirst(shards.count) {
            guard let data = FileManager.default.contents(atPath: url.path) else { throw .verification("a shard cannot be read") }
            let bytes = [UInt8](data)
            shards.append(Shard(name: url.lastPathComponent, sha256: ShardBuilder.sha256Hex(bytes)))
            manifest += try Self.records(of: try TarArchive.read(bytes), shard: url.lastPathComponent)
        }
    }

    /// The manifest records of one shard's members (consecutive members of one key are one
    /// sample; its duration comes from its sidecar).
    static func records(of members: [TarArchive.Member], shard: String) throws(ShardError) -> [ManifestRecord] {
        var bySample: [(key: String, members: [TarArchive.Member])] = []
        for m in members {
            let key = String(m.name.prefix { $0 != "." })
            if bySample.last?.key == key { bySample[bySample.count - 1].members.append(m) } else { bySample.append((key, [m])) }
        }
        var out: [ManifestRecord] = []
        for (key, members) in bySample {
            var duration = 0.0
            if let json = members.first(where: { $0.name.hasSuffix(".json") }),
                let sidecar = try? JSONDecoder().decode(Sidecar.self, from: Data(json.data))
            {
                duration = sidecar.duration
            }
            var byExtension: [String: ManifestRecord.Member] = [:]
            for m in members {
                let ext = String(m.name.dropFirst(key.count + 1))
                guard byExtension[ext] == nil else { throw .verification("\(shard) holds two \(ext) members for one sample") }
                byExtension[ext] = ManifestRecord.Member(bytes: m.data.count, sha256: ShardBuilder.sha256Hex(m.data))
            }
            out.append(ManifestRecord(key: key, shard: shard, durationSeconds: duration, members: byExtension))
        }
        return out
    }

    /// Rewrites manifest.jsonl, dataset.json, croissant.json and SHA256SUMS from the index.
    func writeSidecarFiles(options: ShardOptions) throws(ShardError) -> (samples: Int, shards: Int, duration: Double) {
        var sums = shards.map { ($0.name, $0.sha256) }
        let encoder = JSONOutput.encoder()
        var manifestBytes: [UInt8] = []
        for m in manifest {
            guard let line = try? encoder.encode(m) else { throw .write("manifest cannot be encoded") }
            manifestBytes += line + [0x0A]
        }
        let duration = manifest.reduce(0) { $0 + $1.durationSeconds }
        let card = DatasetCard(
            name: options.name, profile: options.profile.rawValue, sampleRate: options.profile.sampleRate, genkiVersion: DatasetCard.version,
            samples: manifest.count, shards: shards.map(\.name), durationSeconds: duration,
            merkleRoot: MerkleTree(contentHashes: manifest.map(\.key)).root
        )
        let pretty = JSONOutput.encoder(pretty: true)
        guard let cardBytes = try? pretty.encode(card), let croissant = try? pretty.encode(Croissant(card: card, shardSums: sums)) else {
            throw .write("dataset card cannot be encoded")
        }
        try ShardBuilder.writeAtomically(manifestBytes, to: folder.appendingPathComponent("manifest.jsonl"))
        try ShardBuilder.writeAtomically([UInt8](cardBytes) + [0x0A], to: folder.appendingPathComponent("dataset.json"))
        try ShardBuilder.writeAtomically([UInt8](croissant) + [0x0A], to: folder.appendingPathComponent("croissant.json"))
        sums.append(("manifest.jsonl", ShardBuilder.sha256Hex(manifestBytes)))
        sums.append(("dataset.json", ShardBuilder.sha256Hex([UInt8](cardBytes) + [0x0A])))
        sums.append(("croissant.json", ShardBuilder.sha256Hex([UInt8](croissant) + [0x0A])))
        let sumsText = sums.sorted { $0.0 < $1.0 }.map { "\($0.1)  \($0.0)\n" }.joined()
        try ShardBuilder.writeAtomically(Array(sumsText.utf8), to: folder.appendingPathComponent("SHA256SUMS"))
        return (manifest.count, shards.count, duration)
    }
}
