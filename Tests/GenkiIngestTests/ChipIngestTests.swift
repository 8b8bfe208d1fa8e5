import Foundation
import GenkiFixtures
import GenkiIngest
import GenkiModel
import Testing

@Suite struct ChipIngestTests {
    /// A folder with a MOD, a VGM and a SID carrying a marker in every text field, an XM that is
    /// noise after its magic, and a WAV: each chip file becomes an audio record named by its
    /// format and engine, in process and through worker processes alike; the broken one gets
    /// an error record and the run goes on; no text field reaches a record.
    @Test func modulesAndChipLogsIngestLikeAudio() async throws {
        let dir = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let marker = "SECRETMARK\(UInt32.random(in: 100_000...999_999))"
        let mod = ChipFixtures.mod(seed: 3, marker: marker)
        let vgm = ChipFixtures.vgm(seed: 3, marker: marker)
        #expect(String(decoding: mod, as: UTF8.self).contains(marker))
        try Data(mod).write(to: dir.appendingPathComponent("tune.mod"))
        try Data(vgm).write(to: dir.appendingPathComponent("log.vgm"))
        try Data(ChipFixtures.psid(seed: 3, songs: 2, marker: marker)).write(to: dir.appendingPathComponent("c64.sid"))
        // Claims to be an XM by its magic; the rest is noise libopenmpt refuses.
        var rng = SplitMix64(seed: 9)
        let broken = Array("Extended Module: ".utf8) + (0..<300).map { _ in UInt8(truncatingIfNeeded: rng.next()) }
        try Data(broken).write(to: dir.appendingPathComponent("broken.xm"))
        try FileManager.default.copyItem(at: fixturesAudio.appendingPathComponent("c-mono-22050-pcm16.wav"), to: dir.appendingPathComponent("a.wav"))
        var runs: [[String: IngestRecord]] = []
        for isolation in [IngestIsolation.inProcess, .workers(WorkerLimits(executable: genkiBinary, arguments: ["worker"]))] {
            var options = IngestOptions(profile: .fp, jobs: 2, includeHidden: false, fingerprints: true)
            options.isolation = isolation
            var records: [String: IngestRecord] = [:]
            _ = await IngestRunner.run(paths: [dir.path], options: options) { outcome in
                if case .record(let r) = outcome { records[URL(fileURLWithPath: r.path).lastPathComponent] = r }
            }
            runs.append(records)
        }
        #expect(runs[0].count == 5)
        for records in runs {
            let tune = try #require(records["tune.mod"])
            #expect(tune.isOK && tune.kind == .audio && tune.format?.container == "mod" && tune.format?.codec == "libopenmpt")
            #expect(tune.fingerprints?.audio.map { $0.frameCount > 20 } == true)
            let log = try #require(records["log.vgm"])
            #expect(log.isOK && log.format?.container == "vgm" && log.format?.codec == "libgme" && log.format?.frames == 24 * 11_025)
            let sid = try #require(records["c64.sid"])
            #expect(sid.isOK && sid.format?.container == "sid" && sid.format?.codec == "libsidplayfp" && sid.format?.durationSeconds == 120)
            #expect(sid.warnings == ["2 subtunes: only the first is rendered and analysed"] && tune.warnings == [])
            let bad = try #require(records["broken.xm"])
            #expect(!bad.isOK && bad.stage == .decode && bad.reason?.hasPrefix("XM: ") == true, "\(bad)")
            #expect(records["a.wav"]?.isOK == true)
            let encoder = JSONEncoder()
            for r in records.values { #expect(!String(decoding: try encoder.encode(r), as: UTF8.self).contains(marker)) }
            let validator = try recordValidator()
            for r in records.values { #expect(try validator.validate(data: try encoder.encode(r)).isEmpty) }
        }
        // The same bytes give the same hashes and fingerprints whichever process rendered them.
        for name in ["tune.mod", "log.vgm", "c64.sid"] {
            #expect(runs[0][name]?.pcmXXH3 == runs[1][name]?.pcmXXH3)
            #expect(runs[0][name]?.fingerprint == runs[1][name]?.fingerprint)
        }
    }

    /// A VGM whose mutated header makes libgme divide by zero (SIGFPE): rendered in a worker
    /// process, it becomes an error record naming the signal, and the files around it are
    /// ingested as usual.
    @Test func aChipLogThatCrashesLibgmeIsAnErrorRecordInWorkers() async throws {
        let dir = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        var crasher = ChipFixtures.vgm(seed: 1)
        for (offset, value) in [(29, 251), (47, 128), (68, 244), (86, 32), (94, 231)] { crasher[offset] = UInt8(value) }
        try Data(crasher).write(to: dir.appendingPathComponent("b-crash.vgm"))
        try Data(ChipFixtures.vgm(seed: 2)).write(to: dir.appendingPathComponent("a-good.vgm"))
        try Data(ChipFixtures.mod(seed: 2)).write(to: dir.appendingPathComponent("c-good.mod"))
        var options = IngestOptions(profile: .fp, jobs: 2, includeHidden: false, fingerprints: true)
        options.isolation = .workers(WorkerLimits(executable: genkiBinary, arguments: ["worker"]))
        var records: [String: IngestRecord] = [:]
        _ = await IngestRunner.run(paths: [dir.path], options: options) { outcome in
            if case .record(let r) = outcome { records[URL(fileURLWithPath: r.path).lastPathComponent] = r }
        }
        #expect(records["a-good.vgm"]?.isOK == true && records["c-good.mod"]?.isOK == true)
        let crashed = try #require(records["b-crash.vgm"])
        #expect(!crashed.isOK && crashed.reason?.contains("signal") == true, "\(crashed)")
    }
}
