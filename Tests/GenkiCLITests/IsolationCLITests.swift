import Foundation
import GenkiFixtures
import Testing

/// Decoding in worker processes (the default of ingest, dedup and shard): a decoder that
/// crashes, hangs, blocks or runs out of memory on one file costs that file, never the run.
/// Faults are injected through `GENKI_WORKER_FAULT` (crash / hang / block / memory on a path
/// suffix), so every kind is exercised whatever the decoders' current bugs are.
@Suite(.serialized) struct IsolationCLITests {
    static let fault = "GENKI_WORKER_FAULT"

    /// `good` distinct 31-s sines and `bad` files whose names end in `-crash.wav` (valid WAVs:
    /// only the injected fault makes them fail).
    static func mixedFolder(good: Int, bad: Int) throws -> URL {
        let dir = try temporaryDirectory()
        func wav(_ k: Int) -> [UInt8] {
            RIFFBuilder.wav(samples: (0..<248_000).map { Int16(6_000 * sin(Double($0) * (0.03 + 0.004 * Double(k)))) }, sampleRate: 8_000, channels: 1)
        }
        for k in 0..<good { try Data(wav(k)).write(to: dir.appendingPathComponent(String(format: "good-%02d.wav", k))) }
        for k in 0..<bad { try Data(wav(100 + k)).write(to: dir.appendingPathComponent(String(format: "f%02d-crash.wav", k))) }
        return dir
    }

    static func records(_ r: CommandResult) throws -> [[String: Any]] {
        try r.stdoutText.split(separator: "\n").map {
            try #require(JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any])
        }
    }

    @Test func isolatedIngestEqualsInProcessIngest() throws {
        let audio = repositoryRoot.appendingPathComponent("fixtures/audio").path
        let midi = repositoryRoot.appendingPathComponent("fixtures/midi/good").path
        for jobs in ["1", "2"] {
            let isolated = try genki("ingest", audio, midi, "--profile", "fp", "--fingerprint", "--jsonl", "--jobs", jobs)
            let inProcess = try genki("ingest", audio, midi, "--profile", "fp", "--fingerprint", "--jsonl", "--jobs", jobs, "--in-process")
            #expect(isolated.status == inProcess.status)
            #expect(!isolated.stdout.isEmpty)
            #expect(isolated.stdout == inProcess.stdout, "jobs \(jobs)")
        }
    }

    @Test func dozensOfCrashingFilesAmongGoodOnesFinishWithOneRecordEach() throws {
        let dir = try Self.mixedFolder(good: 8, bad: 24)
        defer { try? FileManager.default.removeItem(at: dir) }
        let r = try run(genkiBinary, ["ingest", dir.path, "--profile", "fp", "--jsonl", "--jobs", "2"], environment: [Self.fault: "crash:-crash.wav"])
        #expect(r.status == 1)
        let records = try Self.records(r)
        #expect(records.count == 32)
        for record in records {
            let path = try #require(record["path"] as? String)
            if path.hasSuffix("-crash.wav") {
                #expect(record["status"] as? String == "error")
                #expect(record["stage"] as? String == "decode")
                #expect((record["reason"] as? String)?.contains("crashed on this file (signal 11") == true, "\(record)")
            } else {
                #expect(record["status"] as? String == "ok", "\(path)")
            }
        }
    }

    /// A fault injected in the worker, the limit flag that must stop it, and what the file's
    /// record must then say.
    struct LimitCase: Sendable, CustomTestStringConvertible {
        var fault: String
        var flags: [String]
        var reason: String
        var testDescription: String { fault }
    }

    /// A spinning worker (`hang`) computes, so its wall-time windows renew however busy the
    /// machine is: only its CPU limit stops it. At a tenth of a core (`slow`), 1 CPU-s takes
    /// about 10 s of wall time, past two 4-s windows that each see far more than 1 % CPU. A
    /// worker blocked without CPU (`block`) is cut at its first window; a runaway allocation
    /// (`memory`) dies at the address-space limit.
    @Test(arguments: [
        LimitCase(fault: "hang", flags: ["--file-cpu-seconds", "1"], reason: "stopped after 1 CPU-s"),
        LimitCase(fault: "slow", flags: ["--file-cpu-seconds", "1"], reason: "stopped after 1 CPU-s"),
        LimitCase(fault: "block", flags: ["--file-cpu-seconds", "1"], reason: "stopped when 4 s of wall time passed with almost no CPU used"),
        LimitCase(fault: "memory", flags: ["--worker-memory-mib", "512"], reason: "crashed on this file"),
    ])
    func aWorkerPastALimitCostsOneFileAndTheRunGoesOn(_ limit: LimitCase) throws {
        let dir = try Self.mixedFolder(good: 2, bad: 1)
        defer { try? FileManager.default.removeItem(at: dir) }
        let r = try run(genkiBinary, ["ingest", dir.path, "--profile", "fp", "--jsonl"] + limit.flags, environment: [Self.fault: "\(limit.fault):-crash.wav"])
        #expect(r.status == 1)
        let records = try Self.records(r)
        #expect(records.count == 3)
        let bad = try #require(records.first { ($0["path"] as? String)?.hasSuffix("-crash.wav") == true })
        #expect((bad["reason"] as? String)?.contains(limit.reason) == true, "\(bad)")
        #expect(records.filter { $0["status"] as? String == "ok" }.count == 2)
    }

    @Test func dedupAndShardFinishPastACrashingFile() throws {
        let dir = try Self.mixedFolder(good: 3, bad: 2)
        defer { try? FileManager.default.removeItem(at: dir) }
        let environment = [Self.fault: "crash:-crash.wav"]
        let dedup = try run(genkiBinary, ["dedup", dir.path, "--jsonl"], environment: environment)
        #expect(dedup.status == 1)
        #expect(dedup.stderrText.contains("crashed on this file") || dedup.stdoutText.contains("crashed on this file"))
        let out = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: out) }
        let secret = out.appendingPathComponent("secret").path
        let shards = out.appendingPathComponent("shards").path
        let shard = try run(genkiBinary, ["shard", dir.path, "--out", shards, "--secret-file", secret], environment: environment)
        #expect(shard.status == 1)
        // The good files are sharded.
        let manifest = try String(contentsOfFile: shards + "/manifest.jsonl", encoding: .utf8)
        #expect(manifest.split(separator: "\n").count == 3)
    }

    @Test func isolationLimitsAreRangeChecked() throws {
        for args in [["--file-cpu-seconds", "0"], ["--worker-memory-mib", "10"]] {
            let r = try run(genkiBinary, ["ingest", repositoryRoot.appendingPathComponent("fixtures/audio").path] + args)
            #expect(r.status == 2, "\(args)")
        }
    }

    /// A chip file whose first subtune crashes its worker still gives its other subtunes: a
    /// fresh worker counts them, the crash is the first subtune's record, and the rest are
    /// ingested as usual (also when the file is named on its own).
    @Test func aCrashOnAFilesFirstSubtuneCostsThatSubtuneOnly() throws {
        let dir = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        try Data(ChipFixtures.mod(seed: 31, patterns: 3, subsongs: true)).write(to: dir.appendingPathComponent("three.mod"))
        try Data(ChipFixtures.mod(seed: 32)).write(to: dir.appendingPathComponent("zone.mod"))
        for inputs in [[dir.path], [dir.appendingPathComponent("three.mod").path]] {
            let r = try run(genkiBinary, ["ingest"] + inputs + ["--profile", "fp", "--jsonl", "--jobs", "2"], environment: [Self.fault: "crash:three.mod"])
            #expect(r.status == 1)
            let records = try Self.records(r)
            let names = records.compactMap { ($0["path"] as? String).map { String($0.dropFirst(dir.path.count + 1)) } }
            #expect(names == ["three.mod/subtune-1", "three.mod/subtune-2", "three.mod/subtune-3"] + (inputs.count == 1 && inputs[0] == dir.path ? ["zone.mod"] : []))
            let first = try #require(records.first)
            #expect(first["status"] as? String == "error" && (first["reason"] as? String)?.contains("crashed on this file") == true, "\(first)")
            #expect((first["chip"] as? [String: Any])?["subtunes"] as? Int == 3)
            #expect(records.dropFirst().allSatisfy { $0["status"] as? String == "ok" })
        }
    }
}
