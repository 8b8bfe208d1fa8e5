import Foundation
import GenkiFixtures
import GenkiModel
import GenkiRegistry
import GenkiSchema
import Testing

/// A python3 from PATH (the stub submitters are plain Python).
func python3() -> String? {
    for dir in (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin").split(separator: ":") {
        let path = "\(dir)/python3"
        if FileManager.default.isExecutableFile(atPath: path) { return path }
    }
    return nil
}

@Suite struct WeightsCLITests {
    @Test func normalizePrintsWhatTheSDKEmits() throws {
        let text = try genki("weights", "normalize", "--uids", "0,1,2,3", "--weights", "0.1,0.5,0,0.4")
        #expect(text.status == 0 && text.stdoutText == "uids 0,1,3\nweights 13107,65535,52428\n")
        let json = try genki("weights", "normalize", "--uids", "0,1,2,3", "--weights", "0.1,0.5,0,0.4", "--json")
        #expect(json.stdoutText == "{\"uids\":[0,1,3],\"weights\":[13107,65535,52428]}\n")
        let emitSchema = try JSONSchemaValidator(directory: repositoryRoot.appendingPathComponent("schemas"), root: "weights-emit.schema.json")
        #expect(try emitSchema.validate(data: json.stdout).isEmpty)
        let negative = try genki("weights", "normalize", "--uids", "0,1", "--weights=-0.5,1")
        #expect(negative.status == 1 && negative.stderrText.contains("negative"))
    }

    @Test func setWritesWeightsJSONAndMapsSubmitterOutcomes() throws {
        let dir = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let db = dir.appendingPathComponent("v.db").path
        let registry = try Registry(path: db)
        try registry.recordScores([
            ScoreRow(round: "r9", miner: "5Fa", novelty: 1, quality: 1, diversity: 1, volume: 0.5, score: 0.5),
            ScoreRow(round: "r9", miner: "5Fb", novelty: 1, quality: 1, diversity: 1, volume: 1, score: 0.1),
            ScoreRow(round: "r9", miner: "5Fc", novelty: 0, quality: 1, diversity: 1, volume: 1, score: 0),
            ScoreRow(round: "r9", miner: "5Fz", novelty: 1, quality: 1, diversity: 1, volume: 1, score: 0.9),
        ])
        let map = dir.appendingPathComponent("uids.json").path
        try Data(#"{"5Fa": 3, "5Fb": 0, "5Fc": 7}"#.utf8).write(to: URL(fileURLWithPath: map))
        let out = dir.appendingPathComponent("weights.json").path
        let base = ["weights", "set", "--registry", db, "--netuid", "42", "--round", "r9", "--uid-map", map, "--out", out]
        let dry = try run(genkiBinary, base + ["--dry-run"])
        #expect(dry.status == 0, "\(dry.stderrText)")
        let data = try Data(contentsOf: URL(fileURLWithPath: out))
        let schema = try JSONSchemaValidator(directory: repositoryRoot.appendingPathComponent("schemas"), root: "weights.schema.json")
        #expect(try schema.validate(data: data).isEmpty)
        let doc = try JSONSerialization.jsonObject(with: data) as? [String: Any]
        let emit = doc?["emit"] as? [String: [Int]]
        #expect(emit?["uids"] == [0, 3] && emit?["weights"] == [13_107, 65_535], "uid 7 scored 0 and is dropped")
        #expect(doc?["unmapped"] as? [String] == ["5Fz"])

        guard let python = python3() else {
            Issue.record("python3 is needed for the submitter stubs")
            return
        }
        func stub(_ body: String) throws -> String {
            let path = dir.appendingPathComponent("stub-\(abs(body.hashValue)).py").path
            try Data(body.utf8).write(to: URL(fileURLWithPath: path))
            return path
        }
        let cases: [(String, Int32, String)] = [
            (#"print('{"ok": false, "error": "rate_limit", "message": "SettingWeightsTooFast"}')"#, 1, "rate limited"),
            (#"print('{"ok": false, "error": "no_permit", "message": "NeuronNoValidatorPermit"}')"#, 1, "no validator permit"),
            (#"print('{"ok": false, "error": "version_key", "message": "IncorrectWeightVersionKey"}')"#, 1, "version key"),
            (#"print('{"ok": false, "error": "unreachable", "message": "ConnectionRefusedError"}')"#, 1, "unreachable"),
            ("import sys; sys.exit(3)", 1, "no report"),
            (#"print('{"ok": true, "message": "included"}')"#, 0, ""),
        ]
        for (body, status, reason) in cases {
            let result = try run(genkiBinary, base + ["--python", python, "--submitter", try stub(body)])
            #expect(result.status == status, "\(body): \(result.stderrText)")
            #expect(reason.isEmpty || result.stderrText.contains(reason), "\(body): \(result.stderrText)")
        }
        // A submitter that hangs is stopped at the timeout.
        let hang = try run(genkiBinary, base + ["--python", python, "--submitter", try stub("import time; time.sleep(60)"), "--timeout", "1"])
        #expect(hang.status == 1 && hang.stderrText.contains("did not finish within 1 s"))
    }
}
