import GenkiModel

/// Compares two audio fingerprints with a search over pitch shift and time alignment.
///
/// Frames are compared dequantised: centred unit vectors, so a frame pair scores its Pearson
/// correlation. The shorter recording is the query: it is cut into windows of 16 frames
/// (≈ 3 s, half-overlapping), and each window finds its best-aligned offset in the other
/// recording independently, which absorbs trims and the slow drift of a speed or tempo change.
/// For each circular shift of up to ±`maxShift` bins (±4/3 semitone) the median window score is
/// taken, and the best shift wins. A copy scores near 1; different pieces score near 0, and
/// pieces that merely share a riff stay low because most windows find nothing.
public enum AudioMatcher {
    /// Score at or above which two recordings are the same piece (calibrated with `make bench`
    /// and the test grid: disguised copies score ≥ 0.64, different pieces ≤ 0.28).
    public static let threshold = 0.45
    /// `screen` score below which a pair can skip `compare`: below the match threshold, and
    /// well below what true copies screen at (≥ 0.55 on the 200-piece grid of `make bench`).
    public static let screenThreshold = 0.4
    /// Largest pitch shift searched, in thirds of a semitone.
    public static let maxShift = 4
    /// Window length in frames.
    public static let window = 24
    /// Recordings shorter than one window (≈ 4.5 s) are too short to judge: they score 0
    /// (a single short window correlates by chance too easily).
    public static let minimumFrames = window

    /// The best alignment found.
    public struct Match: Sendable, Equatable {
        /// Median window correlation at the best shift, clamped to [0, 1].
        public var score: Double
        /// Pitch shift between the two fingerprints, in sixths of a semitone (half bins).
        public var shift: Int
    }

    /// Each frame moved up by half a bin (linear interpolation between neighbouring bins; a
    /// centred frame stays centred), scaled to unit length again.
    static func halfBinShifted(_ frames: [Float]) -> [Float] {
        let bins = AudioFingerprint.bins
        var out = [Float](repeating: 0, count: frames.count)
        for i in 0..<(frames.count / bins) {
            for b in 0..<bins { out[i * bins + b] = 0.5 * (frames[i * bins + b] + frames[i * bins + (b + 1) % bins]) }
            AudioFingerprint.makeUnit(&out, frame: i, centre: false, floor: 1e-9)
        }
        return out
    }

    /// A fingerprint made ready for many comparisons: normalised frames, their half-bin
    /// rotation, and a coarse version (3 frames averaged, ≈ 0.56 s) for cheap screening.
    public struct Prepared: Sendable {
        public let fingerprint: AudioFingerprint
        let frames: [Float]
        let half: [Float]
        let coarse: [Float]

        public init(_ fingerprint: AudioFingerprint) {
            self.fingerprint = fingerprint
            frames = fingerprint.dequantised()
            half = AudioMatcher.halfBinShifted(frames)
            coarse = AudioMatcher.decimated(frames, by: 3)
        }

        public var frameCount: Int { fingerprint.frameCount }
    }

    /// Frames averaged in groups of `factor`, renormalised.
    static func decimated(_ frames: [Float], by factor: Int) -> [Float] {
        let bins = AudioFingerprint.bins
        let n = frames.count / bins / factor
        var out = [Float](repeating: 0, count: n * bins)
        for i in 0..<n {
            for b in 0..<bins {
                var v: Float = 0
                for k in 0..<factor { v += frames[(i * factor + k) * bins + b] }
                out[i * bins + b] = v
            }
            AudioFingerprint.makeUnit(&out, frame: i, centre: false, floor: 1e-9)
        }
        return out
    }

    /// Similarity of two fingerprints in [0, 1] and the pitch shift that gives it.
    public static func compare(_ a: AudioFingerprint, _ b: AudioFingerprint) -> Match {
        compare(Prepared(a), Prepared(b))
    }

    /// Whether `a` is the query against `b`: the shorter one; equal lengths are ordered by
    /// content, so results do not depend on the argument order.
    static func isQuery(_ a: Prepared, _ b: Prepared) -> Bool {
        a.frameCount != b.frameCount ? a.frameCount < b.frameCount : !b.fingerprint.frames.lexicographicallyPrecedes(a.fingerprint.frames)
    }

    /// Full comparison: half-bin pitch shifts up to ±`maxShift` bins, windows of `window` frames.
    public static func compare(_ a: Prepared, _ b: Prepared) -> Match {
        guard min(a.frameCount, b.frameCount) >= minimumFrames else { return Match(score: 0, shift: 0) }
        let aIsQuery = isQuery(a, b)
        let (q, r) = aIsQuery ? (a, b) : (b, a)
        let result = align(query: q.frames, reference: r.frames, referenceHalf: r.half, window: window, maxShift: maxShift, slack: 2)
        return Match(score: result.score, shift: aIsQuery ? result.halfShift : -result.halfShift)
    }

    /// Cheap screening score on the coarse frames (whole-bin shifts, 8-frame windows): about
    /// 18 times less work than `compare`, and never far below it for true copies, so pairs
    /// under a low screening threshold can be skipped.
    public static func screen(_ a: Prepared, _ b: Prepared) -> Double {
        guard min(a.frameCount, b.frameCount) >= minimumFrames else { return 0 }
        let (q, r) = isQuery(a, b) ? (a, b) : (b, a)
        return align(query: q.coarse, reference: r.coarse, referenceHalf: nil, window: window / 3, maxShift: maxShift, slack: 1).score
    }

    /// The alignment search: for each shift, every query window finds its best offset, the
    /// median offset anchors the alignment, windows are rescored near the anchor, and the
    /// median window score is the shift's score. Returns the best score and its shift in half bins.
    static func align(
        query: [Float], reference: [Float], referenceHalf: [Float]?, window: Int, maxShift: Int, slack slackBase: Int
    ) -> (score: Double, halfShift: Int) {
        let bins = AudioFingerprint.bins
        let n = query.count / bins
        let m = reference.count / bins
        guard n > 0, m > 0 else { return (0, 0) }
        let w = min(window, n)
        let starts = Array(stride(from: 0, through: n - w, by: max(1, w / 2)))
        var best: (score: Double, halfShift: Int) = (0, 0)
        var similarity = [Float](repeating: 0, count: n * m)
        let step = referenceHalf == nil ? 2 : 1
        for halfShift in stride(from: -2 * maxShift, through: 2 * maxShift, by: step) {
            let shift = halfShift >= 0 ? halfShift / 2 : -((-halfShift + 1) / 2)
            let ref = halfShift & 1 == 0 ? reference : (referenceHalf ?? reference)
            // similarity[i·m + j] = ⟨query[i], reference[j] rotated by shift⟩
            query.withUnsafeBufferPointer { qp in
                ref.withUnsafeBufferPointer { rp in
                    similarity.withUnsafeMutableBufferPointer { s in
                        guard let qBase = qp.baseAddress, let rBase = rp.baseAddress else { return }
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
                    let lowest = -start
                    let highest = m - w - start
                    guard lowest <= highest else { continue }
                    var bestWindow: Float = -2
                    var bestOffset = 0
                    for offset in lowest...highest {
                        let v = mean(start, offset)
                        if v > bestWindow {
                            bestWindow = v
                            bestOffset = offset
                        }
                    }
                    bestOffsets.append(bestOffset)
                }
                guard !bestOffsets.isEmpty else { return }
                let anchor = bestOffsets.sorted()[bestOffsets.count / 2]
                let middle = n / 2
                for start in starts {
                    let lowest = -start
                    let highest = m - w - start
                    // A few frames, plus 6 % of the distance from the middle for speed drift.
                    let slack = slackBase + abs(start + w / 2 - middle) * 6 / 100
                    let from = max(lowest, anchor - slack)
                    let to = min(highest, anchor + slack)
                    guard from <= to else {
                        windowScores.append(0)
                        continue
                    }
                    var bestWindow: Float = -1
                    for offset in from...to { bestWindow = max(bestWindow, mean(start, offset)) }
                    windowScores.append(bestWindow)
                }
            }
            guard !windowScores.isEmpty else { continue }
            windowScores.sort()
            let score = min(1, max(0, Double(windowScores[windowScores.count / 2])))
            if score > best.score { best = (score, halfShift) }
        }
        return best
    }
}
