import GRDB

/// Counts over the whole registry (`genki registry stats`).
/// Schema: `schemas/registry-stats.schema.json`.
public struct RegistryStats: Codable, Sendable, Equatable {
    public static let schemaID = "genki.registry-stats/1"
    public var schema = RegistryStats.schemaID
    public var schemaVersion: String
    public var journalMode: String
    public var miners: Int
    public var datasets: Int
    public var datasetVersions: Int
    public var items: Int
    public var audioItems: Int
    public var midiItems: Int
    public var fingerprints: Int
    public var distinctContent: Int
    public var durationSeconds: Double
    public var shards: Int
    public var dedupRuns: Int
    public var audits: Int
    public var scores: Int

    enum CodingKeys: String, CodingKey {
        case schema, miners, datasets, items, fingerprints, shards, audits, scores
        case schemaVersion = "schema_version"
        case journalMode = "journal_mode"
        case datasetVersions = "dataset_versions"
        case audioItems = "audio_items"
        case midiItems = "midi_items"
        case distinctContent = "distinct_content"
        case durationSeconds = "duration_s"
        case dedupRuns = "dedup_runs"
    }
}

extension Registry {
    /// Counts over every table.
    public func stats() throws(RegistryError) -> RegistryStats {
        let mode = try journalMode()
        let version = try appliedMigrations().last ?? "none"
        return try read { db in
            func count(_ sql: String) throws -> Int { try Int.fetchOne(db, sql: sql) ?? 0 }
            return RegistryStats(
                schemaVersion: version, journalMode: mode,
                miners: try count("SELECT count(*) FROM miners"),
                datasets: try count("SELECT count(*) FROM datasets"),
                datasetVersions: try count("SELECT count(*) FROM dataset_versions"),
                items: try count("SELECT count(*) FROM items"),
                audioItems: try count("SELECT count(*) FROM items WHERE kind = 'audio'"),
                midiItems: try count("SELECT count(*) FROM items WHERE kind = 'midi'"),
                fingerprints: try count("SELECT count(*) FROM fingerprints"),
                distinctContent: try count("SELECT count(DISTINCT content_xxh3) FROM items"),
                durationSeconds: try Double.fetchOne(db, sql: "SELECT coalesce(sum(duration_s), 0) FROM items") ?? 0,
                shards: try count("SELECT count(*) FROM shards"),
                dedupRuns: try count("SELECT count(*) FROM dedup_runs"),
                audits: try count("SELECT count(*) FROM audits"),
                scores: try count("SELECT count(*) FROM scores")
            )
        }
    }

    /// Dataset names by id.
    public func datasetNames() throws(RegistryError) -> [Int64: String] {
        try read { db in
            var out: [Int64: String] = [:]
            for row in try Row.fetchAll(db, sql: "SELECT id, name FROM datasets") { out[row["id"]] = row["name"] }
            return out
        }
    }
}
