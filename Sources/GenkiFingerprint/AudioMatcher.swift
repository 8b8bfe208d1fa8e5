/// Compares two audio fingerprints with a search over pitch shift and time alignment.
///
/// Frames are compressed (square root), centred and normalised, so a frame pair scores its
/// Pearson correlation. The shorter recording is the query: it is cut into windows of 16 frames
/// (≈ 3 s, half-overlapping), and each window finds its best-aligned offset in the other
/// recording independently, which absorbs trims and the slow drift of a speed or tempo change.
/// For each circular shift of up to ±`maxShift` bins (±4/3 semitone) the median window score is
/// taken, and the best shift wins. A copy scores near 1; different pieces score near 0, and
/// pieces that merely share a riff stay low because most windows find nothing.
public enum AudioMatcher {
    /// Score at or above which two recordings are the same piece (calibrated with `make bench`
    /// and the test grid: disguised copies score ≥ 0.64, different pieces ≤ 0.28).
    public static let threshold = 0.45
    /// Largest pitch shift searched, in thirds of a semitone.
    public static let maxShift = 4
    /// Window length in frames.
    public static let window = 24

    /// The best alignment found.
    public struct Match: Sendable, Equatable {
        /// Median window correlation at the best shift, clamped to [0, 1].
        public var score: Double
        /// Pitch shift between the two fingerprints, in sixths of a semitone (half bins).
        public var shift: Int
    }

    /// Frames to compare: square-root compressed, minus `contrast` × the bin's mean over the
    /// surrounding ±`context` frames (which removes sustained harmony shared by many pieces and
    /// keeps the melodic motion), then centred and scaled to unit length (zero vectors for
    /// silent or flat frames).
    static let context = 8
    static let contrast: Float = 0.8

    static func normalise(_ f: AudioFingerprint) -> [Float] {
        let bins = AudioFingerprint.bins
        let n = f.frameCount
        var compressed = [Float](repeating: 0, count: f.frames.count)
        for i in 0..<f.frames.count { compressed[i] = Float(f.frames[i]).squareRoot() }
        // Running per-bin sums for the local means.
        var prefix = [Float](repeating: 0, count: (n + 1) * bins)
        for i in 0..<n {
            for b in 0..<bins { prefix[(i + 1) * bins + b] = prefix[i * bins + b] + compressed[i * bins + b] }
        }
        var out = [Float](repeating: 0, count: f.frames.count)
        for i in 0..<n {
            let lo = max(0, i - context), hi = min(n, i + context + 1)
            let count = Float(hi - lo)
            var mean: Float = 0
            for b in 0..<bins {
                let local = (prefix[hi * bins + b] - prefix[lo * bins + b]) / count
                let v = compressed[i * bins + b] - contrast * local
                out[i * bins + b] = v
                mean += v
            }
            mean /= Float(bins)
            var norm: Float = 0
            for b in 0..<bins {
                out[i * bins + b] -= mean
                norm += out[i * bins + b] * out[i * bins + b]
            }
            let scale: Float = norm > 1e-6 ? 1 / norm.squareRoot() : 0
            for b in 0..<bins { out[i * bins + b] *= scale }
        }
        return out
    }

    /// Each frame moved up by half a bin (linear interpolation between neighbouring bins),
    /// centred and scaled to unit length again.
    static func halfBinShifted(_ frames: [Float]) -> [Float] {
        let bins = AudioFingerprint.bins
        var out = [Float](repeating: 0, count: frames.count)
        for i in 0..<(frames.count / bins) {
            var norm: Float = 0
            for b in 0..<bins {
                let v = 0.5 * (frames[i * bins + b] + frames[i * bins + (b + 1) % bins])
                out[i * bins + b] = v
                norm += v * v
            }
            let scale: Float = norm > 1e-9 ? 1 / norm.squareRoot() : 0
            for b in 0..<bins { out[i * bins + b] *= scale }
        }
        return out
    }

    /// Similarity of two fingerprints in [0, 1] and the pitch shift that gives it.
    public static func compare(_ a: AudioFingerprint, _ b: AudioFingerprint) -> Match {
        // The shorter one is the query; equal lengths are ordered by content, so the result does
        // not depend on the argument order.
        let swap = a.frameCount != b.frameCount ? a.frameCount > b.frameCount : b.frames.lexicographicallyPrecedes(a.frames)
        let query = normalise(swap ? b : a)
        let referenceFrames = normalise(swap ? a : b)
        // Half-bin rotations: the reference resampled half a bin up (a speed change moves pitch
        // by fractions of a bin), renormalised.
        let halfStep = halfBinShifted(referenceFrames)
        let bins = AudioFingerprint.bins
        let n = query.count / bins, m = referenceFrames.count / bins
        guard n > 0, m > 0 else { return Match(score: 0, shift: 0) }
        let w = min(window, n)
        let starts = Array(stride(from: 0, through: n - w, by: max(1, w / 2)))
        var best = Match(score: 0, shift: 0)
        var similarity = [Float](repeating: 0, count: n * m)
        for halfShift in (-2 * maxShift)...(2 * maxShift) {
            let shift = halfShift >= 0 ? halfShift / 2 : -((-halfShift + 1) / 2)
            let reference = halfShift & 1 == 0 ? referenceFrames : halfStep
            // similarity[i·m + j] = ⟨query[i], reference[j] rotated by shift⟩
            query.withUnsafeBufferPointer { q in
                reference.withUnsafeBufferPointer { r in
                    similarity.withUnsafeMutableBufferPointer { s in
                        guard let qBase = q.baseAddress, let rBase = r.baseAddress else { return }
                        for i in 0..<n {
                            let qi = qBase + i * bins
                            for j in 0..<m {
                                let rj = rBase + j * bins
                                var acc: Float = 0
                                for k in 0..<bins {
                                    var t = k + shift
                                    if t < 0 { t += bins } else if t >= bins { t -= bins }
                                    acc += qi[k] * rj[t]
                                }
                                s[i * m + j] = acc
                            }
                        }
                    }
                }
            }
            // Each window: the mean along each diagonal (a constant offset j − i) it can take.
            // Pass 1 finds every window's best offset; their median is the anchor. Pass 2 keeps
            // only offsets near the anchor (a trim shifts all windows alike; a speed change
            // drifts them slowly), so chance matches elsewhere cannot lift the score.
            var windowScores: [Float] = []
            windowScores.reserveCapacity(starts.count)
            similarity.withUnsafeBufferPointer { s in
                func mean(_ start: Int, _ offset: Int) -> Float {
                    var sum: Float = 0
                    for i in start..<(start + w) { sum += s[i * m + i + offset] }
                    return sum / Float(w)
                }
                var bestOffsets: [Int] = []
                for start in starts {
                    let lowest = -start, highest = m - w - start
                    guard lowest <= highest else { continue }
                    var bestWindow: Float = -2, bestOffset = 0
                    for offset in lowest...highest {
                        let v = mean(start, offset)
                        if v > bestWindow { bestWindow = v; bestOffset = offset }
                    }
                    bestOffsets.append(bestOffset)
                }
                guard !bestOffsets.isEmpty else { return }
                let anchor = bestOffsets.sorted()[bestOffsets.count / 2]
                let middle = n / 2
                for start in starts {
                    let lowest = -start, highest = m - w - start
                    // ±2 frames, plus 6 % of the distance from the middle for speed drift.
                    let slack = 2 + abs(start + w / 2 - middle) * 6 / 100
                    let from = max(lowest, anchor - slack), to = min(highest, anchor + slack)
                    guard from <= to else { windowScores.append(0); continue }
                    var bestWindow: Float = -1
                    for offset in from...to { bestWindow = max(bestWindow, mean(start, offset)) }
                    windowScores.append(bestWindow)
                }
            }
            guard !windowScores.isEmpty else { continue }
            windowScores.sort()
            let median = Double(windowScores[windowScores.count / 2])
            let score = min(1, max(0, median))
            if score > best.score { best = Match(score: score, shift: swap ? -halfShift : halfShift) }
        }
        return best
    }
}
