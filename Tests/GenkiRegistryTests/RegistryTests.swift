import Foundation
import GRDB
import GenkiCore
import GenkiFingerprint
import GenkiFixtures
import GenkiIngest
import GenkiMIDI
import GenkiModel
import GenkiSchema
import Testing

@testable import GenkiRegistry

@Suite struct RegistryMigrationTests {
    @Test func migrationsInCodeMatchTheSQLFilesUnderSchemas() throws {
        let dir = repositoryRoot.appendingPathComponent("schemas/registry")
        let files = try FileManager.default.contentsOfDirectory(atPath: dir.path).filter { $0.hasSuffix(".sql") }.sorted()
        #expect(files == RegistryMigrations.all.map { $0.name + ".sql" })
        for (name, sql) in RegistryMigrations.all {
            let text = try String(contentsOf: dir.appendingPathComponent(name + ".sql"), encoding: .utf8)
            #expect(text == sql, "\(name).sql differs from the migration in code")
        }
    }

    @Test func migratesFromEmptyToTheLatestInWALMode() throws {
        let (registry, dir) = try freshRegistry()
        defer { try? FileManager.default.removeItem(at: dir) }
        #expect(try registry.appliedMigrations() == RegistryMigrations.all.map(\.name))
        #expect(try registry.journalMode() == "wal")
        #expect(try registry.integrityCheck() == "ok")
        let stats = try registry.stats()
        #expect(stats.items == 0 && stats.audits == 0 && stats.schemaVersion == RegistryMigrations.all.last?.name)
    }

    @Test func migratesFromEveryEarlierVersionKeepingData() throws {
        for (index, (name, _)) in RegistryMigrations.all.enumerated() {
            let (registry, dir) = try freshRegistry(migrate: false)
            defer { try? FileManager.default.removeItem(at: dir) }
            try registry.migrate(upTo: name)
            #expect(try registry.appliedMigrations() == RegistryMigrations.all.prefix(index + 1).map(\.name))
            let dataset = try registry.dataset(named: "d", miner: "hk")
            // Written with version 1's columns (later versions' tables and columns are not there yet).
            let ids = try registry.write { db in
                try (0..<10).map { n -> Int64 in
                    let i = syntheticItem(n)
                    let arguments: StatementArguments = [
                        dataset, i.path, i.kind.rawValue, i.sizeBytes, i.fileHash, i.contentHash, i.durationSeconds, i.sampleRate, i.channels,
                        i.codec, i.loudnessLUFS, i.clippingRatio, i.silenceRatio, i.bandwidthHz, i.quality, 1_000,
                    ]
                    let sql = """
                        INSERT INTO items (dataset_id, path, kind, size_bytes, file_xxh3, content_xxh3, duration_s, sample_rate, channels,
                            codec, loudness_lufs, clipping_ratio, silence_ratio, bandwidth_hz, quality, registered_at)
                        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id
                        """
                    return try Int64.fetchOne(db, sql: sql, arguments: arguments) ?? -1
                }
            }
            try registry.migrate()
            #expect(try registry.appliedMigrations() == RegistryMigrations.all.map(\.name))
            #expect(try registry.items(dataset: dataset).map(\.registryID) == ids)
            #expect(try registry.stats().items == 10)
        }
    }

    @Test func refusesARegistryFromANewerGenki() throws {
        let (registry, dir) = try freshRegistry()
        defer { try? FileManager.default.removeItem(at: dir) }
        try registry.write { db in try db.execute(sql: "INSERT INTO grdb_migrations (identifier) VALUES ('9999_future')") }
        #expect(throws: RegistryError.newerSchema("9999_future")) { try Registry(path: dir.appendingPathComponent("r.db").path) }
    }
}

@Suite struct RegistryOwnershipTests {
    /// Miners and datasets are upserted records: ids are stable, first-seen and creation times
    /// are never overwritten, and a dataset's owner is set once.
    @Test func minersAndDatasetsKeepTheirFirstTimesAndOwner() throws {
        let (registry, dir) = try freshRegistry()
        defer { try? FileManager.default.removeItem(at: dir) }
        let d = try registry.dataset(named: "d", at: 10)
        #expect(try registry.owner(ofDataset: d) == nil)
        #expect(try registry.dataset(named: "d", miner: "5Fa", at: 20) == d)
        #expect(try registry.owner(ofDataset: d) == "5Fa")
        #expect(try registry.dataset(named: "d", miner: "5Fb", at: 30) == d)
        #expect(try registry.owner(ofDataset: d) == "5Fa")
        let a = try registry.miner(hotkey: "5Fa", at: 40)
        #expect(try registry.miner(hotkey: "5Fa", at: 50) == a)
        #expect(try registry.miner(hotkey: "5Fb") != a)
        let times = try registry.read { db in
            (
                try Int64.fetchOne(db, sql: "SELECT created_at FROM datasets WHERE id = ?", arguments: [d]),
                try Int64.fetchOne(db, sql: "SELECT first_seen FROM miners WHERE hotkey = '5Fa'"),
                try Int64.fetchOne(db, sql: "SELECT COUNT(*) FROM datasets")
            )
        }
        #expect(times.0 == 10 && times.1 == 20 && times.2 == 1)
    }
}

@Suite struct RegistryItemTests {
    @Test func upsertIsKeyedByDatasetAndPathAndKeepsTheFirstRegistrationTime() throws {
        let (registry, dir) = try freshRegistry()
        defer { try? FileManager.default.removeItem(at: dir) }
        let d = try registry.dataset(named: "d")
        let first = try registry.upsert((0..<50).map { syntheticItem($0) }, dataset: d, at: 100)
        var changed = (0..<50).map { syntheticItem($0) }
        changed[7].sizeBytes = 4242
        let second = try registry.upsert(changed, dataset: d, at: 900)
        #expect(first == second)
        let items = try registry.items(dataset: d)
        #expect(items.count == 50)
        #expect(items.allSatisfy { $0.registeredAt == 100 })
        #expect(items.first { $0.path == "music/7.flac" }?.sizeBytes == 4242)
    }

    /// Property: after any sequence of batches drawn from a small pool of paths, the registry
    /// holds exactly one row per distinct (dataset, path).
    @Test func anySequenceOfBatchesLeavesOneRowPerDatasetAndPath() throws {
        var rng = SplitMix64(seed: 99)
        for _ in 0..<5 {
            let (registry, dir) = try freshRegistry()
            defer { try? FileManager.default.removeItem(at: dir) }
            let datasets = [try registry.dataset(named: "a"), try registry.dataset(named: "b")]
            var expected = Set<String>()
            for _ in 0..<8 {
                let d = datasets[Int(rng.next() % 2)]
                let batch = (0..<Int(rng.next() % 40)).map { _ -> CatalogItem in
                    let n = Int(rng.next() % 60)
                    expected.insert("\(d)/\(n)")
                    return syntheticItem(n)
                }
                try registry.upsert(batch, dataset: d)
            }
            let rows = try registry.items()
            #expect(rows.count == expected.count)
            #expect(Set(rows.map { "\($0.datasetID ?? -1)/\($0.path.dropFirst(6).dropLast(5))" }) == expected)
        }
    }

    /// The GRDB-record path the bench measures writes exactly what the bulk path writes.
    @Test func recordPersistenceWritesWhatTheBulkPathWrites() throws {
        var batches: [[CatalogItem]] = []
        for round in 0..<2 {
            var batch = (0..<30).map { syntheticItem($0 + 15 * round) }
            for k in batch.indices where k % 4 == 0 {
                batch[k].symbolic = SymbolicFingerprint(shingles: (0..<20).map { MinHashSignature.mix(UInt64(k * 100 + $0 + round)) })
            }
            batches.append(batch)
        }
        var results: [[CatalogItem]] = []
        for useRecords in [false, true] {
            let (registry, dir) = try freshRegistry()
            defer { try? FileManager.default.removeItem(at: dir) }
            let d = try registry.dataset(named: "d")
            for (round, batch) in batches.enumerated() {
                let time = Int64(100 * (round + 1))
                let ids = useRecords ? try registry.upsertThroughRecords(batch, dataset: d, at: time) : try registry.upsert(batch, dataset: d, at: time)
                #expect(ids.count == batch.count)
            }
            results.append(try registry.items(dataset: d))
        }
        #expect(results[0].count == 45)
        #expect(results[0] == results[1])
    }

    @Test func fingerprintsRoundTrip() throws {
        let (registry, dir) = try freshRegistry()
        defer { try? FileManager.default.removeItem(at: dir) }
        let d = try registry.dataset(named: "d")
        var audio = syntheticItem(1)
        let chroma = AudioFingerprint(symbols: (0..<(36 * 40)).map { UInt8(truncatingIfNeeded: $0 &* 7) % 4 })
        audio.audio = chroma
        var midi = syntheticItem(3)
        let symbolic = SymbolicFingerprint(shingles: (0..<50).map { MinHashSignature.mix(UInt64($0)) })
        midi.symbolic = symbolic
        try registry.upsert([audio, midi], dataset: d, at: 1_000)
        let back = try registry.items(dataset: d)
        let audioBack = back.first { $0.path == audio.path }
        let midiBack = back.first { $0.path == midi.path }
        #expect(audioBack?.audio == chroma && audioBack?.symbolic == nil)
        #expect(midiBack?.symbolic == symbolic && midiBack?.audio == nil)
        // Everything else the item carried comes back too, with the registry's parts filled in.
        var expected = audio
        expected.audio = chroma
        expected.registryID = audioBack?.registryID
        expected.datasetID = d
        expected.registeredAt = 1_000
        #expect(audioBack == expected)
        #expect(try registry.stats().fingerprints == 2)
        // A module keeps both: the chroma of its render and the notes of its patterns; an update
        // without the notes removes them.
        var module = syntheticItem(4, path: "chip/tune.xm")
        module.audio = chroma
        module.symbolic = symbolic
        try registry.upsert([module], dataset: d, at: 2_000)
        let moduleBack = try registry.item(matching: module.path)
        #expect(moduleBack.kind == .audio && moduleBack.audio == chroma && moduleBack.symbolic == symbolic)
        #expect(try registry.items(dataset: d).first { $0.path == module.path }?.symbolic == symbolic)
        module.symbolic = nil
        try registry.upsert([module], dataset: d, at: 3_000)
        #expect(try registry.item(matching: module.path).symbolic == nil)
        // Also within one call, into a registry whose table held no notes before it, on both paths.
        for records in [false, true] {
            let fresh = try Registry(path: dir.appendingPathComponent("fresh-\(records).db").path)
            let f = try fresh.dataset(named: "fresh")
            var noted = module
            noted.symbolic = symbolic
            if records { try fresh.upsertThroughRecords([noted, module], dataset: f) } else { try fresh.upsert([noted, module], dataset: f) }
            #expect(try fresh.item(matching: module.path).symbolic == nil, "records: \(records)")
            if records { try fresh.upsertThroughRecords([noted], dataset: f) } else { try fresh.upsert([noted], dataset: f) }
            #expect(try fresh.item(matching: module.path).symbolic == symbolic, "records: \(records)")
        }
        // A file registered whole before its subtunes were items is replaced by its first subtune.
        let whole = syntheticItem(5, path: "chip/rip.nsf")
        try registry.upsert([whole], dataset: d, at: 4_000)
        try registry.upsert([syntheticItem(5, path: "chip/rip.nsf/subtune-1"), syntheticItem(6, path: "chip/rip.nsf/subtune-2")], dataset: d, at: 5_000)
        let paths = try registry.items(dataset: d).map { $0.path }
        #expect(!paths.contains("chip/rip.nsf") && paths.contains("chip/rip.nsf/subtune-1") && paths.contains("chip/rip.nsf/subtune-2"))
    }

    @Test func recordsIngestOutputAndFindsItemsByHashIdOrPath() async throws {
        let (registry, dir) = try freshRegistry()
        defer { try? FileManager.default.removeItem(at: dir) }
        let d = try registry.dataset(named: "fixtures", miner: "5Fhotkey")
        var records: [IngestRecord] = []
        _ = await IngestRunner.run(
            paths: [repositoryRoot.appendingPathComponent("fixtures/midi/good").path, repositoryRoot.appendingPathComponent("fixtures/bad").path],
            options: IngestOptions(profile: .fp, jobs: 2, includeHidden: false, fingerprints: true)
        ) { outcome in
            if case .record(let r) = outcome { records.append(r) }
        }
        let stored = try registry.upsert(records.compactMap(\.catalogItem), dataset: d).count
        #expect(stored == records.filter(\.isOK).count)
        #expect(stored > 0 && stored < records.count)
        let items = try registry.items(dataset: d)
        for item in items {
            #expect(try registry.item(matching: item.fileHash).fileHash == item.fileHash)
            #expect(try registry.item(matching: String(item.registryID ?? -1)).registryID == item.registryID)
            #expect(try registry.item(matching: item.path).registryID == item.registryID)
        }
        #expect(items.allSatisfy { $0.kind == .midi && $0.storedFingerprint?.kind == .symbolic })
        #expect(try registry.owner(ofDataset: d) == "5Fhotkey")
        #expect(throws: RegistryError.self) { try registry.item(matching: "no-such-item") }
    }

    @Test func statsAndExportMatchTheirSchemas() throws {
        let (registry, dir) = try freshRegistry()
        defer { try? FileManager.default.removeItem(at: dir) }
        let d = try registry.dataset(named: "d")
        try registry.upsert((0..<20).map { syntheticItem($0) }, dataset: d)
        let schemas = repositoryRoot.appendingPathComponent("schemas")
        let stats = try JSONEncoder().encode(try registry.stats())
        #expect(try JSONSchemaValidator(directory: schemas, root: "registry-stats.schema.json").validate(data: stats).isEmpty)
        let itemValidator = try JSONSchemaValidator(directory: schemas, root: "registry-item.schema.json")
        var lines = 0
        try registry.forEachItem { item in
            let data = try JSONEncoder().encode(ExportRecord(item, dataset: "d", includePath: false))
            #expect(try itemValidator.validate(data: data).isEmpty)
            #expect(!String(decoding: data, as: UTF8.self).contains("music/"))
            lines += 1
        }
        #expect(lines == 20)
    }
}
