import Foundation
import GenkiFixtures
import Testing

/// File names that are not UTF-8 (Latin-1 bytes, say) ingest, register and shard like any
/// other: each is read from its own bytes, never confused with another file (issue 13).
@Suite struct RawNameCLITests {
    /// Creates a file whose name is `bytes` inside `dir`.
    static func create(_ dir: URL, name bytes: [UInt8], contents: [UInt8]) throws {
        let path = Array(dir.path.utf8).map { CChar(bitPattern: $0) } + [CChar(bitPattern: 0x2F)] + bytes.map { CChar(bitPattern: $0) } + [0]
        let fd = open(path, O_WRONLY | O_CREAT | O_EXCL, 0o644)
        try #require(fd >= 0)
        defer { close(fd) }
        let written = contents.withUnsafeBytes { write(fd, $0.baseAddress, $0.count) }
        try #require(written == contents.count)
    }

    static func tone(_ k: Int) -> [UInt8] {
        RIFFBuilder.wav(samples: (0..<248_000).map { Int16(6_000 * sin(Double($0) * (0.03 + 0.01 * Double(k)))) }, sampleRate: 8_000, channels: 1)
    }

    @Test func latinOneNamesIngestRegisterAndShardAsThemselves() throws {
        let dir = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        // "a\xFF.wav" and "a\xFE.wav": distinct files whose names are not UTF-8, plus an
        // ordinary one.
        try Self.create(dir, name: Array("a".utf8) + [0xFF] + Array(".wav".utf8), contents: Self.tone(1))
        try Self.create(dir, name: Array("a".utf8) + [0xFE] + Array(".wav".utf8), contents: Self.tone(2))
        try Self.create(dir, name: Array("plain.wav".utf8), contents: Self.tone(3))

        let db = dir.appendingPathComponent("reg.db").path
        let r = try genki("ingest", dir.path, "--jsonl", "--registry", db)
        #expect(r.status == 0, "\(r.stderrText)")
        let records = try r.stdoutText.split(separator: "\n").map { try #require(JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any]) }
        let audio = records.filter { ($0["path"] as? String)?.hasSuffix(".wav") == true }
        #expect(audio.count == 3)
        #expect(audio.allSatisfy { $0["status"] as? String == "ok" })
        // Three different files: three different byte hashes and three paths.
        #expect(Set(audio.compactMap { $0["file_xxh3_128"] as? String }).count == 3)
        #expect(Set(audio.compactMap { $0["path"] as? String }).count == 3)
        let stats = try genki("registry", "stats", db, "--json")
        #expect(stats.stdoutText.contains("\"items\":3") || stats.stdoutText.contains("\"items\" : 3"), "\(stats.stdoutText)")

        let out = dir.appendingPathComponent("shards").path
        let shard = try genki("shard", dir.path, "--out", out, "--secret-file", dir.appendingPathComponent("secret").path)
        #expect(shard.status == 0, "\(shard.stderrText)")
        let manifest = try String(contentsOfFile: out + "/manifest.jsonl", encoding: .utf8)
        #expect(manifest.split(separator: "\n").count == 3)
    }
}
