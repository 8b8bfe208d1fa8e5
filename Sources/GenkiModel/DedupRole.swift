/// A cluster member's fate in deduplication. The raw values are the `role` field of dedup clusters.
public enum DedupRole: String, Codable, Sendable, CaseIterable {
    /// The representative the keep-policy chose.
    case kept
    /// A duplicate of the kept member.
    case dropped
}
