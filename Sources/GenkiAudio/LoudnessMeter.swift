import Foundation

/// Integrated loudness after ITU-R BS.1770-4 (K-weighting, 400 ms blocks with 75 % overlap,
/// absolute gate −70 LUFS, relative gate −10 LU), streaming with fixed memory: gated block
/// energies go into a 0.01 LU histogram instead of a list, so hour-long files cost nothing extra.
public struct LoudnessMeter {
    private struct Biquad {
        var b0, b1, b2, a1, a2: Double
    }

    private let shelf: Biquad
    private let highpass: Biquad
    private let channels: Int
    /// Per channel: [shelf z1, shelf z2, hp z1, hp z2].
    private var state: [Double]
    private let subBlockLength: Int
    private var subBlockFill = 0
    private var subBlockEnergy = 0.0
    private var recentSubBlocks: [Double] = [0, 0, 0, 0]
    private var subBlocksSeen = 0

    private static let histogramFloor = -70.0
    private static let histogramStep = 0.01
    private static let histogramBins = 8000  // −70 … +10 LUFS
    private var histogramCount: [Int]
    private var histogramEnergy: [Double]

    /// Creates a meter for `channels`-interleaved input at `sampleRate` Hz.
    public init(sampleRate: Int, channels: Int) {
        let fs = Double(sampleRate)
        // Stage 1: high shelf (+4 dB above ~1.7 kHz), from the analog prototype via bilinear transform.
        do {
            let f0 = 1681.974450955533, gain = 3.999843853973347, q = 0.7071752369554196
            let k = tan(Double.pi * f0 / fs)
            let vh = pow(10, gain / 20)
            let vb = pow(vh, 0.4996667741545416)
            let a0 = 1 + k / q + k * k
            shelf = Biquad(
                b0: (vh + vb * k / q + k * k) / a0,
                b1: 2 * (k * k - vh) / a0,
                b2: (vh - vb * k / q + k * k) / a0,
                a1: 2 * (k * k - 1) / a0,
                a2: (1 - k / q + k * k) / a0
            )
        }
        // Stage 2: RLB high-pass at ~38 Hz.
        do {
            let f0 = 38.13547087602444, q = 0.5003270373238773
            let k = tan(Double.pi * f0 / fs)
            let a0 = 1 + k / q + k * k
            highpass = Biquad(b0: 1, b1: -2, b2: 1, a1: 2 * (k * k - 1) / a0, a2: (1 - k / q + k * k) / a0)
        }
        self.channels = channels
        state = [Double](repeating: 0, count: max(2, channels) * 4)
        subBlockLength = max(1, sampleRate / 10)
        histogramCount = [Int](repeating: 0, count: Self.histogramBins)
        histogramEnergy = [Double](repeating: 0, count: Self.histogramBins)
    }

    /// Feeds `frames` interleaved frames.
    public mutating func process(_ input: UnsafePointer<Float>, frames: Int) {
        var frame = 0
        while frame < frames {
            let take = min(frames - frame, subBlockLength - subBlockFill)
            let energy = channels <= 2
                ? processPair(input + frame * channels, frames: take, stereo: channels == 2)
                : processChannels(input + frame * channels, frames: take)
            subBlockEnergy += energy
            subBlockFill += take
            frame += take
            if subBlockFill == subBlockLength { closeSubBlock() }
        }
    }

    /// One biquad in state-space form, advanced two samples per step: the loop-carried chain is
    /// then two fused multiply-adds per two samples instead of per sample, which halves the
    /// latency bound of this serial filter. `s' = A·s + B·x`, `y = s₁ + b0·x`.
    private struct TwoStep {
        let a11, a12, a21, a22: Double  // A²
        let p1, p2: Double  // A·B (applied to x[n])
        let q1, q2: Double  // B (applied to x[n+1])
        let b0: Double
        let c1, c2, cx: Double  // y[n+1] = c1·s₁ + c2·s₂ + cx·x[n] + b0·x[n+1]
        // One-step form for an odd tail.
        let m1, m2: Double  // s₁' = m1·x − a1·s₁ + s₂, s₂' = m2·x − a2·s₁
        let a1, a2: Double

        init(_ q: Biquad) {
            a1 = q.a1; a2 = q.a2; b0 = q.b0
            m1 = q.b1 - q.a1 * q.b0
            m2 = q.b2 - q.a2 * q.b0
            a11 = q.a1 * q.a1 - q.a2; a12 = -q.a1; a21 = q.a1 * q.a2; a22 = -q.a2
            p1 = -q.a1 * m1 + m2; p2 = -q.a2 * m1
            q1 = m1; q2 = m2
            c1 = -q.a1; c2 = 1; cx = m1
        }
    }

    /// Channels 0 and 1 (or one channel and a silent lane) in the two lanes of SIMD2, both
    /// filters advanced two samples at a time. Returns the summed squared output.
    private mutating func processPair(_ input: UnsafePointer<Float>, frames: Int, stereo: Bool) -> Double {
        let f = TwoStep(shelf), g = TwoStep(highpass)
        var s1 = SIMD2(state[0], state[4]), s2 = SIMD2(state[1], state[5])
        var h1 = SIMD2(state[2], state[6]), h2 = SIMD2(state[3], state[7])
        var acc = SIMD2<Double>()
        @inline(__always) func load(_ i: Int) -> SIMD2<Double> {
            stereo ? SIMD2(Double(input[2 * i]), Double(input[2 * i + 1])) : SIMD2(Double(input[i]), 0)
        }
        var i = 0
        while i + 2 <= frames {
            let x0 = load(i), x1 = load(i + 1)
            // Shelf: outputs for n and n+1 from the state at n, then the state at n+2.
            // Input terms first, state terms last: the state-to-state path is then one multiply
            // and one or two adds long (no FMA: the baseline x86-64 target calls libm for it).
            let y0 = s1 + f.b0 * x0
            let y1 = (f.cx * x0 + f.b0 * x1 + f.c2 * s2) + f.c1 * s1
            let n1 = (f.p1 * x0 + f.q1 * x1 + f.a12 * s2) + f.a11 * s1
            let n2 = (f.p2 * x0 + f.q2 * x1 + f.a22 * s2) + f.a21 * s1
            s1 = n1; s2 = n2
            // High-pass on the shelf's outputs.
            let z0 = h1 + g.b0 * y0
            let z1 = (g.cx * y0 + g.b0 * y1 + g.c2 * h2) + g.c1 * h1
            let k1 = (g.p1 * y0 + g.q1 * y1 + g.a12 * h2) + g.a11 * h1
            let k2 = (g.p2 * y0 + g.q2 * y1 + g.a22 * h2) + g.a21 * h1
            h1 = k1; h2 = k2
            acc += z0 * z0 + z1 * z1
            i += 2
        }
        if i < frames {
            let x = load(i)
            let y = s1 + f.b0 * x
            let n1 = f.m1 * x - f.a1 * s1 + s2
            s2 = f.m2 * x - f.a2 * s1
            s1 = n1
            let z = h1 + g.b0 * y
            let k1 = g.m1 * y - g.a1 * h1 + h2
            h2 = g.m2 * y - g.a2 * h1
            h1 = k1
            acc += z * z
        }
        state[0] = s1.x; state[1] = s2.x; state[2] = h1.x; state[3] = h2.x
        if stereo { state[4] = s1.y; state[5] = s2.y; state[6] = h1.y; state[7] = h2.y }
        return acc.sum()
    }

    /// Any channel count, one channel at a time (transposed direct form II biquads).
    private mutating func processChannels(_ input: UnsafePointer<Float>, frames: Int) -> Double {
        var energy = 0.0
        let channels = self.channels
        let sh = shelf, hp = highpass
        state.withUnsafeMutableBufferPointer { st in
            for c in 0..<channels {
                var s1 = st[c * 4], s2 = st[c * 4 + 1], h1 = st[c * 4 + 2], h2 = st[c * 4 + 3]
                var acc = 0.0
                var p = input + c
                for _ in 0..<frames {
                    let x = Double(p.pointee)
                    let y = sh.b0 * x + s1
                    s1 = sh.b1 * x - sh.a1 * y + s2
                    s2 = sh.b2 * x - sh.a2 * y
                    let z = hp.b0 * y + h1
                    h1 = hp.b1 * y - hp.a1 * z + h2
                    h2 = hp.b2 * y - hp.a2 * z
                    acc += z * z
                    p += channels
                }
                st[c * 4] = s1; st[c * 4 + 1] = s2; st[c * 4 + 2] = h1; st[c * 4 + 3] = h2
                energy += acc
            }
        }
        return energy
    }

    private mutating func closeSubBlock() {
        recentSubBlocks[subBlocksSeen % 4] = subBlockEnergy / Double(subBlockLength)
        subBlocksSeen += 1
        subBlockEnergy = 0
        subBlockFill = 0
        guard subBlocksSeen >= 4 else { return }
        let blockEnergy = (recentSubBlocks[0] + recentSubBlocks[1] + recentSubBlocks[2] + recentSubBlocks[3]) / 4
        guard blockEnergy > 0 else { return }
        let loudness = -0.691 + 10 * log10(blockEnergy)
        guard loudness >= Self.histogramFloor else { return }
        let bin = min(Self.histogramBins - 1, Int((loudness - Self.histogramFloor) / Self.histogramStep))
        histogramCount[bin] += 1
        histogramEnergy[bin] += blockEnergy
    }

    /// Integrated loudness in LUFS, or nil when no block passes the gates (silence, < 400 ms).
    public var integratedLoudness: Double? {
        var count = 0, energy = 0.0
        for i in 0..<Self.histogramBins { count += histogramCount[i]; energy += histogramEnergy[i] }
        guard count > 0 else { return nil }
        let relativeGate = -0.691 + 10 * log10(energy / Double(count)) - 10
        let firstBin = max(0, Int(((relativeGate - Self.histogramFloor) / Self.histogramStep).rounded(.up)))
        var gatedCount = 0, gatedEnergy = 0.0
        for i in min(firstBin, Self.histogramBins)..<Self.histogramBins {
            gatedCount += histogramCount[i]
            gatedEnergy += histogramEnergy[i]
        }
        guard gatedCount > 0 else { return nil }
        return -0.691 + 10 * log10(gatedEnergy / Double(gatedCount))
    }
}
