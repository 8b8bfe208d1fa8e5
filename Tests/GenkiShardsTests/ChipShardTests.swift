import Foundation
import GenkiFixtures
import GenkiPipeline
import Testing

@testable import GenkiShards

/// Modules and chip music shard as their renders: a MOD, an XM, an S3M, an IT, a VGM, an NSF, an
/// NSFe, a GBS, an SPC and a SID carrying a marker in every text field, and a module with two subsongs, become
/// WAV samples that verify (each subtune its
/// own sample, rendered again from its subtune), and no marker byte reaches the folder.
@Suite struct ChipShardTests {
    @Test func rendersShardAndNoTextFieldReachesTheFolder() async throws {
        let dir = try temporaryDirectory()
        let out = try temporaryDirectory()
        defer { for d in [dir, out] { try? FileManager.default.removeItem(at: d) } }
        let marker = "CHIPMARK\(UInt32.random(in: 100_000...999_999))"
        try Data(ChipFixtures.mod(seed: 7, marker: marker)).write(to: dir.appendingPathComponent("tune.mod"))
        try Data(ChipFixtures.vgm(seed: 7, marker: marker)).write(to: dir.appendingPathComponent("log.vgm"))
        try Data(ChipFixtures.psid(seed: 7, marker: marker)).write(to: dir.appendingPathComponent("c64.sid"))
        try Data(ChipFixtures.mod(seed: 8, patterns: 2, subsongs: true, marker: marker)).write(to: dir.appendingPathComponent("two.mod"))
        let logs: [(String, [UInt8])] = [
            ("a.xm", ChipFixtures.xm(seed: 7, marker: marker)), ("b.nsf", ChipFixtures.nsf(seed: 7, marker: marker)),
            ("c.nsfe", ChipFixtures.nsfe(seed: 7, marker: marker)), ("d.gbs", ChipFixtures.gbs(seed: 7, marker: marker)),
            ("e.spc", ChipFixtures.spc(seed: 7, marker: marker)), ("f.s3m", ChipFixtures.s3m(seed: 12, marker: marker)),
            ("g.it", ChipFixtures.it(seed: 13, marker: marker)),
        ]
        for (name, bytes) in logs {
            #expect(contains(bytes, marker), "\(name) carries no marker")
            try Data(bytes).write(to: dir.appendingPathComponent(name))
        }
        var o = options(jobs: 2)
        o.minimumSeconds = 1
        let report = try await ShardPipeline.build(paths: [dir.path], out: out, secret: testSecret, options: o)
        #expect(report.samples == 12 && report.failed.isEmpty, "\(report.samples) \(report.failed) \(report.tooShort) \(report.duplicates)")
        let bytes = try folderBytes(out)
        for needle in [marker, "CHIPMARK"] {
            #expect(!contains(bytes, needle), "\(needle) reached the shard folder")
        }
        let members = try ShardBuilder.readShard(out.appendingPathComponent(ShardBuilder.shardName(o.name, 0)))
        let waves = members.filter { $0.name.hasSuffix(".wav") }
        #expect(waves.count == 12 && Set(waves.map { $0.data }).count == 12)
        #expect(ShardVerifier.verify(directory: out).passed)
    }

    /// A subtune named as an input shards from its file, also when the file has one subtune.
    @Test func aNamedSubtuneShardsFromItsFile() async throws {
        let dir = try temporaryDirectory()
        let out = try temporaryDirectory()
        defer { for d in [dir, out] { try? FileManager.default.removeItem(at: d) } }
        try Data(ChipFixtures.mod(seed: 10)).write(to: dir.appendingPathComponent("one.mod"))
        try Data(ChipFixtures.mod(seed: 11, patterns: 2, subsongs: true)).write(to: dir.appendingPathComponent("two.mod"))
        var o = options(jobs: 1)
        o.minimumSeconds = 1
        let inputs = [dir.appendingPathComponent("one.mod/subtune-1").path, dir.appendingPathComponent("two.mod/subtune-2").path]
        let report = try await ShardPipeline.build(paths: inputs, out: out, secret: testSecret, options: o)
        #expect(report.samples == 2 && report.failed.isEmpty, "\(report.failed)")
        #expect(ShardVerifier.verify(directory: out).passed)
    }
}
