import Foundation
import GenkiChip
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
                if case .record(let r) = outcome { records[String(r.path.dropFirst(dir.path.count + 1))] = r }
            }
            runs.append(records)
        }
        #expect(runs[0].count == 6)
        for records in runs {
            let tune = try #require(records["tune.mod"])
            #expect(tune.isOK && tune.kind == .audio && tune.format?.container == "mod" && tune.format?.codec == "libopenmpt")
            #expect(tune.fingerprints?.audio.map { $0.frameCount > 20 } == true)
            let log = try #require(records["log.vgm"])
            #expect(log.isOK && log.format?.container == "vgm" && log.format?.codec == "libgme" && log.format?.frames == 24 * 11_025)
            let sid = try #require(records["c64.sid/subtune-1"])
            #expect(sid.isOK && sid.format?.container == "sid" && sid.format?.codec == "libsidplayfp" && sid.format?.durationSeconds == 120)
            #expect(sid.chip == IngestRecord.ChipSummary(subtune: 1, subtunes: 2, canonicalXXH3: sid.chip?.canonicalXXH3))
            #expect(records["c64.sid/subtune-2"]?.chip?.subtune == 2 && sid.warnings == [] && tune.warnings == [])
            let bad = try #require(records["broken.xm"])
            #expect(!bad.isOK && bad.stage == .decode && bad.reason?.hasPrefix("XM: ") == true, "\(bad)")
            #expect(records["a.wav"]?.isOK == true)
            let encoder = JSONEncoder()
            for r in records.values { #expect(!String(decoding: try encoder.encode(r), as: UTF8.self).contains(marker)) }
            let validator = try recordValidator()
            for r in records.values { #expect(try validator.validate(data: try encoder.encode(r)).isEmpty) }
        }
        // The same bytes give the same hashes and fingerprints whichever process rendered them.
        for name in ["tune.mod", "log.vgm", "c64.sid/subtune-1", "c64.sid/subtune-2"] {
            #expect(runs[0][name]?.pcmXXH3 == runs[1][name]?.pcmXXH3)
            #expect(runs[0][name]?.fingerprint == runs[1][name]?.fingerprint)
        }
    }

    /// Each subtune of a chip file is its own item, `<file>/subtune-<n>`, emitted in subtune
    /// order in its file's place whatever `jobs` is: its own render, PCM hash and file hash (the
    /// file's bytes and the subtune number). `subtunes` caps the items per file and says so on
    /// the first; a subtune the file lacks is an error record naming it.
    @Test func everySubtuneIsAnItem() async throws {
        let dir = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        // Modules whose patterns each loop on themselves: one subsong per pattern.
        try Data(ChipFixtures.mod(seed: 5, patterns: 3, subsongs: true)).write(to: dir.appendingPathComponent("a.mod"))
        try Data(ChipFixtures.vgm(seed: 5)).write(to: dir.appendingPathComponent("b.vgm"))
        try Data(ChipFixtures.mod(seed: 6, patterns: 2, subsongs: true)).write(to: dir.appendingPathComponent("c.mod"))
        func run(jobs: Int, subtunes: Int = IngestOptions.defaultSubtunes, paths: [String]? = nil) async -> ([IngestRecord], IngestSummary) {
            var options = IngestOptions(profile: .genki, jobs: jobs, includeHidden: false, fingerprints: false)
            options.subtunes = subtunes
            var records: [IngestRecord] = []
            let summary = await IngestRunner.run(paths: paths ?? [dir.path], options: options) { outcome in
                if case .record(let r) = outcome { records.append(r) }
            }
            return (records, summary)
        }
        let (records, summary) = await run(jobs: 1)
        let names = records.map { String($0.path.dropFirst(dir.path.count + 1)) }
        #expect(names == ["a.mod/subtune-1", "a.mod/subtune-2", "a.mod/subtune-3", "b.vgm", "c.mod/subtune-1", "c.mod/subtune-2"])
        #expect(records.allSatisfy { $0.isOK })
        #expect(records.map { $0.chip?.subtune } == [1, 2, 3, 1, 1, 2] && records.map { $0.chip?.subtunes } == [3, 3, 3, 1, 2, 2])
        #expect(summary.files == 3 && summary.subtuneItems == 3 && summary.ok == 6 && summary.failed == 0)
        #expect(Set(records.compactMap { $0.fileXXH3 }).count == 6 && Set(records.compactMap { $0.pcmXXH3 }).count == 6)
        // Each subsong carries its own notes: one pattern of 32 melody and 8 bass notes each.
        #expect(records.filter { $0.format?.container == "mod" }.allSatisfy { $0.module?.notes == 40 })
        #expect(records[0].sizeBytes == records[1].sizeBytes && summary.bytes == records[0].sizeBytes! + records[3].sizeBytes! + records[4].sizeBytes!)
        // The same output with parallel jobs.
        let (parallel, parallelSummary) = await run(jobs: 4)
        #expect(parallel == records && parallelSummary == summary)
        // Capped: the first item of a file with more says so.
        let (capped, cappedSummary) = await run(jobs: 2, subtunes: 2)
        #expect(capped.map { $0.path } == [records[0].path, records[1].path, records[3].path, records[4].path, records[5].path])
        #expect(capped[0].warnings == ["3 subtunes: the first 2 are ingested (--subtunes)"] && capped[2].warnings == [])
        #expect(cappedSummary.subtuneItems == 2)
        // A subtune named as an input is that one item, not its file's.
        let (named, namedSummary) = await run(jobs: 2, paths: [dir.appendingPathComponent("a.mod/subtune-1").path, dir.appendingPathComponent("c.mod/subtune-2").path])
        #expect(named == [records[0], records[5]] && namedSummary.files == 2 && namedSummary.subtuneItems == 0)
        // A subtune by its item path; a missing one is an error record.
        let ingestor = FileIngestor(profile: .genki)
        let second = dir.appendingPathComponent("a.mod/subtune-2").path
        #expect(ingestor.ingest(path: second).record == records[1])
        let missing = ingestor.ingest(path: dir.appendingPathComponent("c.mod/subtune-3").path).record
        #expect(missing?.isOK == false && missing?.stage == .decode && missing?.reason == "MOD: subtune 3 does not exist (the file has 2)")
        let notChip = ingestor.ingest(path: fixturesAudio.appendingPathComponent("c-mono-22050-pcm16.wav/subtune-1").path).record
        #expect(notChip?.isOK == false && notChip?.stage == .sniff)
        // A FIFO below a subtune name is never opened (opening it would block).
        let fifo = dir.appendingPathComponent("pipe.nsf")
        #expect(mkfifo(fifo.path, 0o600) == 0)
        let piped = ingestor.ingest(path: fifo.appendingPathComponent("subtune-1").path).record
        #expect(piped?.isOK == false && piped?.stage == .open && piped?.reason == "not a regular file")
    }

    /// Copies that differ only in their text fields share the canonical hash (and the PCM
    /// hash) but not the file hash, for every format genki can strip; no marker reaches a record
    /// (XM, S3M, IT, NSF, NSFe, GBS and SPC here; MOD, VGM and SID above).
    @Test func textOnlyCopiesShareTheCanonicalHash() async throws {
        let dir = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let makers: [(ext: String, make: (UInt64, String) -> [UInt8])] = [
            ("mod", { ChipFixtures.mod(seed: $0, marker: $1) }), ("xm", { ChipFixtures.xm(seed: $0, marker: $1) }),
            ("s3m", { ChipFixtures.s3m(seed: $0, marker: $1) }), ("it", { ChipFixtures.it(seed: $0, marker: $1) }),
            ("nsf", { ChipFixtures.nsf(seed: $0, marker: $1) }), ("nsfe", { ChipFixtures.nsfe(seed: $0, marker: $1) }),
            ("gbs", { ChipFixtures.gbs(seed: $0, marker: $1) }), ("spc", { ChipFixtures.spc(seed: $0, marker: $1) }),
            ("vgm", { ChipFixtures.vgm(seed: $0, marker: $1) }),
        ]
        let markers = ["ALICEMARK\(UInt32.random(in: 100_000...999_999))", "BOBMARK\(UInt32.random(in: 100_000...999_999))"]
        for m in makers {
            for (k, marker) in markers.enumerated() {
                let bytes = m.make(4, marker)
                // GD3 tags are UTF-16LE; every other format's text is 8-bit.
                let utf16 = Array(marker.utf16.flatMap { [UInt8(truncatingIfNeeded: $0), UInt8(truncatingIfNeeded: $0 >> 8)] })
                let carried = String(decoding: bytes, as: UTF8.self).contains(marker) || bytes.indices.contains { bytes[$0...].starts(with: utf16) }
                #expect(carried, "\(m.ext) carries no marker")
                try Data(bytes).write(to: dir.appendingPathComponent("\(m.ext)-\(k).\(m.ext)"))
            }
            try Data(m.make(5, "")).write(to: dir.appendingPathComponent("\(m.ext)-other.\(m.ext)"))
        }
        var records: [String: IngestRecord] = [:]
        _ = await IngestRunner.run(paths: [dir.path], options: IngestOptions(profile: .genki, jobs: 2)) { outcome in
            if case .record(let r) = outcome { records[String(r.path.dropFirst(dir.path.count + 1))] = r }
        }
        let encoder = JSONEncoder()
        for m in makers {
            let a = try #require(records["\(m.ext)-0.\(m.ext)"])
            let b = try #require(records["\(m.ext)-1.\(m.ext)"])
            let other = try #require(records["\(m.ext)-other.\(m.ext)"])
            #expect(a.isOK && b.isOK && other.isOK, "\(m.ext): \(a.reason ?? "") \(b.reason ?? "")")
            let canonical = try #require(a.chip?.canonicalXXH3, "\(m.ext) has no canonical hash")
            #expect(b.chip?.canonicalXXH3 == canonical && a.fileXXH3 != b.fileXXH3 && a.pcmXXH3 == b.pcmXXH3, "\(m.ext)")
            #expect(other.chip?.canonicalXXH3 != canonical, "\(m.ext): other music, same canonical hash")
        }
        for r in records.values {
            let text = String(decoding: try encoder.encode(r), as: UTF8.self)
            #expect(!markers.contains { text.contains($0) } && !text.contains("MARK"))
        }
    }

    /// A VGZ is inflated by genki within 64 MiB, never by libgme (which has no bound): the VGZ
    /// of a tagged VGM and the untagged VGM share the canonical hash and the PCM, and a VGZ that
    /// inflates past the bound (libgme took 2 GB for a 1 MB one) or fails its CRC is an error
    /// record in process, where running out of memory would end the run.
    @Test func aVGZIsInflatedWithinItsBound() async throws {
        let dir = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let tagged = try #require(GzipFixture.compress(ChipFixtures.vgm(seed: 6, marker: "ALICEMARK")))
        try Data(ChipFixtures.vgm(seed: 6)).write(to: dir.appendingPathComponent("a.vgm"))
        try Data(tagged).write(to: dir.appendingPathComponent("b.vgz"))
        // 64 MiB of 1/60 s waits after a VGM header: a 64 KiB file.
        let header = Array(ChipFixtures.vgm(seed: 6).prefix(0x40))
        let bomb = try #require(GzipFixture.compress(header + [UInt8](repeating: 0x62, count: 64 << 20)))
        try Data(bomb).write(to: dir.appendingPathComponent("c-bomb.vgz"))
        var corrupt = tagged
        corrupt[corrupt.count - 6] ^= 0xFF  // the CRC
        try Data(corrupt).write(to: dir.appendingPathComponent("d-corrupt.vgz"))
        var records: [String: IngestRecord] = [:]
        _ = await IngestRunner.run(paths: [dir.path], options: IngestOptions(profile: .genki, jobs: 2)) { outcome in
            if case .record(let r) = outcome { records[String(r.path.dropFirst(dir.path.count + 1))] = r }
        }
        let vgm = try #require(records["a.vgm"])
        let vgz = try #require(records["b.vgz"])
        #expect(vgm.isOK && vgz.isOK, "\(vgm.reason ?? "") \(vgz.reason ?? "")")
        #expect(vgz.format?.container == "vgz" && vgz.fileXXH3 != vgm.fileXXH3 && vgz.pcmXXH3 == vgm.pcmXXH3)
        #expect(vgz.chip?.canonicalXXH3 != nil && vgz.chip?.canonicalXXH3 == vgm.chip?.canonicalXXH3)
        let bombRecord = try #require(records["c-bomb.vgz"])
        #expect(bombRecord.reason == "VGZ: cannot open: gzip data inflates to over 64 MiB", "\(bombRecord.reason ?? "ok")")
        let corruptRecord = try #require(records["d-corrupt.vgz"])
        #expect(corruptRecord.reason == "VGZ: cannot open: gzip data is corrupt (incorrect data check)", "\(corruptRecord.reason ?? "ok")")
    }

    /// An AY file whose second track libgme would crash on loses that track only: its first
    /// track is an item like any other, the second an error record of its own.
    @Test func anAYFileWithOneBadTrackKeepsItsGoodOne() async throws {
        let dir = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        try Data(ChipFixtures.ayTwoTracks(seed: 2, blockPointer: 0x7F00)).write(to: dir.appendingPathComponent("rip.ay"))
        var records: [String: IngestRecord] = [:]
        _ = await IngestRunner.run(paths: [dir.path], options: IngestOptions(profile: .genki, jobs: 2)) { outcome in
            if case .record(let r) = outcome { records[String(r.path.dropFirst(dir.path.count + 1))] = r }
        }
        #expect(records.count == 2)
        let first = try #require(records["rip.ay/subtune-1"])
        #expect(first.isOK && first.chip?.subtunes == 2, "\(first.reason ?? "")")
        let second = try #require(records["rip.ay/subtune-2"])
        #expect(second.stage == .decode && second.reason == "AY: cannot open: AY track 2, data block 1 points outside the file (libgme crashes on it)")
    }

    /// libgme crashes genki cannot tell from a file's bytes (`fuzz/contained/gme`: a Game Boy or
    /// PC Engine rip whose program runs its CPU past $FFFF, SIGSEGV) are contained: rendered in a
    /// worker process, each becomes an error record naming the signal, and the files around it
    /// are ingested as usual. A VGM whose mutated header once made libgme divide by zero (SIGFPE)
    /// is now refused before libgme sees it (`GMEPreflight`), with its reason.
    @Test func aChipLogThatCrashesLibgmeIsAnErrorRecordInWorkers() async throws {
        let dir = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        var crashers: [String] = []
        let contained = repositoryRoot.appendingPathComponent("fuzz/contained/gme")
        for name in try FileManager.default.contentsOfDirectory(atPath: contained.path).sorted() where name.hasSuffix(".bin") {
            // A `gme` fuzz input: a selector byte, then the file.
            let file = Array(try Data(contentsOf: contained.appendingPathComponent(name)).dropFirst())
            let format = try #require(ChipFormat.sniff(Array(file.prefix(ChipFormat.headerLength)), fileName: name), "\(name) is no chip file")
            let crasher = "b-\(name.dropLast(4)).\(format.rawValue)"
            try Data(file).write(to: dir.appendingPathComponent(crasher))
            crashers.append(crasher)
        }
        #expect(crashers.count >= 2, "fuzz/contained/gme holds \(crashers.count) crashers")
        var refused = ChipFixtures.vgm(seed: 1)
        for (offset, value) in [(29, 251), (47, 128), (68, 244), (86, 32), (94, 231)] { refused[offset] = UInt8(value) }
        try Data(refused).write(to: dir.appendingPathComponent("b-refused.vgm"))
        try Data(ChipFixtures.vgm(seed: 2)).write(to: dir.appendingPathComponent("a-good.vgm"))
        try Data(ChipFixtures.mod(seed: 2)).write(to: dir.appendingPathComponent("c-good.mod"))
        try Data(ChipFixtures.gbs(seed: 2)).write(to: dir.appendingPathComponent("c-good.gbs"))
        var options = IngestOptions(profile: .fp, jobs: 2, includeHidden: false, fingerprints: true)
        options.isolation = .workers(WorkerLimits(executable: genkiBinary, arguments: ["worker"]))
        // Records by path below `dir`: a file with several subtunes (a HES has 256) has one per
        // subtune, `<file>/subtune-<n>`.
        var records: [String: IngestRecord] = [:]
        _ = await IngestRunner.run(paths: [dir.path], options: options) { outcome in
            if case .record(let r) = outcome { records[String(r.path.dropFirst(dir.path.count + 1))] = r }
        }
        for good in ["a-good.vgm", "c-good.mod", "c-good.gbs"] { #expect(records[good]?.isOK == true, "\(good): \(records[good]?.reason ?? "no record")") }
        for crasher in crashers {
            let first = try #require(records[crasher] ?? records[crasher + "/subtune-1"], "no record for \(crasher)")
            #expect(!first.isOK && first.reason?.contains("signal") == true, "\(crasher): \(first.reason ?? "ok")")
            #expect(!records.contains { $0.key.hasPrefix(crasher) && $0.value.isOK }, "a subtune of \(crasher) rendered")
        }
        let refusal = try #require(records["b-refused.vgm"])
        #expect(!refusal.isOK && refusal.reason?.contains("YM2612 clock has flag bits only") == true, "\(refusal.reason ?? "ok")")
    }
}
