/// `process_weights` of the Bittensor SDK (10.5.0, numpy path, `exclude_quantile` 0): the
/// subnet's `min_allowed_weights` and `max_weight_limit` applied before emission.
///
/// numpy's arithmetic is reproduced where it decides results: float32 arrays stay float32
/// (Python float constants join float32 arithmetic as float32, per NEP 50), `.sum()` is numpy's
/// pairwise summation, `cumsum` is sequential, and the fallback branches compute in float64.
public enum WeightProcessor {
    /// Processed uids and float weights (float32 values widened, or float64 in the fallbacks).
    public static func process(
        uids: [Int64], weights: [Float], neurons: Int, minAllowedWeights: Int, maxWeightLimit: Double
    ) -> (uids: [Int64], weights: [Double]) {
        let nonZero = weights.indices.filter { weights[$0] > 0 }
        if nonZero.isEmpty || neurons < minAllowedWeights {
            // np.ones(n, int64) / n: float64.
            return ((0..<Int64(neurons)).map { $0 }, [Double](repeating: 1 / Double(neurons), count: neurons))
        }
        if nonZero.count < minAllowedWeights {
            // np.ones(n, int64) * 1e-5 (float64), plus the non-zero weights at their *positions*.
            var w = [Double](repeating: 1e-5, count: neurons)
            for i in nonZero where i < neurons { w[i] += Double(weights[i]) }
            return ((0..<Int64(neurons)).map { $0 }, normalizeMaxWeight(w, limit: maxWeightLimit))
        }
        let keptUIDs = nonZero.map { uids[$0] }
        let kept = nonZero.map { weights[$0] }
        return (keptUIDs, normalizeMaxWeight(kept, limit: maxWeightLimit).map(Double.init))
    }

    /// `normalize_max_weight`: sum to 1 with no value above `limit`, in the array's precision.
    /// `limit` is a Python float: it joins array arithmetic as T, but float64 arithmetic as is.
    public static func normalizeMaxWeight<T: BinaryFloatingPoint>(_ x: [T], limit pythonLimit: Double) -> [T] {
        let limit = T(pythonLimit)
        let epsilon = T(1e-7)
        let n = x.count
        guard n > 0 else { return [] }
        var weights = x
        let values = x.sorted()
        if pairwiseSum(x) == 0 || T(n) * limit <= 1 {
            return [T](repeating: 1 / T(n), count: n)
        }
        let total = pairwiseSum(values)
        let estimation = values.map { $0 / total }
        if (estimation.max() ?? 0) <= limit {
            let s = pairwiseSum(weights)
            return weights.map { $0 / s }
        }
        var cumsum = [T](repeating: 0, count: n)
        var running: T = 0
        for i in 0..<n {
            running += estimation[i]
            cumsum[i] = running
        }
        var nValues = 0
        for i in 0..<n {
            let estimationSum = T(n - i - 1) * estimation[i]
            if estimation[i] / (estimationSum + cumsum[i] + epsilon) < limit { nValues += 1 }
        }
        // cutoff_scale = (limit * cumsum[n_values - 1] - epsilon) / (1 - limit * (len - n_values)):
        // n_values is a numpy int64, so the denominator is float64, which makes the scale, the
        // cutoff and the comparison float64; the clipped values are stored back in T.
        let index = nValues - 1 >= 0 ? nValues - 1 : n - 1  // numpy's index -1 wraps to the end
        let denominator = 1 - pythonLimit * Double(n - nValues)
        let cutoffScale = Double(limit * cumsum[index] - epsilon) / denominator
        let cutoff = cutoffScale * Double(total)
        for i in 0..<n where Double(weights[i]) > cutoff { weights[i] = T(cutoff) }
        let s = pairwiseSum(weights)
        return weights.map { $0 / s }
    }

    /// numpy's `.sum()` of a contiguous 1-D array: pairwise summation (blocks of 128, eight
    /// accumulators), which the SDK vectors match bit for bit.
    public static func pairwiseSum<T: BinaryFloatingPoint>(_ a: [T]) -> T {
        a.withUnsafeBufferPointer { pairwise($0, 0, $0.count) }
    }

    static func pairwise<T: BinaryFloatingPoint>(_ a: UnsafeBufferPointer<T>, _ start: Int, _ n: Int) -> T {
        if n < 8 {
            var res: T = 0
            for i in 0..<n { res += a[start + i] }
            return res
        } else if n <= 128 {
            var r = (0..<8).map { a[start + $0] }
            var i = 8
            while i < n - n % 8 {
                for k in 0..<8 { r[k] += a[start + i + k] }
                i += 8
            }
            var res = ((r[0] + r[1]) + (r[2] + r[3])) + ((r[4] + r[5]) + (r[6] + r[7]))
            while i < n {
                res += a[start + i]
                i += 1
            }
            return res
        } else {
            var n2 = n / 2
            n2 -= n2 % 8
            return pairwise(a, start, n2) + pairwise(a, start + n2, n - n2)
        }
    }
}
