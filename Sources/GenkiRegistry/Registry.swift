import Foundation
import GRDB
import GenkiModel

/// The dataset registry: one SQLite database in WAL mode, shared safely by several `genki`
/// processes at once (each waits up to `busyTimeout` for a writer lock).
///
/// Every write is one transaction, so a process killed at any moment leaves the database as
/// it was before or after that write; items are keyed by (dataset, path), so re-running an
/// interrupted ingest updates rows instead of duplicating them.
public final class Registry: Sendable {
    /// Seconds a writer waits for another process's lock before failing.
    public static let busyTimeout: TimeInterval = 60

    let pool: DatabasePool

    /// Opens (creating if needed) the registry at `path` and applies every migration.
    public init(path: String, migrate: Bool = true) throws(RegistryError) {
        var config = Configuration()
        config.busyMode = .timeout(Self.busyTimeout)
        config.foreignKeysEnabled = true
        do {
            pool = try DatabasePool(path: path, configuration: config)
        } catch {
            throw .open(Self.message(error))
        }
        if migrate { try self.migrate() }
    }

    /// The migrator: one registered migration per `RegistryMigrations.all` entry.
    public static var migrator: DatabaseMigrator {
        var m = DatabaseMigrator()
        for (name, sql) in RegistryMigrations.all {
            m.registerMigration(name) { db in try db.execute(sql: sql) }
        }
        return m
    }

    /// Applies migrations up to and including `target` (all when nil).
    ///
    /// Each migration is one transaction. When several processes open a new registry at once,
    /// two may race to apply the same migration; the loser's transaction fails and rolls back,
    /// and it retries, finding the migration applied.
    public func migrate(upTo target: String? = nil) throws(RegistryError) {
        let names = RegistryMigrations.all.map(\.name)
        let wanted = Set(target.map { t in Array(names.prefix(through: names.firstIndex(of: t) ?? names.count - 1)) } ?? names)
        var lastError: (any Error)?
        for attempt in 0..<20 {
            do {
                let applied = try pool.read { db in try Self.migrator.appliedIdentifiers(db) }
                if let unknown = applied.first(where: { !names.contains($0) }) { throw RegistryError.newerSchema(unknown) }
                if wanted.isSubset(of: applied) { return }
                if let target { try Self.migrator.migrate(pool, upTo: target) } else { try Self.migrator.migrate(pool) }
                return
            } catch let e as RegistryError {
                throw e
            } catch {
                lastError = error
                usleep(useconds_t(10_000 * (attempt + 1)))
            }
        }
        throw .open(lastError.map(Self.message) ?? "migration failed")
    }

    /// Names of the applied migrations, in order.
    public func appliedMigrations() throws(RegistryError) -> [String] {
        try read { db in try Self.migrator.appliedIdentifiers(db).sorted() }
    }

    /// SQLite's journal mode (`wal` for a registry).
    public func journalMode() throws(RegistryError) -> String {
        try read { db in try String.fetchOne(db, sql: "PRAGMA journal_mode") ?? "" }
    }

    /// Result of `PRAGMA integrity_check` (`ok` when sound).
    public func integrityCheck() throws(RegistryError) -> String {
        try read { db in try String.fetchAll(db, sql: "PRAGMA integrity_check").joined(separator: "; ") }
    }

    // MARK: - Miners and datasets

    /// The miner's id, registering it on first sight.
    @discardableResult
    public func miner(hotkey: String, at time: Int64 = Registry.now()) throws(RegistryError) -> Int64 {
        try write { db in try Self.miner(db, hotkey: hotkey, at: time) }
    }

    static func miner(_ db: Database, hotkey: String, at time: Int64) throws -> Int64 {
        guard let id = try MinerRecord.register(db, hotkey: hotkey, at: time).id else { throw RegistryError.database("miner vanished") }
        return id
    }

    /// The dataset's id, creating it (owned by `miner` when given) on first use. A dataset
    /// without an owner takes `miner`; one with an owner keeps it.
    @discardableResult
    public func dataset(named name: String, miner hotkey: String? = nil, at time: Int64 = Registry.now()) throws(RegistryError) -> Int64 {
        try write { db in
            let minerID = try hotkey.map { try Self.miner(db, hotkey: $0, at: time) }
            guard let id = try DatasetRecord.register(db, name: name, minerID: minerID, at: time).id else {
                throw RegistryError.database("dataset vanished")
            }
            return id
        }
    }

    /// The hotkey owning a dataset, if any.
    public func owner(ofDataset id: Int64) throws(RegistryError) -> String? {
        try read { db in
            try String.fetchOne(db, sql: "SELECT m.hotkey FROM datasets d JOIN miners m ON m.id = d.miner_id WHERE d.id = ?", arguments: [id])
        }
    }

    // MARK: - Items

    /// The item upsert statement (public so `make bench` can run the same SQL through raw sqlite3).
    public static var upsertItemSQL: String { upsertItem }

    static let upsertItem = """
        INSERT INTO items (dataset_id, path, kind, size_bytes, file_xxh3, content_xxh3, duration_s, sample_rate, channels,
            codec, loudness_lufs, clipping_ratio, silence_ratio, bandwidth_hz, quality, registered_at, noise_floor_below_rms, lossless)
        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
        ON CONFLICT (dataset_id, path) DO UPDATE SET
            kind = excluded.kind, size_bytes = excluded.size_bytes, file_xxh3 = excluded.file_xxh3,
            content_xxh3 = excluded.content_xxh3, duration_s = excluded.duration_s, sample_rate = excluded.sample_rate,
            channels = excluded.channels, codec = excluded.codec, loudness_lufs = excluded.loudness_lufs,
            clipping_ratio = excluded.clipping_ratio, silence_ratio = excluded.silence_ratio,
            bandwidth_hz = excluded.bandwidth_hz, quality = excluded.quality,
            noise_floor_below_rms = excluded.noise_floor_below_rms, lossless = excluded.lossless
        RETURNING id
        """
    static let upsertFingerprint = "INSERT OR REPLACE INTO fingerprints (item_id, kind, data) VALUES (?, ?, ?)"
    static let upsertSymbolic = "INSERT OR REPLACE INTO symbolic_fingerprints (item_id, data) VALUES (?, ?)"
    static let deleteSymbolic = "DELETE FROM symbolic_fingerprints WHERE item_id = ?"
    static let deleteItem = "DELETE FROM items WHERE dataset_id = ? AND path = ?"

    /// Inserts or updates items (keyed by dataset and path) and their stored fingerprints
    /// (`CatalogItem.storedFingerprint`, and `audioItemSymbolic` for a module) in one
    /// transaction; returns their ids in order. The first subtune of a chip file
    /// (`<file>/subtune-1`) replaces a row of the file itself, which a registry written before
    /// subtunes were items holds. A new
    /// item is registered at `time`; an updated item keeps its first registration time.
    ///
    /// The bulk path binds one cached raw statement per row. Measured by `make bench` (registry
    /// insert, 100,000 items, one transaction, 2026-12-04, after the module-fingerprint clear
    /// became conditional): this path 1.78 s, the same upsert through GRDB records
    /// (`upsertThroughRecords`) 4.71 s, raw sqlite3 1.55 s. Records build and check their
    /// arguments per row; miners and datasets use them, items do not.
    @discardableResult
    public func upsert(_ items: [CatalogItem], dataset: Int64, at time: Int64 = Registry.now()) throws(RegistryError) -> [Int64] {
        guard !items.isEmpty else { return [] }
        return try write { db in
            let statement = try db.cachedStatement(sql: Self.upsertItem)
            let fingerprintStatement = try db.cachedStatement(sql: Self.upsertFingerprint)
            let symbolicStatement = try db.cachedStatement(sql: Self.upsertSymbolic)
            let clearSymbolic = try db.cachedStatement(sql: Self.deleteSymbolic)
            let clearFile = try db.cachedStatement(sql: Self.deleteItem)
            // A row's stale module fingerprint is cleared only where one can exist: the table
            // held rows before this call, or this call stored one for the row.
            var clearing = try Self.holdsSymbolic(db)
            var ids: [Int64] = []
            ids.reserveCapacity(items.count)
            for item in items {
                if let file = Self.replacedFile(item.path) {
                    clearFile.setUncheckedArguments([dataset, file])
                    try clearFile.execute()
                }
                statement.setUncheckedArguments([
                    dataset, item.path, item.kind.rawValue, item.sizeBytes, item.fileHash, item.contentHash,
                    item.durationSeconds, item.sampleRate, item.channels, item.codec, item.loudnessLUFS,
                    item.clippingRatio, item.silenceRatio, item.bandwidthHz, item.quality, time, item.noiseFloorBelowRMS, item.lossless,
                ])
                guard let id = try Int64.fetchOne(statement) else { throw RegistryError.database("upsert returned no id") }
                ids.append(id)
                if let f = item.storedFingerprint {
                    fingerprintStatement.setUncheckedArguments([id, f.kind.rawValue, Data(f.bytes)])
                    try fingerprintStatement.execute()
                }
                if let notes = item.audioItemSymbolic {
                    symbolicStatement.setUncheckedArguments([id, Data(notes)])
                    try symbolicStatement.execute()
                    clearing = true
                } else if clearing {
                    clearSymbolic.setUncheckedArguments([id])
                    try clearSymbolic.execute()
                }
            }
            return ids
        }
    }

    /// Whether `symbolic_fingerprints` holds any row.
    static func holdsSymbolic(_ db: Database) throws -> Bool {
        try Bool.fetchOne(db, sql: "SELECT EXISTS (SELECT 1 FROM symbolic_fingerprints)") ?? true
    }

    /// The file path a first subtune's row replaces (nil for every other item path).
    static func replacedFile(_ path: String) -> String? {
        guard path.hasSuffix("/subtune-1"), let locator = SubtuneLocator(path: path) else { return nil }
        return locator.file
    }

    /// `upsert` through GRDB record persistence (`ItemRecord.upsertAndFetch` with the
    /// registration time `noOverwrite`, then `FingerprintRecord`): same rows, same ids. Kept for
    /// `make bench`, which measures it against the cached-statement bulk path.
    @discardableResult
    public func upsertThroughRecords(_ items: [CatalogItem], dataset: Int64, at time: Int64 = Registry.now()) throws(RegistryError) -> [Int64] {
        try write { db in
            var clearing = try Self.holdsSymbolic(db)
            return try items.map { item in
                if let file = Self.replacedFile(item.path) { try db.execute(sql: Self.deleteItem, arguments: [dataset, file]) }
                let row = try ItemRecord(item, dataset: dataset, at: time).upsertAndFetch(db, onConflict: ["dataset_id", "path"]) { _ in
                    [Column(ItemRecord.CodingKeys.registeredAt).noOverwrite]
                }
                guard let id = row.id else { throw RegistryError.database("upsert returned no id") }
                if let f = item.storedFingerprint { try FingerprintRecord(itemID: id, kind: f.kind.rawValue, data: Data(f.bytes)).insert(db) }
                if let notes = item.audioItemSymbolic {
                    try db.execute(sql: Self.upsertSymbolic, arguments: [id, Data(notes)])
                    clearing = true
                } else if clearing {
                    try db.execute(sql: Self.deleteSymbolic, arguments: [id])
                }
                return id
            }
        }
    }

    static let itemColumns = """
        i.id, i.dataset_id, i.path, i.kind, i.size_bytes, i.file_xxh3, i.content_xxh3, i.duration_s, i.sample_rate,
        i.channels, i.codec, i.loudness_lufs, i.clipping_ratio, i.silence_ratio, i.bandwidth_hz, i.quality,
        i.registered_at, i.noise_floor_below_rms, i.lossless, f.kind AS fkind, f.data AS fdata, s.data AS sdata
        """
    /// The fingerprint joins every item read uses (`catalogItem` reads their columns).
    static let fingerprintJoins = "LEFT JOIN fingerprints f ON f.item_id = i.id LEFT JOIN symbolic_fingerprints s ON s.item_id = i.id"

    static func catalogItem(_ row: Row) -> CatalogItem {
        var item = CatalogItem(
            path: row["path"],
            // The schema's CHECK constraint admits only the two raw values.
            kind: MediaKind(rawValue: row["kind"] as String) ?? .audio, sizeBytes: row["size_bytes"], fileHash: row["file_xxh3"],
            contentHash: row["content_xxh3"], durationSeconds: row["duration_s"], quality: row["quality"], registeredAt: row["registered_at"]
        )
        item.registryID = row["id"]
        item.datasetID = row["dataset_id"]
        item.sampleRate = row["sample_rate"]
        item.channels = row["channels"]
        item.codec = row["codec"]
        item.loudnessLUFS = row["loudness_lufs"]
        item.clippingRatio = row["clipping_ratio"]
        item.silenceRatio = row["silence_ratio"]
        item.bandwidthHz = row["bandwidth_hz"]
        item.noiseFloorBelowRMS = row["noise_floor_below_rms"]
        item.lossless = row["lossless"]
        if let name: String = row["fkind"], let kind = FingerprintKind(rawValue: name), let blob: Data = row["fdata"] {
            item.restore(StoredFingerprint(kind: kind, bytes: [UInt8](blob)))
        }
        if item.kind == .audio, let blob: Data = row["sdata"] { item.symbolic = SymbolicFingerprint(shingleBytes: [UInt8](blob)) }
        return item
    }

    /// Items of one dataset (or all), in registration order, with fingerprints when `withFingerprints`.
    public func items(dataset: Int64? = nil, withFingerprints: Bool = true) throws(RegistryError) -> [CatalogItem] {
        try read { db in
            // Without fingerprints: the same columns, always NULL.
            let join = withFingerprints ? Self.fingerprintJoins : "LEFT JOIN fingerprints f ON 0 LEFT JOIN symbolic_fingerprints s ON 0"
            let filter = dataset == nil ? "" : "WHERE i.dataset_id = ?"
            let sql = "SELECT \(Self.itemColumns) FROM items i \(join) \(filter) ORDER BY i.registered_at, i.id"
            let arguments: StatementArguments = dataset.map { [$0] } ?? []
            return try Row.fetchAll(db, sql: sql, arguments: arguments).map(Self.catalogItem)
        }
    }

    /// Calls `body` for each item in id order without loading them all (for export).
    public func forEachItem(_ body: (CatalogItem) throws -> Void) throws(RegistryError) {
        try read { db in
            let cursor = try Row.fetchCursor(db, sql: "SELECT \(Self.itemColumns) FROM items i \(Self.fingerprintJoins) ORDER BY i.id")
            while let row = try cursor.next() { try body(Self.catalogItem(row)) }
        }
    }

    /// Looks an item up by id, path, or a file or content hash (the earliest registered match).
    public func item(matching key: String) throws(RegistryError) -> CatalogItem {
        let found: CatalogItem? = try read { db in
            let sql = """
                SELECT \(Self.itemColumns) FROM items i \(Self.fingerprintJoins)
                WHERE CAST(i.id AS TEXT) = ?1 OR i.path = ?1 OR i.file_xxh3 = lower(?1) OR i.content_xxh3 = lower(?1)
                ORDER BY i.registered_at, i.id LIMIT 1
                """
            return try Row.fetchOne(db, sql: sql, arguments: [key]).map(Self.catalogItem)
        }
        guard let found else { throw .notFound("no item with that id, path or hash") }
        return found
    }

    // MARK: - Helpers

    /// Current Unix time in seconds.
    public static func now() -> Int64 { Int64(Date().timeIntervalSince1970) }

    func read<T>(_ body: (Database) throws -> T) throws(RegistryError) -> T {
        do { return try pool.read(body) } catch let e as RegistryError { throw e } catch { throw .database(Self.message(error)) }
    }

    func write<T>(_ body: (Database) throws -> T) throws(RegistryError) -> T {
        do { return try pool.write(body) } catch let e as RegistryError { throw e } catch { throw .database(Self.message(error)) }
    }

    static func message(_ error: any Error) -> String {
        if let e = error as? DatabaseError { return e.message ?? "SQLite error \(e.resultCode.rawValue)" }
        return String(describing: error)
    }
}
