import Foundation
import GRDBSQLite
import GenkiAudit
import GenkiCore
import GenkiFingerprint
import GenkiMIDI
import GenkiModel
import GenkiRegistry

/// Registry bulk insert against raw sqlite3 (same schema, same upsert, one transaction, through
/// SQLite's C API), and an audit of a large sketch against a large registry.
enum RegistryBench {
    /// Registration time of the bench's items.
    static let registeredAt: Int64 = 1_700_000_000

    static func items(_ n: Int, offset: Int = 0) -> [CatalogItem] {
        (0..<n).map { k in
            let i = k + offset
            var item = CatalogItem(
                path: "collection/artist-\(i % 997)/track-\(i).flac", kind: .audio, sizeBytes: Int64(3_000_000 + i),
                fileHash: String(format: "%016llx%016llx", UInt64(i), MinHashSignature.mix(UInt64(i))),
                contentHash: String(format: "%016llx%016llx", MinHashSignature.mix(UInt64(i) ^ 7), UInt64(i)),
                durationSeconds: Double(60 + i % 240), quality: 120, registeredAt: registeredAt
            )
            item.sampleRate = 44_100
            item.channels = 2
            item.codec = "flac"
            item.loudnessLUFS = -14.5
            item.clippingRatio = 0.0001
            item.silenceRatio = 0.02
            item.bandwidthHz = 18_000
            return item
        }
    }

    static func cpu() -> Double {
        var u = rusage()
        getrusage(RUSAGE_SELF.rawValue, &u)
        return Double(u.ru_utime.tv_sec + u.ru_stime.tv_sec) + Double(u.ru_utime.tv_usec + u.ru_stime.tv_usec) / 1e6
    }

    static func wall() -> Double { Date().timeIntervalSince1970 }

    static func run(items n: Int, directory: URL) throws {
        print("")
        print("registry bulk insert: \(n) items, one transaction, WAL; genki (GRDB) vs raw sqlite3 C API, same schema and upsert")
        try? FileManager.default.removeItem(at: directory)
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        // genki
        let genkiPath = directory.appendingPathComponent("genki.db").path
        let registry = try Registry(path: genkiPath)
        let dataset = try registry.dataset(named: "bench")
        let rows = items(n)
        let t0 = wall()
        try registry.upsert(rows, dataset: dataset, at: registeredAt)
        let genkiSeconds = wall() - t0
        // GRDB record persistence on its own registry file
        let recordsRegistry = try Registry(path: directory.appendingPathComponent("records.db").path)
        let recordsDataset = try recordsRegistry.dataset(named: "bench")
        let tr = wall()
        try recordsRegistry.upsertThroughRecords(rows, dataset: recordsDataset, at: registeredAt)
        let recordsSeconds = wall() - tr
        // raw sqlite3 on a second registry file with the same schema
        let rawPath = directory.appendingPathComponent("raw.db").path
        _ = try Registry(path: rawPath).dataset(named: "bench")
        var db: OpaquePointer?
        guard sqlite3_open_v2(rawPath, &db, SQLITE_OPEN_READWRITE, nil) == SQLITE_OK, let db else {
            print("raw sqlite3: cannot open")
            return
        }
        defer { sqlite3_close(db) }
        sqlite3_exec(db, "PRAGMA journal_mode=WAL", nil, nil, nil)
        let transient = unsafeBitCast(-1, to: sqlite3_destructor_type.self)
        let t1 = wall()
        sqlite3_exec(db, "BEGIN IMMEDIATE", nil, nil, nil)
        var statement: OpaquePointer?
        sqlite3_prepare_v2(db, Registry.upsertItemSQL, -1, &statement, nil)
        for r in rows {
            sqlite3_bind_int64(statement, 1, dataset)
            sqlite3_bind_text(statement, 2, r.path, -1, transient)
            sqlite3_bind_text(statement, 3, r.kind.rawValue, -1, transient)
            sqlite3_bind_int64(statement, 4, r.sizeBytes)
            sqlite3_bind_text(statement, 5, r.fileHash, -1, transient)
            sqlite3_bind_text(statement, 6, r.contentHash, -1, transient)
            sqlite3_bind_double(statement, 7, r.durationSeconds)
            sqlite3_bind_int64(statement, 8, Int64(r.sampleRate ?? 0))
            sqlite3_bind_int64(statement, 9, Int64(r.channels ?? 0))
            sqlite3_bind_text(statement, 10, r.codec ?? "", -1, transient)
            sqlite3_bind_double(statement, 11, r.loudnessLUFS ?? 0)
            sqlite3_bind_double(statement, 12, r.clippingRatio ?? 0)
            sqlite3_bind_double(statement, 13, r.silenceRatio ?? 0)
            sqlite3_bind_double(statement, 14, r.bandwidthHz ?? 0)
            sqlite3_bind_double(statement, 15, r.quality)
            sqlite3_bind_int64(statement, 16, registeredAt)
            sqlite3_bind_double(statement, 17, r.noiseFloorBelowRMS ?? 0)
            sqlite3_bind_int64(statement, 18, r.lossless == true ? 1 : 0)
            guard sqlite3_step(statement) == SQLITE_ROW else {
                print("raw sqlite3: step failed")
                return
            }
            _ = sqlite3_column_int64(statement, 0)
            sqlite3_reset(statement)
        }
        sqlite3_finalize(statement)
        sqlite3_exec(db, "COMMIT", nil, nil, nil)
        let rawSeconds = wall() - t1
        print(String(format: "  %-28@ %8.2f s  %9.0f items/s", "genki Registry.upsert", genkiSeconds, Double(n) / genkiSeconds))
        print(String(format: "  %-28@ %8.2f s  %9.0f items/s", "genki via GRDB records", recordsSeconds, Double(n) / recordsSeconds))
        print(String(format: "  %-28@ %8.2f s  %9.0f items/s", "raw sqlite3 (C API)", rawSeconds, Double(n) / rawSeconds))
        print(String(format: "  genki / raw: %.2f× the time (goal ≤ 1.5×); GRDB records / raw: %.2f×", genkiSeconds / rawSeconds, recordsSeconds / rawSeconds))
    }

    /// Audits a `sketchItems` sketch against a `registryItems` registry (MIDI items with
    /// synthetic symbolic fingerprints, 10 % of the sketch copied from the registry). Prints time and peak memory.
    static func audit(registryItems: Int, sketchItems: Int, directory: URL) throws {
        print("")
        print("audit: a \(sketchItems)-item sketch against a \(registryItems)-item registry (MIDI items, synthetic 60-shingle fingerprints, 10 % copies)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let path = directory.appendingPathComponent("audit.db").path
        try? FileManager.default.removeItem(atPath: path)
        let registry = try Registry(path: path)
        let dataset = try registry.dataset(named: "known", miner: "5Fregistered")
        func fingerprint(_ i: Int) -> SymbolicFingerprint {
            SymbolicFingerprint(shingles: (0..<60).map { MinHashSignature.mix(UInt64(i) << 8 | UInt64($0)) })
        }
        var t = wall()
        let batch = 100_000
        for start in stride(from: 0, to: registryItems, by: batch) {
            var chunk = items(min(batch, registryItems - start), offset: start)
            for k in chunk.indices {
                chunk[k].kind = .midi
                chunk[k].symbolic = fingerprint(start + k)
            }
            try registry.upsert(chunk, dataset: dataset, at: registeredAt)
        }
        print(String(format: "  registry build: %.1f s", wall() - t))
        var mine = items(sketchItems, offset: 10_000_000)
        // MIDI items: the audit matches them by keyed MinHash signatures (audio items need
        // keyed landmarks, which synthetic fingerprints do not have: a sketch of audio items
        // without them fails).
        for k in mine.indices {
            mine[k].kind = .midi
            mine[k].symbolic = fingerprint(k % 10 == 0 ? k * 7 % max(1, registryItems) : 10_000_000 + k)
        }
        let key = RoundKey(round: "bench", seed: "0xbench")
        t = wall()
        let c0 = cpu()
        let sketch = Sketch(items: mine, miner: "5Fbench", key: key)
        let sketchSeconds = wall() - t
        t = wall()
        let report = try Auditor.audit(sketches: [sketch], registry: registry, key: key)[0]
        let auditSeconds = wall() - t
        var usage = rusage()
        getrusage(RUSAGE_SELF.rawValue, &usage)
        print(
            String(
                format: "  sketch %.1f s, audit (streaming the registry) %.1f s (CPU %.1f s); peak RSS %.2f GiB",
                sketchSeconds, auditSeconds, cpu() - c0, Double(usage.ru_maxrss) / 1_048_576))
        print(String(format: "  novelty %.3f (expected ≈ 0.900), %d distinct of %d%@", report.novelty, report.distinctItems, report.items, report.reason.map { "; \($0)" } ?? ""))
    }
}
