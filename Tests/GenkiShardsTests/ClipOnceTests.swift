import Foundation
import GenkiAudio
import GenkiFixtures
import GenkiPipeline
import Testing

@testable import GenkiShards

/// `--clip` decodes each source once and cuts every clip from that decode (issue 13: a
/// 10-minute file took 851 CPU-s at --clip 10 when each clip decoded the whole source).
@Suite(.serialized) struct ClipOnceTests {
    @Test func everyClipOfASourceComesFromOneDecodeAndMatchesItsSlice() async throws {
        // 95 s: nine 10-s clips (the last 5 s are dropped). Two sources, so the spool holds
        // clips of more than one file.
        let dir = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        var pieces: [[Int16]] = []
        for seed: UInt64 in [21, 22] {
            var pcm: [Int16] = []
            for k in 0..<4 { pcm += TaggedCollection.pcm(TaggedCollection.piece(seed * 10 + UInt64(k))) }
            pcm = Array(pcm.prefix(95 * 44_100))
            #expect(pcm.count == 95 * 44_100)
            pieces.append(pcm)
            try Data(WAVEncoder.encode(pcm, sampleRate: 44_100)).write(to: dir.appendingPathComponent("s\(seed).wav"))
        }
        var outputs: [[UInt8]] = []
        for jobs in [1, 2] {
            let out = try temporaryDirectory()
            defer { try? FileManager.default.removeItem(at: out) }
            var o = options(jobs: jobs)
            o.clipSeconds = 10
            let report = try await ShardPipeline.build(paths: [dir.path], out: out, secret: testSecret, options: o)
            #expect(report.samples == 18)
            #expect(report.sourceDecodes == 2, "one decode per source, not one per clip")
            #expect(report.failed.isEmpty)
            let members = try ShardBuilder.readShard(out.appendingPathComponent(ShardBuilder.shardName(o.name, 0)))
            // Each clip's audio is exactly a 10-s slice of its source's one decode.
            let slices = Set(pieces.flatMap { p in (0..<9).map { c in Array(p[(c * 441_000)..<((c + 1) * 441_000)]) } })
            let wavs = members.filter { $0.name.hasSuffix(".wav") }
            #expect(wavs.count == 18)
            for w in wavs {
                let body = Array(w.data.dropFirst(44))
                let samples = stride(from: 0, to: body.count - 1, by: 2).map { Int16(bitPattern: UInt16(body[$0]) | UInt16(body[$0 + 1]) << 8) }
                #expect(slices.contains(samples))
            }
            outputs.append(members.flatMap { $0.data })
        }
        #expect(outputs[0] == outputs[1])
    }
}
