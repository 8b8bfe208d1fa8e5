import Foundation
import GenkiFixtures
import Testing

/// The CLI over inputs and flags that once crashed the process, escaped `--out` or deleted a
/// user's file (issue 13).
@Suite(.serialized) struct HostileInputCLITests {
    /// 31 s of a sine at 8 kHz: long enough for one 30 s clip.
    static func goodWAV() -> [UInt8] {
        RIFFBuilder.wav(samples: (0..<248_000).map { Int16(8_000 * sin(Double($0) * 0.05)) }, sampleRate: 8_000, channels: 1)
    }

    static func folder(_ files: [(String, [UInt8])]) throws -> URL {
        let dir = try temporaryDirectory()
        for (name, bytes) in files { try Data(bytes).write(to: dir.appendingPathComponent(name)) }
        return dir
    }

    @Test func ingestOfAFolderOfCrashersFinishesWithErrorRecordsAndExitOne() throws {
        let dir = try Self.folder([
            ("a-rate-500.wav", HostileFixtures.wav(sampleRate: 500, channels: 1)),
            ("b-channels-300.wav", HostileFixtures.wav(sampleRate: 44_100, channels: 300)),
            ("c-float-1e20.wav", HostileFixtures.floatWAV(samples: [Float](repeating: 1e20, count: 8_000))),
            ("d-rf64.wav", HostileFixtures.rf64()),
            ("z-good.wav", Self.goodWAV()),
        ])
        defer { try? FileManager.default.removeItem(at: dir) }
        let result = try genki("ingest", dir.path, "--jsonl", "--jobs", "2")
        #expect(result.status == 1, "\(result.stderrText)")
        let lines = result.stdoutText.split(separator: "\n").map(String.init)
        #expect(lines.count == 5)
        for (name, reason) in [("a-rate-500.wav", "sample rate 500 Hz"), ("b-channels-300.wav", "channel count 300"), ("c-float-1e20.wav", "corrupt float samples")] {
            let line = lines.first { $0.contains(name) } ?? ""
            #expect(line.contains("\"status\":\"error\"") && line.contains("\"stage\":\"decode\"") && line.contains(reason), "\(name): \(line)")
        }
        #expect(lines.contains { $0.contains("z-good.wav") && $0.contains("\"status\":\"ok\"") })
    }

    @Test func shardRenderMIDIWithClipsRefusesAnAbsurdTickMIDIAndWritesTheGoodFile() throws {
        let input = try Self.folder([("absurd.mid", HostileFixtures.absurdTickMIDI()), ("good.wav", Self.goodWAV())])
        let work = try temporaryDirectory()
        defer { for d in [input, work] { try? FileManager.default.removeItem(at: d) } }
        let out = work.appendingPathComponent("out")
        let report = work.appendingPathComponent("report.tsv")
        let result = try genki(
            "shard", input.path, "--out", out.path, "--render-midi", "--clip", "30", "--jobs", "2",
            "--secret-file", work.appendingPathComponent("secret").path, "--report", report.path)
        #expect(result.status == 1, "\(result.stderrText)")
        #expect(result.stdoutText.hasPrefix("1 samples in 1 shards"), "\(result.stdoutText)")
        let lines = try String(contentsOf: report, encoding: .utf8).split(separator: "\n")
        #expect(lines.count == 1 && lines[0].hasPrefix("failed\t") && lines[0].hasSuffix("absurd.mid") && lines[0].contains("limit"), "\(lines)")
    }

    @Test func outOfRangeNumericOptionsAreUsageErrors() throws {
        let dir = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let out = dir.appendingPathComponent("out").path
        let cases: [[String]] = [
            ["shard", dir.path, "--out", out, "--clip", "1e-300"],
            ["shard", dir.path, "--out", out, "--clip", "1e-9"],
            ["shard", dir.path, "--out", out, "--clip", "nan"],
            ["shard", dir.path, "--out", out, "--jobs", "2305843009213693952"],
            ["shard", dir.path, "--out", out, "--max-samples", "0"],
            ["shard", dir.path, "--out", out, "--max-bytes", "9223372036854775807"],
            ["ingest", dir.path, "--jobs", "2305843009213693952"],
            ["ingest", dir.path, "--jobs", "0"],
            ["dedup", dir.path, "--jobs", "9223372036854775807"],
            ["dedup", "merge", dir.path, "--world-size", "0"],
            ["midi", "render", "x.mid", out, "--max-seconds", "1e300"],
            ["midi", "render", "x.mid", out, "--voices", "100000"],
            ["audit", "challenge", "--sketch", "s", "--challenge-seed", "x", "--count", "2305843009213693952"],
        ]
        for arguments in cases {
            let result = try run(genkiBinary, arguments)
            #expect(result.status == 2, "\(arguments): \(result.stderrText)")
        }
        #expect(!FileManager.default.fileExists(atPath: out))
    }

    @Test func shardNameTraversalIsAUsageErrorAndWritesNothing() throws {
        let input = try Self.folder([("good.wav", Self.goodWAV())])
        let work = try temporaryDirectory()
        defer { for d in [input, work] { try? FileManager.default.removeItem(at: d) } }
        let out = work.appendingPathComponent("a/b/out")
        for name in ["../../x", "sub/x", ".hidden"] {
            let result = try genki("shard", input.path, "--out", out.path, "--name", name, "--secret-file", work.appendingPathComponent("secret").path)
            #expect(result.status == 2, "\(name): \(result.stderrText)")
        }
        #expect(try FileManager.default.contentsOfDirectory(atPath: work.path).isEmpty)
    }

    @Test func aUsersHiddenTmpFileInTheOutputFolderSurvives() throws {
        let input = try Self.folder([("good.wav", Self.goodWAV())])
        let work = try temporaryDirectory()
        defer { for d in [input, work] { try? FileManager.default.removeItem(at: d) } }
        let out = work.appendingPathComponent("out")
        try FileManager.default.createDirectory(at: out, withIntermediateDirectories: true)
        let draft = out.appendingPathComponent(".thesis-draft.tmp")
        try Data("chapter 1".utf8).write(to: draft)
        let result = try genki("shard", input.path, "--out", out.path, "--clip", "30", "--secret-file", work.appendingPathComponent("secret").path)
        #expect(result.status == 0, "\(result.stderrText)")
        #expect(try Data(contentsOf: draft) == Data("chapter 1".utf8))
        #expect(!(try FileManager.default.contentsOfDirectory(atPath: out.path)).contains { $0.hasPrefix(".genki-tmp-") })
    }
}
