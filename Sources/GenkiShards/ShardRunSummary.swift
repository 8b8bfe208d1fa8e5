/// The counts of a `genki shard` run, for `--json` (schema `schemas/shard-summary.schema.json`).
/// Counts and reasons only: paths stay in the local `--report`.
public struct ShardRunSummary: Codable, Sendable, Equatable {
    /// How many inputs were skipped for one reason.
    public struct Skipped: Codable, Sendable, Equatable {
        public var reason: String
        public var count: Int
    }

    public static let schemaID = "genki.shard-summary/1"
    public var schema = ShardRunSummary.schemaID
    public var samples: Int
    public var shards: Int
    public var resumedShards: Int
    public var durationSeconds: Double
    public var duplicates: Int
    public var tooShort: Int
    public var failed: Int
    public var midiLeftOut: Int
    /// Chip items (files or subtunes) sharded in this run without their source under `--include-source`.
    public var sourceLeftOut: Int
    /// By reason, most frequent first (then by reason).
    public var skipped: [Skipped]
    /// Sources decoded or rendered to write samples.
    public var sourceDecodes: Int

    enum CodingKeys: String, CodingKey {
        case schema, samples, shards, duplicates, failed, skipped
        case resumedShards = "resumed_shards"
        case durationSeconds = "duration_s"
        case tooShort = "too_short"
        case midiLeftOut = "midi_left_out"
        case sourceLeftOut = "source_left_out"
        case sourceDecodes = "source_decodes"
    }

    public init(_ r: ShardReport) {
        samples = r.samples
        shards = r.shards
        resumedShards = r.resumedShards
        durationSeconds = r.durationSeconds
        duplicates = r.duplicates.count
        tooShort = r.tooShort.count
        failed = r.failed.count
        midiLeftOut = r.midiLeftOut.count
        sourceLeftOut = r.sourceLeftOut.count
        var counts: [String: Int] = [:]
        for s in r.skipped { counts[s.reason, default: 0] += 1 }
        skipped = counts.map { Skipped(reason: $0.key, count: $0.value) }.sorted { ($0.count, $1.reason) > ($1.count, $0.reason) }
        sourceDecodes = r.sourceDecodes
    }
}
