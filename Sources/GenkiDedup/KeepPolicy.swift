import Foundation
import GenkiModel

/// Which member of a duplicate cluster is kept, and why. Each rule narrows the candidates in
/// turn, so the choice does not depend on the order the members come in:
///
/// 1. registered first (an earlier index or registry owns the piece);
/// 2. complete over trimmed: audio within `durationTolerance` of the longest member;
/// 3. clean over noisy: audio whose noise floor (relative to its RMS) is within
///    `noiseTolerance` of the cleanest, so noise mixed in loses even though it widens the
///    bandwidth estimate;
/// 4. lossless over lossy;
/// 5. the best quality score (`CatalogItem.quality`, from `IngestRecord.keepQuality`: bandwidth, rate, clipping, silence);
/// 6. the smallest path.
public enum KeepPolicy {
    /// Members this much shorter than the longest (the larger of the two) count as trimmed.
    public static let durationTolerance = (seconds: 1.0, fraction: 0.02)
    /// Members whose relative noise floor is this many dB above the cleanest count as noisy.
    public static let noiseTolerance = 6.0

    /// The rule that decided.
    public enum Rule: String, Sendable, Codable, Equatable {
        case registeredFirst = "registered-first"
        case longest
        case cleanest
        case lossless
        case quality
        case path
    }

    /// The kept member's index in `items` and the rule that decided.
    public static func choose(_ items: [CatalogItem]) -> (index: Int, rule: Rule) {
        var candidates = Array(items.indices)
        func narrow(_ rule: Rule, _ keep: (Int) -> Bool) -> Rule? {
            let left = candidates.filter(keep)
            guard !left.isEmpty, left.count < candidates.count else { return nil }
            candidates = left
            return candidates.count == 1 ? rule : nil
        }
        if let first = items.compactMap(\.registeredAt).min(),
            let rule = narrow(.registeredFirst, { items[$0].registeredAt == first })
        {
            return (candidates[0], rule)
        }
        if candidates.allSatisfy({ items[$0].kind == .audio }) {
            let longest = candidates.map { items[$0].durationSeconds }.max() ?? 0
            let slack = max(durationTolerance.seconds, durationTolerance.fraction * longest)
            if let rule = narrow(.longest, { items[$0].durationSeconds >= longest - slack }) { return (candidates[0], rule) }
            let floors = candidates.compactMap { items[$0].noiseFloorBelowRMS }
            if floors.count == candidates.count, let cleanest = floors.min(),
                let rule = narrow(.cleanest, { (items[$0].noiseFloorBelowRMS ?? 0) <= cleanest + noiseTolerance })
            {
                return (candidates[0], rule)
            }
            if let rule = narrow(.lossless, { items[$0].lossless == true }) { return (candidates[0], rule) }
        }
        let best = candidates.map { items[$0].quality }.max() ?? 0
        if let rule = narrow(.quality, { items[$0].quality == best }) { return (candidates[0], rule) }
        let first = candidates.min { items[$0].path.utf8.lexicographicallyPrecedes(items[$1].path.utf8) } ?? 0
        return (first, .path)
    }
}
