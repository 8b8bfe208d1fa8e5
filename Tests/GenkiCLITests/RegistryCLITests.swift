import Foundation
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

/// Starts `genki` with arguments and returns the running process (output discarded).
func startGenki(_ arguments: [String]) throws -> Process {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: genkiBinary)
    process.arguments = arguments
    process.standardOutput = FileHandle.nullDevice
    process.standardError = FileHandle.nullDevice
    process.standardInput = FileHandle.nullDevice
    try process.run()
    return process
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
        for p in processes { p.waitUntilExit() }
        #expect(processes.allSatisfy { $0.terminationStatus == 0 })
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
            kill(process.processIdentifier, SIGKILL)
            process.waitUntilExit()
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
