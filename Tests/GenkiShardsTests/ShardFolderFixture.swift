import Crypto
import Foundation
import GenkiFixtures
import GenkiMIDI
import GenkiPipeline

@testable import GenkiShards

/// A valid shard folder built once by `ShardBuilder` (two 3 s WAVs and a rendered MIDI piece,
/// cut into 1 s clips, 4 samples a shard: 3 shards with wav, json and mid members), copied
/// fresh for every test that tampers with it.
actor ValidShardFolder {
    static let shared = ValidShardFolder()
    /// The one build, shared by every test of the process (an actor alone would let concurrent
    /// callers each start a build while the first is suspended).
    private var template: Task<URL, any Error>?

    static var options: ShardOptions {
        var o = ShardOptions()
        o.jobs = 2
        o.maxSamples = 4
        o.clipSeconds = 1
        o.includeMIDI = true
        o.renderMIDI = true
        return o
    }

    private func build() async throws -> URL {
        if let template { return try await template.value }
        let task = Task { try await Self.make() }
        template = task
        return try await task.value
    }

    private static func make() async throws -> URL {
        let input = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: input) }
        for seed in [UInt64(61), 62] {
            let wav = WAVEncoder.encode(TaggedCollection.pcm(TaggedCollection.piece(seed, seconds: 3)), sampleRate: 44_100)
            try Data(wav).write(to: input.appendingPathComponent("piece\(seed).wav"))
        }
        try Data(SMFWriter().write(GeneratedPiece.make(seed: 63, bars: 2).file())).write(to: input.appendingPathComponent("tune.mid"))
        let root = try temporaryDirectory()
        templateRoot = root.path
        atexit {
            if let root = templateRoot { try? FileManager.default.removeItem(atPath: root) }
        }
        let out = root.appendingPathComponent("template")
        let report = try await ShardPipeline.build(paths: [input.path], out: out, secret: testSecret, options: Self.options)
        guard report.failed.isEmpty, report.shards >= 3 else { throw FixtureFailure.unexpected("\(report.failed), \(report.shards) shards") }
        return out
    }

    /// A fresh copy of the valid folder, `shards` inside a new temporary folder.
    static func copy() async throws -> URL {
        let template = try await shared.build()
        let copy = try temporaryDirectory().appendingPathComponent("shards")
        try FileManager.default.copyItem(at: template, to: copy)
        return copy
    }
}

/// The template's folder, removed when the test process exits.
nonisolated(unsafe) private var templateRoot: String?

enum FixtureFailure: Error {
    case unexpected(String)
}

/// Edits of a shard folder the way a forger would make them: after each edit the dependent
/// clear files are re-derived, so only the intended lie remains.
enum Forge {
    static func bytes(_ dir: URL, _ name: String) throws -> [UInt8] { [UInt8](try Data(contentsOf: dir.appendingPathComponent(name))) }
    static func write(_ dir: URL, _ name: String, _ bytes: [UInt8]) throws { try Data(bytes).write(to: dir.appendingPathComponent(name)) }
    static func shard(_ i: Int) -> String { ShardBuilder.shardName("genki", i) }
    static func sha(_ bytes: [UInt8]) -> String { ShardBuilder.sha256Hex(bytes) }

    /// SHA256SUMS recomputed for the files it lists (nothing else changed).
    static func fixSums(_ dir: URL) throws {
        let text = String(decoding: try bytes(dir, "SHA256SUMS"), as: UTF8.self)
        var out = ""
        for line in text.split(separator: "\n") {
            let name = String(line.dropFirst(66))
            out += "\(sha(try bytes(dir, name)))  \(name)\n"
        }
        try write(dir, "SHA256SUMS", Array(out.utf8))
    }

    /// manifest.jsonl, dataset.json, croissant.json and SHA256SUMS regenerated from the shards by
    /// genki's own writer: a forged shard with a perfectly consistent folder around it.
    static func regenerate(_ dir: URL) throws {
        _ = try ShardBuilder.writeSidecarFiles(out: dir, options: ValidShardFolder.options)
    }

    static func members(_ dir: URL, _ i: Int) throws -> [(name: String, data: [UInt8])] {
        try TarArchive.read(try bytes(dir, shard(i))).map { ($0.name, $0.data) }
    }

    /// Rewrites shard `i` from members (normalised headers), with `trailing` bytes after the end.
    static func writeShard(_ dir: URL, _ i: Int, _ members: [(name: String, data: [UInt8])], trailing: [UInt8] = []) throws {
        try write(dir, shard(i), members.flatMap { TarArchive.member(name: $0.name, data: $0.data) } + TarArchive.end + trailing)
    }

    /// A normalised header with `value` written into bytes `range` and the checksum fixed up.
    static func header(name: String, size: Int, setting range: Range<Int>, to value: [UInt8]) -> [UInt8] {
        var h = TarArchive.header(name: name, size: size)
        for (i, b) in value.prefix(range.count).enumerated() { h[range.lowerBound + i] = b }
        for i in 148..<156 { h[i] = UInt8(ascii: " ") }
        let sum = String(h.reduce(0) { $0 + Int($1) }, radix: 8)
        for (i, b) in (String(repeating: "0", count: 6 - sum.count) + sum).utf8.enumerated() { h[148 + i] = b }
        h[154] = 0
        return h
    }

    /// The sidecar of a member, decoded.
    static func sidecar(_ data: [UInt8]) throws -> Sidecar { try JSONDecoder().decode(Sidecar.self, from: Data(data)) }

    /// The dataset key of a sealed folder (tests hold the recipient's private key).
    static func datasetKey(_ dir: URL, privateKey: String) throws -> SymmetricKey {
        let object = try JSONSerialization.jsonObject(with: Data(contentsOf: dir.appendingPathComponent("recipient.json"))) as? [String: Any]
        return try ShardSealer.unwrap(ephemeral: object?["ephemeral_public_key"] as? String ?? "", wrapped: object?["wrapped_key"] as? String ?? "", recipientPrivateKey: privateKey)
    }

    /// Every entry of a folder's parent that genki's staging would leave behind.
    static func stagingLeftovers(beside out: URL) throws -> [String] {
        try FileManager.default.contentsOfDirectory(atPath: out.deletingLastPathComponent().path).filter { $0.hasPrefix(".genki-tmp-") }
    }
}
