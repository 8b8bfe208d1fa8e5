import GRDB

/// One audit result as the registry stores it (`audits` table).
public struct AuditRow: Sendable, Equatable {
    public var round: String
    public var miner: String
    public var merkleRoot: String
    public var items: Int
    public var distinctItems: Int
    public var novelItems: Int
    public var goodItems: Int
    public var novelHours: Double
    public var novelty: Double
    public var quality: Double
    public var diversity: Double
    public var passed: Bool
    public var reason: String?

    public init(
        round: String, miner: String, merkleRoot: String, items: Int, distinctItems: Int, novelItems: Int, goodItems: Int,
        novelHours: Double, novelty: Double, quality: Double, diversity: Double, passed: Bool, reason: String?
    ) {
        self.round = round
        self.miner = miner
        self.merkleRoot = merkleRoot
        self.items = items
        self.distinctItems = distinctItems
        self.novelItems = novelItems
        self.goodItems = goodItems
        self.novelHours = novelHours
        self.novelty = novelty
        self.quality = quality
        self.diversity = diversity
        self.passed = passed
        self.reason = reason
    }
}

/// One miner's score for a round (`scores` table).
public struct ScoreRow: Sendable, Equatable {
    public var round: String
    public var miner: String
    public var novelty: Double
    public var quality: Double
    public var diversity: Double
    public var volume: Double
    public var score: Double

    public init(round: String, miner: String, novelty: Double, quality: Double, diversity: Double, volume: Double, score: Double) {
        self.round = round
        self.miner = miner
        self.novelty = novelty
        self.quality = quality
        self.diversity = diversity
        self.volume = volume
        self.score = score
    }
}

extension Registry {
    /// Every item with the hotkey of its dataset's miner (nil when the dataset has none).
    public func itemsWithOwners() throws(RegistryError) -> [(item: StoredItem, owner: String?)] {
        try read { db in
            let sql = """
                SELECT \(Self.itemColumns), m.hotkey AS owner FROM items i
                LEFT JOIN fingerprints f ON f.item_id = i.id
                JOIN datasets d ON d.id = i.dataset_id LEFT JOIN miners m ON m.id = d.miner_id
                ORDER BY i.registered_at, i.id
                """
            return try Row.fetchAll(db, sql: sql).map { (Self.storedItem($0), $0["owner"] as String?) }
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
                arguments: [a.round, miner, a.merkleRoot, a.items, a.distinctItems, a.novelItems, a.goodItems, a.novelHours,
                            a.novelty, a.quality, a.diversity, a.passed ? "pass" : "fail", a.reason, time]
            )
        }
    }

    /// The audits of a round, by miner hotkey.
    public func audits(round: String) throws(RegistryError) -> [AuditRow] {
        try read { db in
            try Row.fetchAll(db, sql: """
                SELECT a.*, m.hotkey FROM audits a JOIN miners m ON m.id = a.miner_id WHERE a.round = ? ORDER BY m.hotkey
                """, arguments: [round]).map { r in
                AuditRow(
                    round: r["round"], miner: r["hotkey"], merkleRoot: r["merkle_root"], items: r["items"],
                    distinctItems: r["distinct_items"], novelItems: r["novel_items"], goodItems: r["good_items"],
                    novelHours: r["novel_hours"], novelty: r["novelty"], quality: r["quality"], diversity: r["diversity"],
                    passed: (r["verdict"] as String) == "pass", reason: r["reason"]
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
            try Row.fetchAll(db, sql: """
                SELECT s.*, m.hotkey FROM scores s JOIN miners m ON m.id = s.miner_id WHERE s.round = ? ORDER BY m.hotkey
                """, arguments: [round]).map { r in
                ScoreRow(round: r["round"], miner: r["hotkey"], novelty: r["novelty"], quality: r["quality"],
                         diversity: r["diversity"], volume: r["volume"], score: r["score"])
            }
        }
    }
}
