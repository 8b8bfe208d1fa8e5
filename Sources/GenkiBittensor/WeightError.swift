import GenkiCore

/// Why weights cannot be emitted (the Bittensor SDK raises on the same inputs).
public enum WeightError: Error, Equatable, GenkiError {
    case empty
    case negativeWeight
    case negativeUID
    case lengthMismatch(uids: Int, weights: Int)
    case notFinite

    public var description: String {
        switch self {
        case .empty: return "no weights given"
        case .negativeWeight: return "a weight is negative; it cannot exist on chain"
        case .negativeUID: return "a uid is negative; it cannot exist on chain"
        case .lengthMismatch(let u, let w): return "uids and weights must have the same length, got \(u) and \(w)"
        case .notFinite: return "a weight is NaN or infinite"
        }
    }
}
