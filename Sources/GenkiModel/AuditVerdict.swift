/// A validator's judgement of one miner's sketch. The raw values are the `verdict` field of audit reports.
public enum AuditVerdict: String, Codable, Sendable, CaseIterable {
    case pass
    case fail
}
