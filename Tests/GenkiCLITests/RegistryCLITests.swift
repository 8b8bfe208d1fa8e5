import Foundation
import GenkiCore
import GenkiFixtures
import GenkiMIDI
import GenkiRegistry
import GenkiSchema
import Testing

/// A folder of `count` distinct generated MIDI files (seeds from `firstSeed`).
func midiFolder(count: Int, firstSeed: UInt64) throws -> URL {
    let dir = try temporaryDirectory()
    for i in 0..<count {
        let seed = firstSeed + UInt64(i)
        try Data(GenkiMIDIBytes.piece(seed: seed)).write(to: dir.appendingPathComponent(String(format: "song-%05d.mid", i)))
    }
    return dir
}

/// Starts `genki` with arguments and returns the running child (output discarded).
func startGenki(_ arguments: [String]) throws -> ChildProcess.Running {
    try ChildProcess.start(genkiBinary, arguments, environment: testEnvironment())
}

@Suite(.serialized) struct RegistryCLITests {
    @Test func ingestRecordsIntoARegistryAndStatsExportShowReadIt() throws {
        let dir = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let db = dir.appendingPathComponent("r.db").path
        #expect(try genki("registry", "init", db).status == 0)
        let midi = repositoryRoot.appendingPathComponent("fixtures/midi/good").path
        let ingest = try genki("ingest", midi, "--registry", db, "--dataset", "demo", "--miner", "5Fminer", "--quiet")
        #expect(ingest.status == 0, "\(ingest.stderrText)")
        let files = try FileManager.default.contentsOfDirectory(atPath: midi).count
        let stats = try genki("registry", "stats", db, "--json")
        let schemas = repositoryRoot.appendingPathComponent("schemas")
        #expect(try JSONSchemaValidator(directory: schemas, root: "registry-stats.schema.json").validate(data: stats.stdout).isEmpty)
        let parsed = try JSONSerialization.jsonObject(with: stats.stdout) as? [String: Any]
        #expect(parsed?["items"] as? Int == files)
        #expect(parsed?["midi_items"] as? Int == files)
        #expect(parsed?["journal_mode"] as? String == "wal")

        let export = try genki("registry", "export", db)
        let lines = export.stdoutText.split(separator: "\n")
        #expect(lines.count == files)
        let validator = try JSONSchemaValidator(directory: schemas, root: "registry-item.schema.json")
        for line in lines { #expect(try validator.validate(data: Data(line.utf8)).isEmpty) }
        #expect(!export.stdoutText.contains("fixtures/"), "export must not carry paths by default")
        let withPaths = try genki("registry", "export", db, "--include-paths")
        #expect(withPaths.stdoutText.contains("fixtures/midi/good"))

        let show = try genki("registry", "show", db, "1")
        #expect(show.status == 0)
        #expect(try validator.validate(data: show.stdout).isEmpty)
        let missing = try genki("registry", "show", db, "ffffffffffffffffffffffffffffffff")
        #expect(missing.status == 1 && missing.stderrText.contains("not in registry"))
    }

    @Test func severalProcessesWritingAtOnceLoseNoRows() throws {
        let folders = try (0..<3).map { try midiFolder(count: 400, firstSeed: UInt64(10_000 * ($0 + 1))) }
        let dir = try temporaryDirectory()
        defer { for f in folders + [dir] { try? FileManager.default.removeItem(at: f) } }
        let db = dir.appendingPathComponent("shared.db").path
        // All three open a registry that does not exist yet: they also race on its creation.
        let processes = try folders.enumerated().map { i, folder in
            try startGenki(["ingest", folder.path, "--registry", db, "--dataset", "d\(i)", "--jobs", "1", "--quiet"])
        }
        #expect(processes.map { $0.wait() } == [0, 0, 0])
        let registry = try Registry(path: db)
        #expect(try registry.stats().items == 1_200)
        #expect(try registry.stats().datasets == 3)
        #expect(try registry.integrityCheck() == "ok")
    }

    @Test func killNineAtAnyMomentLeavesAConsistentRegistryAndARerunCompletesIt() throws {
        let folder = try midiFolder(count: 1_500, firstSeed: 77_000)
        let dir = try temporaryDirectory()
        defer { for f in [folder, dir] { try? FileManager.default.removeItem(at: f) } }
        let db = dir.appendingPathComponent("r.db").path
        // Kill points: before the first commit can have happened, and after 1, 2 and 4 batches.
        for target in [0, 256, 512, 1_024] {
            let process = try startGenki(["ingest", folder.path, "--registry", db, "--jobs", "1", "--quiet"])
            if target > 0 {
                // Wait (bounded) until the registry shows at least `target` committed items.
                let deadline = Date().addingTimeInterval(60)
                while Date() < deadline {
                    if let r = try? Registry(path: db, migrate: false), let n = try? r.stats().items, n >= target { break }
                    if !process.isRunning { break }
                    usleep(2_000)
                }
            }
            process.send(SIGKILL)
            process.wait()
            let registry = try Registry(path: db)
            #expect(try registry.integrityCheck() == "ok")
            let items = try registry.items(withFingerprints: false)
            #expect(Set(items.map(\.path)).count == items.count, "no duplicate rows")
            #expect(items.count % 256 == 0 || items.count == 1_500, "only whole batches are visible")
        }
        let rerun = try genki("ingest", folder.path, "--registry", db, "--quiet")
        #expect(rerun.status == 0)
        let registry = try Registry(path: db)
        #expect(try registry.stats().items == 1_500)
        #expect(try registry.integrityCheck() == "ok")
    }
}

@Suite struct AuditCLITests {
    @Test func minerSketchValidatorAuditSpotCheckAndScoreEndToEnd() throws {
        let dir = try temporaryDirectory()
        let honestFolder = try midiFolder(count: 12, firstSeed: 40_000)
        let otherFolder = try midiFolder(count: 12, firstSeed: 50_000)
        defer { for f in [dir, honestFolder, otherFolder] { try? FileManager.default.removeItem(at: f) } }
        let minerDB = dir.appendingPathComponent("miner.db").path
        let validatorDB = dir.appendingPathComponent("validator.db").path
        #expect(try genki("ingest", honestFolder.path, "--registry", minerDB, "--dataset", "mine", "--miner", "5Fhonest", "--quiet").status == 0)
        // The validator already knows another miner's data (which the copier then re-submits).
        #expect(try genki("ingest", otherFolder.path, "--registry", validatorDB, "--dataset", "known", "--miner", "5Fother", "--quiet").status == 0)
        #expect(try genki("ingest", otherFolder.path, "--registry", minerDB, "--dataset", "copied", "--miner", "5Fcopier", "--quiet").status == 0)
        let round = ["--round", "r1", "--seed", "0xabc"]
        let honestSketch = dir.appendingPathComponent("honest.json").path
        let copierSketch = dir.appendingPathComponent("copier.json").path
        #expect(try run(genkiBinary, ["audit", "sketch", "--registry", minerDB, "--dataset", "mine", "--miner", "5Fhonest", "--out", honestSketch] + round).status == 0)
        #expect(try run(genkiBinary, ["audit", "sketch", "--registry", minerDB, "--dataset", "copied", "--miner", "5Fcopier", "--out", copierSketch] + round).status == 0)
        #expect(try Registry(path: minerDB).stats().datasetVersions == 2, "each sketched dataset got a version")
        let sketchText = try String(contentsOfFile: honestSketch, encoding: .utf8)
        #expect(!sketchText.contains(honestFolder.path) && !sketchText.contains("song-"), "a sketch carries no paths")
        let schemas = repositoryRoot.appendingPathComponent("schemas")
        #expect(try JSONSchemaValidator(directory: schemas, root: "audit-sketch.schema.json").validate(data: Data(sketchText.utf8)).isEmpty)

        let audit = try run(genkiBinary, ["audit", "--registry", validatorDB, honestSketch, copierSketch] + round)
        #expect(audit.status == 0, "\(audit.stderrText)")
        let reports = audit.stdoutText.split(separator: "\n").compactMap { try? JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any] }
        #expect(reports.count == 2)
        #expect(reports.first { $0["miner"] as? String == "5Fhonest" }?["novelty"] as? Double == 1)
        #expect(reports.first { $0["miner"] as? String == "5Fcopier" }?["novelty"] as? Double == 0)

        let response = dir.appendingPathComponent("response.json").path
        let challenge = ["--challenge-seed", "0xlater", "--count", "4"]
        #expect(try run(genkiBinary, ["audit", "respond", "--registry", minerDB, "--dataset", "mine", "--sketch", honestSketch, "--out", response] + round + challenge).status == 0)
        let verified = try run(genkiBinary, ["audit", "verify", "--sketch", honestSketch, "--response", response] + round + challenge)
        #expect(verified.status == 0)
        let verdictSchema = try JSONSchemaValidator(directory: schemas, root: "audit-verification.schema.json")
        #expect(try verdictSchema.validate(data: verified.stdout).isEmpty)
        // The copier's sketch answered with the honest miner's response fails.
        let wrong = try run(genkiBinary, ["audit", "verify", "--sketch", copierSketch, "--response", response] + round + challenge)
        #expect(wrong.status == 1 && wrong.stdoutText.contains("\"passed\":false"))
        #expect(try verdictSchema.validate(data: wrong.stdout).isEmpty)

        let score = try run(genkiBinary, ["score", "--registry", validatorDB, "--round", "r1", "--jsonl"])
        #expect(score.status == 0)
        let validator = try JSONSchemaValidator(directory: schemas, root: "score.schema.json")
        let lines = score.stdoutText.split(separator: "\n")
        #expect(lines.count == 2)
        for line in lines { #expect(try validator.validate(data: Data(line.utf8)).isEmpty) }
        #expect(score.stdoutText.contains("\"miner\":\"5Fcopier\",\"novelty\":0,"))
    }
}

@Suite struct DedupRegistryCLITests {
    @Test func dedupRecordsItsRunAndANewCopyIsDroppedAgainstTheRegistry() throws {
        let dir = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let db = dir.appendingPathComponent("r.db").path
        let midi = repositoryRoot.appendingPathComponent("fixtures/midi/good").path
        let first = try genki("dedup", midi, "--registry", db, "--jsonl")
        #expect(first.status == 0, "\(first.stderrText)")
        let registry = try Registry(path: db)
        let files = try FileManager.default.contentsOfDirectory(atPath: midi).count
        #expect(try registry.stats().items == files)
        #expect(try registry.stats().dedupRuns == 1)
        let members = try registry.dedupMembers(run: 1)
        #expect(members.count == files, "the fixture encodings of one piece form one cluster")
        #expect(members.filter(\.kept).count == 1)

        // A new copy elsewhere, deduplicated against the registry: the registered file is kept.
        let fresh = dir.appendingPathComponent("new")
        try FileManager.default.createDirectory(at: fresh, withIntermediateDirectories: true)
        let source = try #require(try FileManager.default.contentsOfDirectory(atPath: midi).sorted().first)
        try FileManager.default.copyItem(atPath: midi + "/" + source, toPath: fresh.appendingPathComponent("copy.mid").path)
        let drop = dir.appendingPathComponent("drop.txt").path
        let second = try genki("dedup", fresh.path, "--against", db, "--drop-list", drop)
        #expect(second.status == 0, "\(second.stderrText)")
        #expect(try String(contentsOfFile: drop, encoding: .utf8) == fresh.appendingPathComponent("copy.mid").path + "\n")
    }
}
