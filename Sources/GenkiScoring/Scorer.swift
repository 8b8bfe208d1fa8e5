import Foundation
import GenkiModel
import GenkiRegistry

/// Per-miner scores from audits.
///
/// score = novelty × quality × diversity × volume, each in [0, 1]:
/// - novelty: share of the miner's distinct items that nobody else registered earlier;
/// - quality: share of distinct items whose representative is ≥ 30 s, ≤ 50 % silent, ≤ 1 % clipped;
/// - diversity: distinct items ÷ items (internal duplicates dilute it);
/// - volume: log₂(1 + h) ÷ log₂(1 + `referenceHours`), capped at 1, where h is the hours of
///   novel, good, distinct items — diminishing returns, so ten copies of a small set do not
///   beat one honest large set.
/// A failed audit scores 0. Products keep each factor a veto: a dataset of copies scores 0
/// however large it is.
public enum Scorer {
    /// Hours at which volume saturates.
    public static let referenceHours = 10.0

    /// The volume factor for `hours` of novel, good, distinct audio.
    public static func volume(hours: Double) -> Double {
        guard hours > 0 else { return 0 }
        return min(1, log2(1 + hours) / log2(1 + referenceHours))
    }

    /// The score of one audit.
    public static func score(_ audit: AuditRow) -> ScoreRow {
        let v = audit.passed ? volume(hours: audit.novelHours) : 0
        let components = audit.passed ? (audit.novelty, audit.quality, audit.diversity) : (0, 0, 0)
        return ScoreRow(
            round: audit.round, miner: audit.miner, novelty: components.0, quality: components.1, diversity: components.2,
            volume: v, score: components.0 * components.1 * components.2 * v
        )
    }
}
