import Foundation
import GenkiFixtures
import GenkiSchema
import Testing

/// Every input is accounted for and a run that produces nothing says why with exit 1 (issue 14).
@Suite struct NothingSilentCLITests {
    /// A folder of formats genki cannot decode: AAC in MP4, Monkey's Audio, WMA, notes.
    static func unsupportedFolder(_ dir: URL) throws -> URL {
        let folder = dir.appendingPathComponent("in")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let files: [(String, [UInt8])] = [
            ("a.m4a", [0, 0, 0, 0x20] + Array("ftypM4A ".utf8) + [UInt8](repeating: 0, count: 24)),
            ("b.ape", Array("MAC ".utf8) + [UInt8](repeating: 0, count: 120)),
            ("c.wma", [0x30, 0x26, 0xB2, 0x75, 0x8E, 0x66, 0xCF, 0x11] + [UInt8](repeating: 0, count: 60)),
            ("notes.txt", Array("hello\n".utf8)),
        ]
        for (name, bytes) in files { try Data(bytes).write(to: folder.appendingPathComponent(name)) }
        return folder
    }

    @Test func ingestNamesEverySkippedFormatAndExitsOneWhenNothingIsIngested() throws {
        let dir = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let folder = try Self.unsupportedFolder(dir)
        let text = try genki("ingest", folder.path, "--quiet")
        #expect(text.status == 1)
        #expect(text.stderrText.contains("nothing was ingested"), "\(text.stderrText)")
        for (name, reason) in [("a.m4a", "AAC/M4A"), ("b.ape", "Monkey's Audio (APE)"), ("c.wma", "WMA"), ("notes.txt", "not audio or MIDI")] {
            #expect(text.stdoutText.split(separator: "\n").contains { $0.hasPrefix("skip ") && $0.contains(reason) && $0.hasSuffix(name) }, "\(name)")
        }
        let jsonl = try genki("ingest", folder.path, "--jsonl", "--quiet")
        #expect(jsonl.stdoutText.split(separator: "\n").count == 4)
        #expect(jsonl.stdoutText.contains("\"status\":\"skipped\""))
    }

    @Test func shardSaysWhyItWroteNothing() throws {
        let dir = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let secret = dir.appendingPathComponent("secret").path
        // Only unsupported formats.
        let folder = try Self.unsupportedFolder(dir)
        let a = try genki("shard", folder.path, "--out", dir.appendingPathComponent("a").path, "--secret-file", secret, "--quiet")
        #expect(a.status == 1)
        #expect(a.stderrText.contains("no samples were written") && a.stderrText.contains("4 inputs skipped"), "\(a.stderrText)")
        #expect(a.stdoutText.contains("1 skipped: AAC/M4A") && a.stdoutText.contains("1 skipped: Monkey's Audio (APE)"), "\(a.stdoutText)")
        let json = try genki("shard", folder.path, "--out", dir.appendingPathComponent("a2").path, "--secret-file", secret, "--quiet", "--json")
        #expect(json.status == 1)
        let summary = try JSONValue.parse(json.stdout)
        let validator = try JSONSchemaValidator(directory: repositoryRoot.appendingPathComponent("schemas"), root: "shard-summary.schema.json")
        #expect(try validator.validate(summary).isEmpty, "\(json.stdoutText)")
        #expect(summary["samples"] == .number(0))
        guard case .array(let skipped)? = summary["skipped"] else {
            Issue.record("no skipped array")
            return
        }
        #expect(skipped.count == 4 && skipped.allSatisfy { $0["count"] == .number(1) })
        // Only MIDI, without a flag that includes it.
        let midi = repositoryRoot.appendingPathComponent("fixtures/midi/good").path
        let count = try FileManager.default.contentsOfDirectory(atPath: midi).count
        let b = try genki("shard", midi, "--out", dir.appendingPathComponent("b").path, "--secret-file", secret, "--quiet")
        #expect(b.status == 1)
        #expect(b.stdoutText.contains("\(count) MIDI files left out: add --render-midi"), "\(b.stdoutText)")
        #expect(b.stderrText.contains("no samples were written: \(count) MIDI files left out"), "\(b.stderrText)")
        // The local report names each with its reason.
        let report = dir.appendingPathComponent("report.tsv").path
        _ = try genki("shard", folder.path, midi, "--out", dir.appendingPathComponent("c").path, "--secret-file", secret, "--quiet", "--report", report)
        let lines = try String(contentsOfFile: report, encoding: .utf8).split(separator: "\n")
        #expect(lines.filter { $0.hasPrefix("skipped\t") }.count == 4)
        #expect(lines.filter { $0.hasPrefix("midi-left-out\t") }.count == count)
    }
}

/// `shard --registry` records what was sharded, so `audit sketch` covers exactly that: not the
/// duplicate it dropped, nor the piece too short to shard (issue 14).
@Suite struct ShardRegistryCLITests {
    @Test func theSketchOfAShardedDatasetCoversTheShardedSourcesOnly() throws {
        let dir = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let audio = repositoryRoot.appendingPathComponent("fixtures/audio").path
        let inputs = try FileManager.default.contentsOfDirectory(atPath: audio).count
        let db = dir.appendingPathComponent("r.sqlite").path
        let report = dir.appendingPathComponent("report.tsv").path
        let write = try genki(
            "shard", audio, "--out", dir.appendingPathComponent("s").path, "--clip", "1", "--secret-file", dir.appendingPathComponent("k").path,
            "--registry", db, "--report", report, "--quiet")
        #expect(write.status == 0, "\(write.stderrText)")
        let notSharded = try String(contentsOfFile: report, encoding: .utf8).split(separator: "\n").count
        #expect(notSharded >= 1, "the fixtures hold a WAV and its FLAC: one is dropped")
        let sharded = inputs - notSharded
        #expect(write.stdoutText.contains("\(sharded) sharded sources recorded in registry dataset genki"), "\(write.stdoutText)")
        let sketchFile = dir.appendingPathComponent("sketch.json").path
        let sketch = try genki("audit", "sketch", "--registry", db, "--dataset", "genki", "--miner", "m", "--round", "r", "--seed", "s", "--out", sketchFile)
        #expect(sketch.status == 0, "\(sketch.stderrText)")
        let doc = try JSONValue.parse(Data(contentsOf: URL(fileURLWithPath: sketchFile)))
        #expect(doc["items"] == .number(Double(sharded)))
    }
}

/// `--files-from LIST` gives the same run as the same paths on the command line.
@Suite struct FilesFromCLITests {
    @Test func aListGivesTheSameRecordsAsArguments() throws {
        let dir = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let audio = repositoryRoot.appendingPathComponent("fixtures/audio")
        let names = try FileManager.default.contentsOfDirectory(atPath: audio.path).sorted().prefix(4).map { audio.appendingPathComponent($0).path }
        let list = dir.appendingPathComponent("list").path
        try Data(names.joined(separator: "\0").utf8).write(to: URL(fileURLWithPath: list))
        let direct = try run(genkiBinary, ["ingest", "--jsonl", "--quiet"] + names)
        let listed = try genki("ingest", "--jsonl", "--quiet", "--files-from", list)
        #expect(direct.status == 0 && listed.status == 0)
        #expect(listed.stdout == direct.stdout && direct.stdoutText.split(separator: "\n").count == 4)
        #expect(try genki("ingest", "--files-from", dir.appendingPathComponent("missing").path).status == 1)
        #expect(try genki("ingest", "--jsonl").status == 2, "no inputs at all is a usage error")
    }
}
