import Foundation
import GenkiFixtures
import GenkiPipeline
import Testing

@testable import GenkiShards

/// `genki shard --include-midi` writes the same re-synthesised canonical MIDI as `genki midi
/// canon`: a file stuffing a marker everywhere (`StuffedMIDI`) leaves none of it in the folder.
@Suite struct StuffedMIDIShardTests {
    @Test func noStuffedByteReachesTheShards() async throws {
        let dir = try temporaryDirectory()
        let out = try temporaryDirectory()
        defer { for d in [dir, out] { try? FileManager.default.removeItem(at: d) } }
        try Data(StuffedMIDI.bytes()).write(to: dir.appendingPathComponent("stuffed.mid"))
        var o = options(jobs: 1)
        o.renderMIDI = false
        o.minimumSeconds = 1
        let report = try await ShardPipeline.build(paths: [dir.path], out: out, secret: testSecret, options: o)
        #expect(report.samples == 1, "\(report.failed) \(report.tooShort)")
        let bytes = try folderBytes(out)
        for needle in ["MARK hidden", "MARK", "hidden", "7f3a"] {
            #expect(!contains(bytes, needle), "\(needle) reached the shard folder")
        }
        let members = try ShardBuilder.readShard(out.appendingPathComponent(ShardBuilder.shardName(o.name, 0)))
        #expect(members.contains { $0.name.hasSuffix(".mid") })
        #expect(ShardVerifier.verify(directory: out).passed)
    }
}
