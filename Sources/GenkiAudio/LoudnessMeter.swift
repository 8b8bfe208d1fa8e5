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
    /// Per channel: [shelf z1, shelf z2, hp z1, hp z2] (the general path, three or more channels).
    private var state: [Double]
    /// The one- and two-channel path's coefficients and state (lanes: shelf 0, shelf 1, hp 0, hp 1).
    private let pipelined: Pipelined
    private var pipeState1 = SIMD4<Float>(), pipeState2 = SIMD4<Float>()
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
            let f0 = 1681.974450955533
            let gain = 3.999843853973347
            let q = 0.7071752369554196
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
            let f0 = 38.13547087602444
            let q = 0.5003270373238773
            let k = tan(Double.pi * f0 / fs)
            let a0 = 1 + k / q + k * k
            highpass = Biquad(b0: 1, b1: -2, b2: 1, a1: 2 * (k * k - 1) / a0, a2: (1 - k / q + k * k) / a0)
        }
        pipelined = Pipelined(shelf: shelf, highpass: highpass)
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
            let energy =
                channels <= 2
                ? processPair(input + frame * channels, frames: take, stereo: channels == 2)
                : processChannels(input + frame * channels, frames: take)
            subBlockEnergy += energy
            subBlockFill += take
            frame += take
            if subBlockFill == subBlockLength { closeSubBlock() }
        }
    }

    /// Both K-weighting stages in one state-space recursion over the four lanes of a
    /// `SIMD4<Float>`: lanes 0 and 1 run the shelf on channels 0 and 1, lanes 2 and 3 the
    /// high-pass on the shelf's outputs of the step before (a two-stage software pipeline), so
    /// one 128-bit vector op advances all four filters. Each step advances two samples:
    /// `s' = A²·s + A·B·x₀ + B·x₁`, `y₀ = s₁ + b0·x₀`, `y₁ = c1·s₁ + s₂ + cx·x₀ + b0·x₁`.
    private struct Pipelined {
        let b0, c1, cx, p1, p2, q1, q2, a11, a12, a21, a22: SIMD4<Float>
        // One-sample form for the pipeline's fill, drain and odd tail.
        let m1, m2, a1, a2: SIMD4<Float>

        init(shelf f: Biquad, highpass g: Biquad) {
            func lanes(_ x: (Biquad) -> Double) -> SIMD4<Float> {
                let a = Float(x(f))
                let b = Float(x(g))
                return SIMD4(a, a, b, b)
            }
            func m1(_ q: Biquad) -> Double { q.b1 - q.a1 * q.b0 }
            func m2(_ q: Biquad) -> Double { q.b2 - q.a2 * q.b0 }
            b0 = lanes { $0.b0 }
            c1 = lanes { -$0.a1 }
            cx = lanes(m1)
            p1 = lanes { -$0.a1 * m1($0) + m2($0) }
            p2 = lanes { -$0.a2 * m1($0) }
            q1 = lanes(m1)
            q2 = lanes(m2)
            a11 = lanes { $0.a1 * $0.a1 - $0.a2 }
            a12 = lanes { -$0.a1 }
            a21 = lanes { $0.a1 * $0.a2 }
            a22 = lanes { -$0.a2 }
            self.m1 = lanes(m1)
            self.m2 = lanes(m2)
            a1 = lanes { $0.a1 }
            a2 = lanes { $0.a2 }
        }
    }

    /// Channels 0 and 1 (or one channel and a silent lane) through both stages, two samples
    /// per step of the pipelined recursion. Returns the summed squared output.
    private mutating func processPair(_ input: UnsafePointer<Float>, frames: Int, stereo: Bool) -> Double {
        let k = pipelined
        var s1 = pipeState1
        var s2 = pipeState2
        @inline(__always) func load(_ i: Int) -> SIMD2<Float> {
            stereo ? SIMD2(input[2 * i], input[2 * i + 1]) : SIMD2(input[i], 0)
        }
        // One sample on the selected lanes only.
        @inline(__always) func single(_ x: SIMD4<Float>, _ lanes: SIMDMask<SIMD4<Int32>>) -> SIMD4<Float> {
            let y = s1 + k.b0 * x
            let n1 = (k.m1 * x + s2) - k.a1 * s1
            let n2 = k.m2 * x - k.a2 * s1
            s1.replace(with: n1, where: lanes)
            s2.replace(with: n2, where: lanes)
            return y
        }
        let shelfLanes = SIMDMask<SIMD4<Int32>>(SIMD4(-1, -1, 0, 0))
        let highpassLanes = SIMDMask<SIMD4<Int32>>(SIMD4(0, 0, -1, -1))
        var acc = SIMD4<Float>()
        var i = 0
        if frames >= 8 {
            // Fill: the shelf alone on samples 0–3. The high-pass then runs two steps behind the
            // shelf, so no step waits on the one just before it.
            var older0 = single(SIMD4(lowHalf: load(0), highHalf: .zero), shelfLanes).lowHalf
            var older1 = single(SIMD4(lowHalf: load(1), highHalf: .zero), shelfLanes).lowHalf
            var newer0 = single(SIMD4(lowHalf: load(2), highHalf: .zero), shelfLanes).lowHalf
            var newer1 = single(SIMD4(lowHalf: load(3), highHalf: .zero), shelfLanes).lowHalf
            i = 4
            while i + 2 <= frames {
                // Lanes 0–1: shelf on samples i, i+1; lanes 2–3: high-pass on i−4, i−3.
                let x0 = SIMD4(lowHalf: load(i), highHalf: older0)
                let x1 = SIMD4(lowHalf: load(i + 1), highHalf: older1)
                // Input terms first, state terms last: the state-to-state path stays short.
                let y0 = s1 + k.b0 * x0
                let y1 = (k.cx * x0 + k.b0 * x1 + s2) + k.c1 * s1
                let n1 = (k.p1 * x0 + k.q1 * x1 + k.a12 * s2) + k.a11 * s1
                let n2 = (k.p2 * x0 + k.q2 * x1 + k.a22 * s2) + k.a21 * s1
                s1 = n1
                s2 = n2
                older0 = newer0
                older1 = newer1
                newer0 = y0.lowHalf
                newer1 = y1.lowHalf
                acc += y0 * y0 + y1 * y1
                i += 2
            }
            // Drain: the high-pass on the last four shelf outputs.
            for y in [older0, older1, newer0, newer1] {
                let z = single(SIMD4(lowHalf: .zero, highHalf: y), highpassLanes)
                acc += z * z
            }
        }
        while i < frames {
            let y = single(SIMD4(lowHalf: load(i), highHalf: .zero), shelfLanes).lowHalf
            let z = single(SIMD4(lowHalf: .zero, highHalf: y), highpassLanes)
            acc += z * z
            i += 1
        }
        pipeState1 = s1
        pipeState2 = s2
        // Lanes 0–1 summed shelf outputs, not loudness: only the high-pass lanes count.
        return Double(acc[2]) + Double(acc[3])
    }

    /// Any channel count, one channel at a time (transposed direct form II biquads).
    private mutating func processChannels(_ input: UnsafePointer<Float>, frames: Int) -> Double {
        var energy = 0.0
        let channels = self.channels
        let sh = shelf
        let hp = highpass
        state.withUnsafeMutableBufferPointer { st in
            for c in 0..<channels {
                var s1 = st[c * 4]
                var s2 = st[c * 4 + 1]
                var h1 = st[c * 4 + 2]
                var h2 = st[c * 4 + 3]
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
                st[c * 4] = s1
                st[c * 4 + 1] = s2
                st[c * 4 + 2] = h1
                st[c * 4 + 3] = h2
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
        // A non-finite energy (samples so large their squares overflow, or NaN input that has
        // poisoned the filter state) has no loudness: the block is left out, never converted.
        guard blockEnergy > 0, blockEnergy.isFinite else { return }
        let loudness = -0.691 + 10 * log10(blockEnergy)
        guard loudness >= Self.histogramFloor else { return }
        let position = (loudness - Self.histogramFloor) / Self.histogramStep
        let bin = position < Double(Self.histogramBins - 1) ? Int(position) : Self.histogramBins - 1
        histogramCount[bin] += 1
        histogramEnergy[bin] += blockEnergy
    }

    /// Integrated loudness in LUFS, or nil when no block passes the gates (silence, < 400 ms).
    public var integratedLoudness: Double? {
        var count = 0
        var energy = 0.0
        for i in 0..<Self.histogramBins {
            count += histogramCount[i]
            energy += histogramEnergy[i]
        }
        guard count > 0 else { return nil }
        let relativeGate = -0.691 + 10 * log10(energy / Double(count)) - 10
        // Finite block energies can still sum to +∞; then no block passes the relative gate.
        guard relativeGate.isFinite else { return nil }
        let gatePosition = ((relativeGate - Self.histogramFloor) / Self.histogramStep).rounded(.up)
        let firstBin = gatePosition <= 0 ? 0 : gatePosition < Double(Self.histogramBins) ? Int(gatePosition) : Self.histogramBins
        var gatedCount = 0
        var gatedEnergy = 0.0
        for i in min(firstBin, Self.histogramBins)..<Self.histogramBins {
            gatedCount += histogramCount[i]
            gatedEnergy += histogramEnergy[i]
        }
        guard gatedCount > 0 else { return nil }
        return -0.691 + 10 * log10(gatedEnergy / Double(gatedCount))
    }
}
