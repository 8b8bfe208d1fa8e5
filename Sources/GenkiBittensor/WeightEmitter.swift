/// Scores → (uids, u16 weights) exactly as the Bittensor SDK emits them
/// (`bittensor.utils.weight_utils.convert_weights_and_uids_for_emit`, SDK 10.5.0):
/// weights arrive as float32 (the SDK's numpy arrays) and are widened to double; negatives and
/// length mismatches are rejected; an all-zero vector emits nothing; each weight is divided by
/// the maximum, multiplied by 65,535 and rounded half to even (Python's `round`); zeros are
/// dropped. NaN and infinities are rejected (the SDK fails on them while rounding).
public enum WeightEmitter {
    public static let u16Max = 65_535

    public static func convertForEmit(uids: [Int64], weights: [Float]) throws(WeightError) -> (uids: [Int64], weights: [Int]) {
        guard !weights.isEmpty, !uids.isEmpty else { throw .empty }
        let values = weights.map(Double.init)
        guard let minWeight = values.min(), let minUID = uids.min() else { throw .empty }
        if values.contains(where: { !$0.isFinite }) { throw .notFinite }
        if minWeight < 0 { throw .negativeWeight }
        if minUID < 0 { throw .negativeUID }
        guard uids.count == weights.count else { throw .lengthMismatch(uids: uids.count, weights: weights.count) }
        // Python's sum of floats is sequential left to right.
        var sum = 0.0
        for v in values { sum += v }
        if sum == 0 { return ([], []) }
        let top = values.max() ?? 1
        var outUIDs: [Int64] = []
        var outWeights: [Int] = []
        for (uid, v) in zip(uids, values) {
            let scaled = (v / top) * Double(u16Max)
            let q = Int(scaled.rounded(.toNearestOrEven))
            if q != 0 {
                outUIDs.append(uid)
                outWeights.append(q)
            }
        }
        return (outUIDs, outWeights)
    }
}
