import CFFTW
import Foundation
import GenkiFingerprint

/// Finds the salient peaks of a mono stream on a log-frequency time–frequency map: the events
/// that landmark keys (`AudioLandmarks`) are built from.
///
/// The stream (5,512.5 Hz, the fingerprint stream halved) is analysed in Hann frames of 1,024
/// samples (186 ms) every 128 (23 ms). Each frame's magnitude spectrum is resampled onto 144
/// log-frequency bins, a third of a semitone apart, from 130.8 Hz (C3) to 2,093 Hz (C7), so a
/// pitch shift moves every peak by the same number of bins; values are in decibels, so a gain
/// change moves every value alike and selects the same peaks.
///
/// A cell is a peak when it is the largest value within ±`timeRadius` frames and
/// ±`binRadius` bins, stands `minimumProminence` dB above the mean of its frame's
/// neighbourhood, is no more than `dynamicRange` dB below the loudest cell of the
/// surrounding second, and is among the `maximumPerWindow` strongest such maxima within
/// ±`densityRadius` frames. Every rule is local and shift-invariant, so a trimmed copy gets the
/// same peaks in the part it keeps. Frames are processed in blocks: memory stays bounded
/// whatever the stream's length.
public final class SpectralPeakPicker {
    /// Sample rate the picker expects.
    public static let sampleRate = 5_512.5
    /// Frame length and hop, in samples.
    public static let frameSize = 1024, hop = 128
    /// Frames per second.
    public static let framesPerSecond = sampleRate / Double(hop)
    /// Log-frequency bins: `binsPerOctave` per octave over four octaves from `minHz`.
    public static let binsPerOctave = 36
    public static let binCount = 144
    public static let minHz = 130.8128

    /// Local-maximum neighbourhood.
    static let timeRadius = 4, binRadius = 5
    /// Window for the prominence mean (bins each side).
    static let meanRadius = 12
    static let minimumProminence: Float = 6
    /// Peaks more than this far below the loudest cell within ±`loudnessRadius` frames are noise.
    static let dynamicRange: Float = 45
    static let loudnessRadius = 43
    /// Density rule: at most this many peaks within ±`densityRadius` frames (≈ ±0.5 s).
    static let maximumPerWindow = 12
    static let densityRadius = 21
    /// Decibel floor: cells quieter than this (relative to a full-scale sine) are silence.
    static let floorDB: Float = -75

    private let plan: FFTPlan?
    private let input: UnsafeMutablePointer<Float>
    private let output: UnsafeMutablePointer<fftwf_complex>
    private let window: [Float]
    /// For each log bin: fractional FFT bin of its centre, and the FFT bin range it spans.
    private let centres: [Float]
    private let spans: [(lo: Int, hi: Int)]
    private var slicer = FrameSlicer(size: SpectralPeakPicker.frameSize, hop: SpectralPeakPicker.hop)
    /// Decibel frames (`binCount` each) from global frame `base` on.
    private var spectrum: [Float] = []
    private var base = 0
    private var analysed = 0
    /// Local maxima (with their value) not yet passed through the density rule.
    private var candidates: [(peak: AudioPeak, value: Float)] = []
    /// First frame whose local maxima are not yet found, and first whose density is not decided.
    private var maximaDone = 0
    private var densityDone = 0
    /// Peaks found so far, in frame then bin order.
    public private(set) var peaks: [AudioPeak] = []

    public init() {
        let n = Self.frameSize
        plan = FFTPlan.shared(size: n)
        input = UnsafeMutablePointer(fftwf_alloc_real(n) ?? UnsafeMutablePointer<Float>.allocate(capacity: n))
        output = fftwf_alloc_complex(n / 2 + 1) ?? UnsafeMutablePointer<fftwf_complex>.allocate(capacity: n / 2 + 1)
        // Scaled so a full-scale sine peaks near 0 dB.
        window = (0..<n).map { Float((0.5 - 0.5 * cos(2 * Double.pi * Double($0) / Double(n))) * 4 / Double(n)) }
        let resolution = Self.sampleRate / Double(n)
        var centres: [Float] = [], spans: [(Int, Int)] = []
        for b in 0..<Self.binCount {
            let f = Self.minHz * pow(2, Double(b) / Double(Self.binsPerOctave))
            let half = pow(2, 0.5 / Double(Self.binsPerOctave))
            centres.append(Float(f / resolution))
            spans.append((Int((f / half / resolution).rounded(.up)), Int((f * half / resolution).rounded(.down))))
        }
        self.centres = centres
        self.spans = spans
    }

    deinit {
        fftwf_free(input)
        fftwf_free(output)
    }

    /// Feeds samples at `sampleRate`.
    public func process(_ samples: UnsafeBufferPointer<Float>) {
        slicer.feed(samples) { analyse($0) }
        if analysed - maximaDone >= 1024 { advance(final: false) }
    }

    /// Flushes the stream: pads the last frame and decides every remaining peak.
    public func finish() {
        slicer.finish { analyse($0) }
        advance(final: true)
    }

    private func analyse(_ frame: [Float]) {
        guard let plan else { return }
        let n = Self.frameSize, input = self.input
        frame.withUnsafeBufferPointer { r in
            window.withUnsafeBufferPointer { w in
                for k in 0..<n { input[k] = r[k] * w[k] }
            }
        }
        fftwf_execute_dft_r2c(plan.plan, input, output)
        let raw = UnsafeRawPointer(output).assumingMemoryBound(to: Float.self)
        var power = [Float](repeating: 0, count: n / 2 + 1)
        for k in 0...(n / 2) { power[k] = raw[2 * k] * raw[2 * k] + raw[2 * k + 1] * raw[2 * k + 1] }
        let floorPower = powf(10, Self.floorDB / 10)
        for b in 0..<Self.binCount {
            let span = spans[b]
            var p: Float
            if span.hi >= span.lo {
                p = 0
                for k in span.lo...span.hi { p = max(p, power[k]) }
            } else {
                // Narrower than an FFT bin: interpolate between the two nearest.
                let c = centres[b], k = Int(c), f = c - Float(k)
                p = power[k] * (1 - f) + power[k + 1] * f
            }
            spectrum.append(10 * log10f(max(p, floorPower)))
        }
        analysed += 1
    }

    @inline(__always)
    private func value(_ frame: Int, _ bin: Int) -> Float { spectrum[(frame - base) * Self.binCount + bin] }

    /// Finds local maxima and applies the density rule as far as the buffered frames allow
    /// (everything when `final`), then drops frames no rule needs any more.
    private func advance(final: Bool) {
        let bins = Self.binCount
        let needAhead = max(Self.timeRadius, Self.loudnessRadius)
        let maximaEnd = final ? analysed : analysed - needAhead
        if maximaEnd > maximaDone {
            // Loudest cell per frame, for the dynamic-range rule.
            var loudest = [Float](repeating: Self.floorDB, count: analysed - base)
            for f in base..<analysed {
                var m = Self.floorDB
                for b in 0..<bins { m = max(m, value(f, b)) }
                loudest[f - base] = m
            }
            for t in maximaDone..<maximaEnd {
                let lo = max(base, t - Self.timeRadius), hi = min(analysed - 1, t + Self.timeRadius)
                var reference = Self.floorDB
                for f in max(base, t - Self.loudnessRadius)...min(analysed - 1, t + Self.loudnessRadius) { reference = max(reference, loudest[f - base]) }
                for b in 0..<bins {
                    let v = value(t, b)
                    guard v > Self.floorDB + 1, v >= reference - Self.dynamicRange else { continue }
                    var isMax = true
                    scan: for f in lo...hi {
                        for c in max(0, b - Self.binRadius)...min(bins - 1, b + Self.binRadius) where !(f == t && c == b) {
                            let w = value(f, c)
                            // Ties go to the earliest cell, so a plateau yields one peak.
                            if w > v || (w == v && (f, c) < (t, b)) { isMax = false; break scan }
                        }
                    }
                    guard isMax else { continue }
                    var mean: Float = 0
                    let mlo = max(0, b - Self.meanRadius), mhi = min(bins - 1, b + Self.meanRadius)
                    for c in mlo...mhi { mean += value(t, c) }
                    mean /= Float(mhi - mlo + 1)
                    guard v - mean >= Self.minimumProminence else { continue }
                    candidates.append((AudioPeak(frame: Int32(t), bin: UInt8(b)), v))
                }
            }
            maximaDone = maximaEnd
        }
        // Density: a candidate survives when fewer than `maximumPerWindow` candidates within
        // ±`densityRadius` frames are stronger (ties: earlier frame, then lower bin).
        let densityEnd = final ? maximaDone : maximaDone - Self.densityRadius
        if densityEnd > densityDone {
            var j0 = 0
            for (i, c) in candidates.enumerated() where Int(c.peak.frame) >= densityDone && Int(c.peak.frame) < densityEnd {
                while Int(candidates[j0].peak.frame) < Int(c.peak.frame) - Self.densityRadius { j0 += 1 }
                var stronger = 0
                var j = j0
                while j < candidates.count && Int(candidates[j].peak.frame) <= Int(c.peak.frame) + Self.densityRadius {
                    let o = candidates[j]
                    if j != i && (o.value > c.value || (o.value == c.value && j < i)) { stronger += 1 }
                    j += 1
                }
                if stronger < Self.maximumPerWindow { peaks.append(c.peak) }
            }
            densityDone = densityEnd
            candidates.removeAll { Int($0.peak.frame) < densityDone - Self.densityRadius }
        }
        // Keep the frames the next block's rules look back on.
        let keepFrom = max(base, min(maximaDone - needAhead, analysed))
        if keepFrom > base {
            spectrum.removeFirst((keepFrom - base) * bins)
            base = keepFrom
        }
    }
}
