import GenkiCore

/// Why an audit step could not run (a miner failing an audit is a verdict, not an error).
public enum AuditError: Error, Equatable, GenkiError {
    /// A sketch or response that is not what its schema says.
    case malformed(String)
    /// The registry does not hold what the miner must answer with.
    case mismatch(String)

    public var description: String {
        switch self {
        case .malformed(let m): return "malformed input: \(m)"
        case .mismatch(let m): return "mismatch: \(m)"
        }
    }
}
