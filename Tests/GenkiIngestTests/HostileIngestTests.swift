import Foundation
import GenkiFixtures
import GenkiIngest
import Testing

/// A folder of inputs that once crashed the whole run (issue 13) beside a good file: every bad
/// one becomes an error record naming its stage and reason, and the good one is analysed.
@Suite struct HostileIngestTests {
    static func goodWAV() -> [UInt8] {
        let samples = (0..<16_000).map { Int16(8_000 * sin(Double($0) * 0.05)) }
        return RIFFBuilder.wav(samples: samples, sampleRate: 8_000, channels: 1)
    }

    @Test func hostileFilesBecomeErrorRecordsAndTheGoodFileIsAnalysed() async throws {
        let dir = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let files: [(String, [UInt8])] = [
            ("a-rate-500.wav", HostileFixtures.wav(sampleRate: 500, channels: 1)),
            ("b-channels-300.wav", HostileFixtures.wav(sampleRate: 44_100, channels: 300)),
            ("c-float-1e20.wav", HostileFixtures.floatWAV(samples: [Float](repeating: 1e20, count: 8_000))),
            ("d-rf64-huge-ds64.wav", HostileFixtures.rf64()),
            ("e-absurd-ticks.mid", HostileFixtures.absurdTickMIDI()),
            ("z-good.wav", Self.goodWAV()),
        ]
        for (name, bytes) in files { try Data(bytes).write(to: dir.appendingPathComponent(name)) }
        for jobs in [1, 2] {
            let (outcomes, summary) = await runIngest([dir.path], jobs: jobs)
            let records = outcomes.compactMap(\.record)
            #expect(records.count == files.count, "every file gets a record (jobs \(jobs))")
            func record(_ name: String) -> IngestRecord? { records.first { $0.path.hasSuffix("/" + name) } }
            let expected: [(String, String)] = [
                ("a-rate-500.wav", "unsupported sample rate 500 Hz"),
                ("b-channels-300.wav", "unsupported channel count 300"),
                ("c-float-1e20.wav", "corrupt float samples"),
            ]
            for (name, reason) in expected {
                let r = record(name)
                #expect(r?.isOK == false, "\(name)")
                #expect(r?.stage == .decode, "\(name)")
                #expect(r?.reason?.contains(reason) == true, "\(name): \(r?.reason ?? "no reason")")
            }
            // The RF64 file holds 256 real frames: a record either way, never a crash.
            #expect(record("d-rf64-huge-ds64.wav") != nil)
            // The MIDI file parses; its absurd length is for the shard stage to refuse.
            #expect(record("e-absurd-ticks.mid")?.isOK == true)
            #expect((record("e-absurd-ticks.mid")?.midi?.durationSeconds ?? 0) > 1e9)
            let good = record("z-good.wav")
            #expect(good?.isOK == true)
            #expect(good?.format?.frames == 16_000)
            #expect(summary.failed >= expected.count)
        }
    }
}
