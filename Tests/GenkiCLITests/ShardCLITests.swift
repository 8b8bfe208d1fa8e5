import Foundation
import GenkiFixtures
import GenkiSchema
import Testing

let testPython = repositoryRoot.appendingPathComponent(".venv-test/bin/python").path

@Suite struct ShardCLITests {
    /// The shards load in real consumers: Python webdataset and Hugging Face datasets read every
    /// sample back (WAV decoded with soundfile, JSON parsed), with the manifest's keys and hashes.
    @Test func shardsSealOpenVerifyUnpackAndLoadInWebdatasetAndHFDatasets() throws {
        let dir = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let out = dir.appendingPathComponent("shards").path
        let opened = dir.appendingPathComponent("opened").path
        let secret = dir.appendingPathComponent("secret").path
        let report = dir.appendingPathComponent("report.tsv").path
        let priv = dir.appendingPathComponent("recipient.key").path
        let pub = dir.appendingPathComponent("recipient.pub").path
        #expect(try genki("shard", "keygen", "--private-key", priv, "--public-key", pub).status == 0)
        let audio = repositoryRoot.appendingPathComponent("fixtures/audio").path
        let write = try genki("shard", audio, "--out", out, "--secret-file", secret, "--clip", "1", "--encrypt-to", pub, "--report", report)
        #expect(write.status == 0, "\(write.stderrText)")
        #expect(!write.stdoutText.contains(audio) && !write.stderrText.contains(audio), "no paths on stdout or stderr")
        #expect(try String(contentsOfFile: report, encoding: .utf8).contains("duplicate\t"), "the local report names the dropped duplicate")
        #expect(try genki("shard", "verify", out).status == 1, "sealed shards are not plain shards")
        #expect(try genki("shard", "open", out, "--key", priv, "--out", opened).status == 0)
        let verify = try genki("shard", "verify", opened)
        #expect(verify.status == 0, "\(verify.stdoutText)")

        // The manifest: key → wav sha256.
        var expected: [String: String] = [:]
        for line in try String(contentsOfFile: opened + "/manifest.jsonl", encoding: .utf8).split(separator: "\n") {
            let object = try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any]
            let members = object?["members"] as? [String: [String: Any]]
            if let key = object?["key"] as? String, let sha = members?["wav"]?["sha256"] as? String { expected[key] = sha }
        }
        #expect(expected.count >= 10)
        for loader in ["webdataset", "datasets"] {
            let read = try run(testPython, [repositoryRoot.appendingPathComponent("bench/read_shards.py").path, loader, opened])
            #expect(read.status == 0, "\(loader): \(read.stderrText.suffix(500))")
            var seen: [String: String] = [:]
            for line in read.stdoutText.split(separator: "\n") {
                let object = try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any]
                guard let key = object?["key"] as? String, let sha = object?["wav_sha256"] as? String else { continue }
                seen[key] = sha
                #expect(object?["frames"] as? Int == 44_100 && object?["sample_rate"] as? Int == 44_100)
            }
            #expect(seen == expected, "\(loader) reads every sample with the manifest's hashes")
        }

        let flat = dir.appendingPathComponent("flat").path
        #expect(try genki("shard", "unpack", opened, flat).status == 0)
        let files = try FileManager.default.contentsOfDirectory(atPath: flat)
        #expect(files.filter { $0.hasSuffix(".wav") }.count == expected.count)
        #expect(files.filter { $0.hasSuffix(".json") }.count == expected.count)
    }

    @Test func verifyRejectsATamperedFolder() throws {
        let dir = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let out = dir.appendingPathComponent("shards")
        #expect(
            try genki(
                "shard", repositoryRoot.appendingPathComponent("fixtures/audio").path, "--out", out.path,
                "--secret-file", dir.appendingPathComponent("s").path, "--clip", "1"
            ).status == 0)
        let shard = out.appendingPathComponent("genki-000000.tar")
        var bytes = [UInt8](try Data(contentsOf: shard))
        bytes[bytes.count / 2] ^= 0x55
        try Data(bytes).write(to: shard)
        let verify = try genki("shard", "verify", out.path)
        #expect(verify.status == 1 && verify.stdoutText.contains("checksum mismatch"))
    }
}

/// `verify`, `unpack` and `open` on folders that lie (issue 13), through the CLI.
@Suite struct ShardTamperCLITests {
    /// A plain shard folder written by the CLI from the audio fixtures (1 s clips).
    static func writeFolder(_ dir: URL) throws -> URL {
        let out = dir.appendingPathComponent("shards")
        let write = try genki(
            "shard", repositoryRoot.appendingPathComponent("fixtures/audio").path, "--out", out.path,
            "--secret-file", dir.appendingPathComponent("s").path, "--clip", "1")
        #expect(write.status == 0, "\(write.stderrText)")
        return out
    }

    /// SHA256SUMS recomputed for the files it lists, as a forger would.
    static func fixSums(_ out: URL) throws {
        let text = try String(contentsOf: out.appendingPathComponent("SHA256SUMS"), encoding: .utf8)
        var fixed = ""
        for line in text.split(separator: "\n") {
            let name = String(line.dropFirst(66))
            let sum = try run("/usr/bin/sha256sum", [out.appendingPathComponent(name).path]).stdoutText.prefix(64)
            #expect(sum.count == 64)
            fixed += "\(sum)  \(name)\n"
        }
        try Data(fixed.utf8).write(to: out.appendingPathComponent("SHA256SUMS"))
    }

    @Test func unpackRefusesWhatVerifyRefusesNamingTheReasonAndWritesNothing() throws {
        let dir = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let out = try Self.writeFolder(dir)
        // A duplicated manifest line, with SHA256SUMS rewritten to match.
        let manifest = out.appendingPathComponent("manifest.jsonl")
        let text = try String(contentsOf: manifest, encoding: .utf8)
        try Data((text + text.split(separator: "\n")[0] + "\n").utf8).write(to: manifest)
        try Self.fixSums(out)
        let verify = try genki("shard", "verify", out.path)
        #expect(verify.status == 1)
        #expect(verify.stdoutText.contains("problem: manifest.jsonl: line"), "\(verify.stdoutText)")
        #expect(verify.stdoutText.contains("(duplicate manifest line)"))
        let flat = dir.appendingPathComponent("flat")
        let unpack = try genki("shard", "unpack", out.path, flat.path)
        #expect(unpack.status == 1)
        #expect(unpack.stderrText.contains("duplicate manifest line"), "\(unpack.stderrText)")
        #expect(!unpack.stdoutText.contains("unpacked"))
        #expect(!FileManager.default.fileExists(atPath: flat.path))
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir.path).allSatisfy { !$0.hasPrefix(".genki-tmp-") })
    }

    @Test func aStrayTarIsRefusedByVerifyAndUnpack() throws {
        let dir = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let out = try Self.writeFolder(dir)
        try FileManager.default.copyItem(at: out.appendingPathComponent("genki-000000.tar"), to: out.appendingPathComponent("bonus.tar"))
        let verify = try genki("shard", "verify", out.path)
        #expect(verify.status == 1 && verify.stdoutText.contains("problem: bonus.tar: stray file"), "\(verify.stdoutText)")
        let unpack = try genki("shard", "unpack", out.path, dir.appendingPathComponent("flat").path)
        #expect(unpack.status == 1 && unpack.stderrText.contains("bonus.tar: stray file"), "\(unpack.stderrText)")
        #expect(!FileManager.default.fileExists(atPath: dir.appendingPathComponent("flat").path))
    }

    @Test func openRefusesAGroupReadableKeyAndADroppedShard() throws {
        let dir = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let priv = dir.appendingPathComponent("r.key").path
        let pub = dir.appendingPathComponent("r.pub").path
        #expect(try genki("shard", "keygen", "--private-key", priv, "--public-key", pub).status == 0)
        let out = dir.appendingPathComponent("sealed")
        let write = try genki(
            "shard", repositoryRoot.appendingPathComponent("fixtures/audio").path, "--out", out.path,
            "--secret-file", dir.appendingPathComponent("s").path, "--clip", "1", "--max-samples", "4", "--encrypt-to", pub)
        #expect(write.status == 0, "\(write.stderrText)")
        let opened = dir.appendingPathComponent("opened")
        chmod(priv, 0o644)
        let loose = try genki("shard", "open", out.path, "--key", priv, "--out", opened.path)
        #expect(loose.status == 1 && loose.stderrText.contains("chmod 600"), "\(loose.stderrText)")
        #expect(!FileManager.default.fileExists(atPath: opened.path))
        chmod(priv, 0o600)
        let sealed = try FileManager.default.contentsOfDirectory(atPath: out.path).filter { $0.hasSuffix(".tar.sealed") }.sorted()
        #expect(sealed.count >= 2)
        let last = try #require(sealed.last)
        try FileManager.default.removeItem(at: out.appendingPathComponent(last))
        let dropped = try genki("shard", "open", out.path, "--key", priv, "--out", opened.path)
        #expect(dropped.status == 1 && dropped.stderrText.contains("\(last): listed in sealed.json but missing (a dropped shard)"), "\(dropped.stderrText)")
        #expect(!FileManager.default.fileExists(atPath: opened.path))
        #expect(try genki("shard", "verify", out.path).stdoutText.contains("a dropped shard"))
    }
}

/// `genki shard --include-source` (issue 16) from the command line: the chip sources ride along
/// metadata-free, the file genki cannot strip is counted and named in the local report, the
/// summary and sidecars fit their schemas, and Python webdataset and Hugging Face datasets read
/// every sample with its source member.
@Suite struct ChipSourceCLITests {
    @Test func includeSourceWritesStrippedSourcesAndCountsTheOthers() throws {
        let dir = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let input = dir.appendingPathComponent("in")
        try FileManager.default.createDirectory(at: input, withIntermediateDirectories: true)
        let marker = "CLIMARK\(UInt32.random(in: 100_000...999_999))"
        var odd = ChipFixtures.xm(seed: 21)
        for (k, b) in Array("OpenMPT (own build)!".utf8).enumerated() { odd[38 + k] = b }  // a tracker name genki cannot map
        for (name, bytes) in [("a.mod", ChipFixtures.mod(seed: 5, marker: marker)), ("b.xm", ChipFixtures.xm(seed: 6, marker: marker)), ("c.xm", odd)] {
            try Data(bytes).write(to: input.appendingPathComponent(name))
        }
        let out = dir.appendingPathComponent("shards").path
        let report = dir.appendingPathComponent("report.tsv").path
        let run1 = try genki(
            "shard", input.path, "--out", out, "--secret-file", dir.appendingPathComponent("secret").path, "--clip", "1", "--include-source", "--json",
            "--quiet", "--report", report)
        #expect(run1.status == 0, "\(run1.stderrText)")
        let summary = try JSONValue.parse(run1.stdout)
        let validator = try JSONSchemaValidator(directory: repositoryRoot.appendingPathComponent("schemas"), root: "shard-summary.schema.json")
        #expect(try validator.validate(summary).isEmpty, "\(run1.stdoutText)")
        #expect(summary["source_left_out"] == .number(1))
        let lines = try String(contentsOfFile: report, encoding: .utf8).split(separator: "\n")
        #expect(lines.filter { $0.hasPrefix("source-left-out\t") && $0.hasSuffix("c.xm") }.count == 1)
        #expect(try genki("shard", "verify", out).status == 0)
        // Sidecars against their schema; which members each sample has.
        let sample = try JSONSchemaValidator(directory: repositoryRoot.appendingPathComponent("schemas"), root: "shard-sample.schema.json")
        var extensionsPerSample: [String: Set<String>] = [:]
        for line in try String(contentsOfFile: out + "/manifest.jsonl", encoding: .utf8).split(separator: "\n") {
            let object = try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any]
            let key = try #require(object?["key"] as? String)
            extensionsPerSample[key] = Set((object?["members"] as? [String: Any])?.keys.map { $0 } ?? [])
        }
        let withSource = extensionsPerSample.values.filter { !$0.isDisjoint(with: ["mod", "xm"]) }.count
        #expect(withSource > 0 && withSource < extensionsPerSample.count, "clips of a.mod and b.xm carry their source, c.xm's do not")
        let tar = try Data(contentsOf: URL(fileURLWithPath: out + "/genki-000000.tar"))
        #expect(tar.range(of: Data(marker.utf8)) == nil, "a marker reached the shard")
        let flat = dir.appendingPathComponent("flat").path
        #expect(try genki("shard", "unpack", out, flat).status == 0)
        for name in try FileManager.default.contentsOfDirectory(atPath: flat) where name.hasSuffix(".json") {
            let value = try JSONValue.parse(try Data(contentsOf: URL(fileURLWithPath: flat + "/" + name)))
            #expect(try sample.validate(value).isEmpty, "\(name)")
        }
        for loader in ["webdataset", "datasets"] {
            let read = try run(testPython, [repositoryRoot.appendingPathComponent("bench/read_shards.py").path, loader, out])
            #expect(read.status == 0, "\(loader): \(read.stderrText.suffix(500))")
            let records = read.stdoutText.split(separator: "\n")
            #expect(records.count == extensionsPerSample.count, "\(loader)")
            #expect(records.filter { $0.contains("\"source_ext\": \"mod\"") || $0.contains("\"source_ext\": \"xm\"") }.count == withSource, "\(loader)")
        }
    }
}
