import Foundation
import GenkiSchema
import Testing

let testPython = repositoryRoot.appendingPathComponent(".venv-test/bin/python").path

@Suite struct ShardCLITests {
    /// The shards load in real consumers: Python webdataset and Hugging Face datasets read every
    /// sample back (WAV decoded with soundfile, JSON parsed), with the manifest's keys and hashes.
    @Test func shardsSealOpenVerifyUnpackAndLoadInWebdatasetAndHFDatasets() throws {
        let dir = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let out = dir.appendingPathComponent("shards").path, opened = dir.appendingPathComponent("opened").path
        let secret = dir.appendingPathComponent("secret").path, report = dir.appendingPathComponent("report.tsv").path
        let priv = dir.appendingPathComponent("recipient.key").path, pub = dir.appendingPathComponent("recipient.pub").path
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
            let read = try run(testPython, [repositoryRoot.appendingPathComponent("bench/read_shards.py").path, loader, opened], timeout: 300)
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
        #expect(try genki("shard", repositoryRoot.appendingPathComponent("fixtures/audio").path, "--out", out.path,
                          "--secret-file", dir.appendingPathComponent("s").path, "--clip", "1").status == 0)
        let shard = out.appendingPathComponent("genki-000000.tar")
        var bytes = [UInt8](try Data(contentsOf: shard))
        bytes[bytes.count / 2] ^= 0x55
        try Data(bytes).write(to: shard)
        let verify = try genki("shard", "verify", out.path)
        #expect(verify.status == 1 && verify.stdoutText.contains("checksum mismatch"))
    }
}
