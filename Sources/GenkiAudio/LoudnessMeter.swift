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
        state = [Double](repeating: 0, count: channels * 4)
        subBlockLength = max(1, sampleRate / 10)
        histogramCount = [Int](repeating: 0, count: Self.histogramBins)
        histogramEnergy = [Double](repeating: 0, count: Self.histogramBins)
    }

    /// Feeds `frames` interleaved frames.
    public mutating func process(_ input: UnsafePointer<Float>, frames: Int) {
        var frame = 0
        while frame < frames {
            let take = min(frames - frame, subBlockLength - subBlockFill)
            let energy = channels == 2
                ? processStereo(input + frame * 2, frames: take)
                : processChannels(input + frame * channels, frames: take)
            subBlockEnergy += energy
            subBlockFill += take
            frame += take
            if subBlockFill == subBlockLength { closeSubBlock() }
        }
    }

    /// Both channels of a stereo stream in the two lanes of SIMD2: the filters are serial in time,
    /// so lanes are the only parallelism, and stereo is the common case.
    private mutating func processStereo(_ input: UnsafePointer<Float>, frames: Int) -> Double {
        var s1 = SIMD2(state[0], state[4]), s2 = SIMD2(state[1], state[5])
        var h1 = SIMD2(state[2], state[6]), h2 = SIMD2(state[3], state[7])
        let sh = shelf, hp = highpass
        var acc = SIMD2<Double>()
        for i in 0..<frames {
            let x = SIMD2(Double(input[2 * i]), Double(input[2 * i + 1]))
            let y = sh.b0 * x + s1
            s1 = sh.b1 * x - sh.a1 * y + s2
            s2 = sh.b2 * x - sh.a2 * y
            let z = hp.b0 * y + h1
            h1 = hp.b1 * y - hp.a1 * z + h2
            h2 = hp.b2 * y - hp.a2 * z
            acc += z * z
        }
        state[0] = s1.x; state[4] = s1.y; state[1] = s2.x; state[5] = s2.y
        state[2] = h1.x; state[6] = h1.y; state[3] = h2.x; state[7] = h2.y
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
