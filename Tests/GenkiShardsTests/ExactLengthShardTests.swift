import Foundation
import GenkiAudio
import GenkiFixtures
import GenkiPipeline
import Testing

@testable import GenkiShards

/// The trainer stacks 30-s clips into one tensor, so a 30.000-s source must give exactly
/// 30 s × 44,100 frames at every source rate (48 and 96 kHz came out one sample short), with and
/// without `--clip 30`; and a source a few frames under 30 s is judged by what would be written.
@Suite struct ExactLengthShardTests {
    static let rates = [22_050, 44_100, 48_000, 96_000]

    static func writeSources(_ dir: URL, seconds: (Int) -> Int) throws {
        for (i, rate) in rates.enumerated() {
            let frames = seconds(rate)
            let x = ChiptuneSynth().render(ChiptuneSynth.Piece(seed: UInt64(700 + i), duration: Double(frames) / Double(rate) + 0.01, sampleRate: rate, channels: 1))
            let w = try AudioWriter(path: dir.appendingPathComponent("s\(rate).wav").path, format: .wavPCM16, sampleRate: rate, channels: 1)
            try w.write(Array(x.prefix(frames)))
            try w.close()
        }
    }

    static func wavFrames(_ out: URL) throws -> [Int] {
        var frames: [Int] = []
        for name in try FileManager.default.contentsOfDirectory(atPath: out.path) where name.hasSuffix(".tar") {
            for m in try TarArchive.read([UInt8](try Data(contentsOf: out.appendingPathComponent(name)))) where m.name.hasSuffix(".wav") {
                frames.append(try #require(WAVEncoder.info(m.data)?.frames))
            }
        }
        return frames
    }

    @Test(arguments: [nil, 30.0] as [Double?])
    func thirtySecondSourcesGiveExactlyThirtySeconds(clip: Double?) async throws {
        let dir = try temporaryDirectory()
        let out = try temporaryDirectory()
        defer { for d in [dir, out] { try? FileManager.default.removeItem(at: d) } }
        try Self.writeSources(dir) { $0 * 30 }
        var o = ShardOptions()
        o.jobs = 2
        o.clipSeconds = clip
        let report = try await ShardPipeline.build(paths: [dir.path], out: out, secret: testSecret, options: o)
        #expect(report.failed.isEmpty && report.tooShort.isEmpty, "\(report.failed) \(report.tooShort)")
        let frames = try Self.wavFrames(out)
        #expect(frames == [Int](repeating: 30 * 44_100, count: Self.rates.count), "\(frames)")
        #expect(ShardVerifier.verify(directory: out).passed)
    }

    @Test func aSourceJustUnderThirtySecondsIsTooShortForAClip() async throws {
        let dir = try temporaryDirectory()
        let out = try temporaryDirectory()
        defer { for d in [dir, out] { try? FileManager.default.removeItem(at: d) } }
        // 30 s minus a frame more than one output frame spans: it rounds below 1,323,000.
        try Self.writeSources(dir) { $0 * 30 - $0 / 44_100 - 2 }
        var o = ShardOptions()
        o.clipSeconds = 30
        let report = try await ShardPipeline.build(paths: [dir.path], out: out, secret: testSecret, options: o)
        #expect(report.samples == 0)
        #expect(report.tooShort.count == Self.rates.count, "\(report.tooShort)")
    }
}
