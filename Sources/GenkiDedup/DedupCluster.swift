import GenkiModel

/// Why two items are related.
public enum DedupReason: String, Sendable, Codable, Comparable {
    /// Identical file bytes.
    case bytes
    /// Identical decoded 16-bit mono PCM (e.g. WAV and its FLAC copy).
    case pcm
    /// Identical canonical MIDI note stream.
    case midiCanonical = "midi-canonical"
    /// Symbolic fingerprint overlap at or above the MIDI threshold, between two MIDI files.
    case midiNear = "midi-near"
    /// The same, where at least one side is a tracker module (its patterns' notes).
    case symbolicNear = "symbolic-near"
    /// Audio fingerprint match at or above the audio threshold.
    case audioNear = "audio-near"
    /// A MIDI file's render matches an audio file (cross-modal).
    case crossModal = "cross-modal"

    var rank: Int {
        switch self {
        case .bytes: return 0
        case .pcm: return 1
        case .midiCanonical: return 2
        case .midiNear, .symbolicNear: return 3
        case .audioNear: return 4
        case .crossModal: return 5
        }
    }

    public var isExact: Bool { rank <= 2 }

    public static func < (a: DedupReason, b: DedupReason) -> Bool { a.rank < b.rank }
}

/// A cluster of related items and the kept representative. Schema: `schemas/dedup-cluster.schema.json`.
public struct DedupCluster: Codable, Sendable, Equatable {
    public static let schemaID = "genki.dedup-cluster/1"

    public struct Member: Codable, Sendable, Equatable {
        public var path: String
        public var kind: MediaKind
        public var role: DedupRole
    }

    public struct Pair: Codable, Sendable, Equatable {
        public var a: String
        public var b: String
        public var score: Double
        public var reason: DedupReason
    }

    public var schema = DedupCluster.schemaID
    /// 1-based, in order of the clusters' smallest member path.
    public var cluster: Int
    /// True when every pair in the cluster is an exact match.
    public var exact: Bool
    public var kept: String
    /// The keep-policy rule that chose `kept` (`KeepPolicy.Rule`).
    public var keptBecause: KeepPolicy.Rule
    public var members: [Member]
    public var pairs: [Pair]

    enum CodingKeys: String, CodingKey {
        case schema, cluster, exact, kept, members, pairs
        case keptBecause = "kept_because"
    }
}

/// Everything a dedup run found.
public struct DedupResult: Sendable {
    public var clusters: [DedupCluster]
    /// Items analysed.
    public var items: Int
    /// Paths dropped (members of clusters other than the kept one), sorted.
    public var dropped: [String]
    /// Paths kept: every item not dropped, sorted.
    public var kept: [String]
    /// Audio pairs compared with the full matcher (the quadratic part).
    public var audioComparisons: Int
}
