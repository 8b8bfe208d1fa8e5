import GRDB
import GenkiModel

extension Registry {
    /// Every item with the hotkey of its dataset's miner (nil when the dataset has none).
    public func itemsWithOwners() throws(RegistryError) -> [(item: CatalogItem, owner: String?)] {
        var out: [(item: CatalogItem, owner: String?)] = []
        try forEachItemWithOwner { out.append(($0, $1)) }
        return out
    }

    /// Calls `body` for each item and its owner's hotkey, in registration order, without
    /// loading them all at once.
    public func forEachItemWithOwner(_ body: (CatalogItem, String?) throws -> Void) throws(RegistryError) {
        try read { db in
            let cursor = try Row.fetchCursor(
                db,
                sql: """
                    SELECT \(Self.itemColumns), m.hotkey AS owner FROM items i \(Self.fingerprintJoins)
                    JOIN datasets d ON d.id = i.dataset_id LEFT JOIN miners m ON m.id = d.miner_id
                    ORDER BY i.registered_at, i.id
                    """)
            while let row = try cursor.next() { try body(Self.catalogItem(row), row["owner"] as String?) }
        }
    }

    /// Stores (or replaces) a miner's audit for a round.
    public func recordAudit(_ a: AuditRow, at time: Int64 = Registry.now()) throws(RegistryError) {
        try write { db in
            let miner = try Self.miner(db, hotkey: a.miner, at: time)
            try db.execute(
                sql: """
                    INSERT OR REPLACE INTO audits (round, miner_id, merkle_root, items, distinct_items, novel_items, good_items,
                        novel_hours, novelty, quality, diversity, verdict, reason, created_at)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                    """,
                arguments: [
                    a.round, miner, a.merkleRoot, a.items, a.distinctItems, a.novelItems, a.goodItems, a.novelHours,
                    a.novelty, a.quality, a.diversity, (a.passed ? AuditVerdict.pass : .fail).rawValue, a.reason, time,
                ]
            )
        }
    }

    /// The audits of a round, by miner hotkey.
    public func audits(round: String) throws(RegistryError) -> [AuditRow] {
        try read { db in
            try Row.fetchAll(
                db,
                sql: """
                    SELECT a.*, m.hotkey FROM audits a JOIN miners m ON m.id = a.miner_id WHERE a.round = ? ORDER BY m.hotkey
                    """, arguments: [round]
            ).map { r in
                AuditRow(
                    round: r["round"], miner: r["hotkey"], merkleRoot: r["merkle_root"], items: r["items"],
                    distinctItems: r["distinct_items"], novelItems: r["novel_items"], goodItems: r["good_items"],
                    novelHours: r["novel_hours"], novelty: r["novelty"], quality: r["quality"], diversity: r["diversity"],
                    passed: (r["verdict"] as String) == AuditVerdict.pass.rawValue, reason: r["reason"]
                )
            }
        }
    }

    /// Stores (or replaces) scores.
    public func recordScores(_ scores: [ScoreRow], at time: Int64 = Registry.now()) throws(RegistryError) {
        try write { db in
            for s in scores {
                let miner = try Self.miner(db, hotkey: s.miner, at: time)
                try db.execute(
                    sql: """
                        INSERT OR REPLACE INTO scores (round, miner_id, novelty, quality, diversity, volume, score, created_at)
                        VALUES (?, ?, ?, ?, ?, ?, ?, ?)
                        """,
                    arguments: [s.round, miner, s.novelty, s.quality, s.diversity, s.volume, s.score, time]
                )
            }
        }
    }

    /// The scores of a round, by miner hotkey.
    public func scores(round: String) throws(RegistryError) -> [ScoreRow] {
        try read { db in
            try Row.fetchAll(
                db,
                sql: """
                    SELECT s.*, m.hotkey FROM scores s JOIN miners m ON m.id = s.miner_id WHERE s.round = ? ORDER BY m.hotkey
                    """, arguments: [round]
            ).map { r in
                ScoreRow(
                    round: r["round"], miner: r["hotkey"], novelty: r["novelty"], quality: r["quality"],
                    diversity: r["diversity"], volume: r["volume"], score: r["score"])
            }
        }
    }
}

extension Registry {
    /// Records a dedup run: its parameters and every clustered member that is an item of
    /// `dataset` (matched by path). Returns the run id.
    @discardableResult
    public func recordDedupRun(
        dataset: Int64, items: Int, clusters: [(cluster: Int, members: [(path: String, kept: Bool)])], dropped: Int,
        audioThreshold: Double, midiThreshold: Double, at time: Int64 = Registry.now()
    ) throws(RegistryError) -> Int64 {
        try write { db in
            try db.execute(
                sql: "INSERT INTO dedup_runs (items, clusters, dropped, audio_threshold, midi_threshold, created_at) VALUES (?, ?, ?, ?, ?, ?)",
                arguments: [items, clusters.count, dropped, audioThreshold, midiThreshold, time]
            )
            let run = db.lastInsertedRowID
            let lookup = try db.cachedStatement(sql: "SELECT id FROM items WHERE dataset_id = ? AND path = ?")
            let insert = try db.cachedStatement(sql: "INSERT OR REPLACE INTO dedup_members (run_id, cluster, item_id, role) VALUES (?, ?, ?, ?)")
            for c in clusters {
                for m in c.members {
                    guard let id = try Int64.fetchOne(lookup, arguments: [dataset, m.path]) else { continue }
                    try insert.execute(arguments: [run, c.cluster, id, m.kept ? "kept" : "dropped"])
                }
            }
            return run
        }
    }

    /// Members recorded for a dedup run: (cluster, item id, kept).
    public func dedupMembers(run: Int64) throws(RegistryError) -> [(cluster: Int, item: Int64, kept: Bool)] {
        try read { db in
            try Row.fetchAll(db, sql: "SELECT cluster, item_id, role FROM dedup_members WHERE run_id = ? ORDER BY cluster, item_id", arguments: [run])
                .map { ($0["cluster"], $0["item_id"], ($0["role"] as String) == "kept") }
        }
    }
}

extension Registry {
    /// Records a dataset version (item count, duration, Merkle root) unless the latest version
    /// already has this root; returns its version number.
    @discardableResult
    public func recordVersion(dataset: Int64, items: Int, durationSeconds: Double, merkleRoot: String, at time: Int64 = Registry.now()) throws(RegistryError) -> Int {
        try write { db in
            let latest = try Row.fetchOne(db, sql: "SELECT version, merkle_root FROM dataset_versions WHERE dataset_id = ? ORDER BY version DESC LIMIT 1", arguments: [dataset])
            if let latest, (latest["merkle_root"] as String) == merkleRoot { return latest["version"] }
            let version = ((latest?["version"] as Int?) ?? 0) + 1
            try db.execute(
                sql: "INSERT INTO dataset_versions (dataset_id, version, items, duration_s, merkle_root, created_at) VALUES (?, ?, ?, ?, ?, ?)",
                arguments: [dataset, version, items, durationSeconds, merkleRoot, time]
            )
            return version
        }
    }
}
