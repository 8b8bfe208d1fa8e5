import CFFTW
import Foundation
import GenkiFingerprint
import GenkiModel

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
    public static let binCount = 144  // a multiple of 8: the neighbourhood maxima run 8 lanes at a time
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
    /// Per buffered frame: each bin's maximum over ±`binRadius` bins, and the loudest cell.
    private var rowMax: [Float] = []
    private var loudest: [Float] = []
    /// Scratch: one frame's power spectrum, decibels, padded decibels and neighbourhood maxima.
    private var power = [Float](repeating: 0, count: SpectralPeakPicker.frameSize / 2 + 1)
    private var row = [Float](repeating: 0, count: SpectralPeakPicker.binCount)
    private var padded = [Float](repeating: -.infinity, count: SpectralPeakPicker.binCount + 2 * SpectralPeakPicker.binRadius)
    private var column = [Float](repeating: 0, count: SpectralPeakPicker.binCount)
    private var neighbourhood = [Float](repeating: 0, count: SpectralPeakPicker.binCount)

    /// `10·log10(p)` for positive powers, in plain IEEE arithmetic (no libm), so every machine
    /// computes the same decibels and so the same peaks. The mantissa is reduced to
    /// [√½, √2) and `ln` comes from the atanh series to the 7th power: error below 1e-6 dB.
    @inline(__always)
    public static func decibels(_ p: SIMD8<Float>) -> SIMD8<Float> {
        let bits = unsafeBitCast(p, to: SIMD8<Int32>.self)
        var exponent = (bits &>> 23) &- 127
        var m = unsafeBitCast((bits & 0x007F_FFFF) | 0x3F80_0000, to: SIMD8<Float>.self)
        let high = m .> 1.414_213_6
        m.replace(with: m * 0.5, where: high)
        exponent.replace(with: exponent &+ 1, where: high)
        let one = SIMD8<Float>(repeating: 1)
        let t: SIMD8<Float> = (m - one) / (m + one)
        let t2: SIMD8<Float> = t * t
        var series: SIMD8<Float> = t2 * (1.0 / 7.0) + (1.0 / 5.0)
        series = series * t2 + (1.0 / 3.0)
        series = series * t2 + one
        let ln: SIMD8<Float> = 2 * t * series
        // 10·log10(2) = 3.0103, 10·log10(e) = 4.3429.
        let whole: SIMD8<Float> = SIMD8<Float>(exponent) * 3.010_299_9
        return whole + ln * 4.342_944_8
    }

    /// Lane-wise maximum (the decibel values are never NaN).
    @inline(__always)
    private static func larger(_ a: SIMD8<Float>, _ b: SIMD8<Float>) -> SIMD8<Float> { a.replacing(with: b, where: b .> a) }
    private var base = 0
    private var analysed = 0
    /// Local maxima (with their value) not yet passed through the density rule.
    private var candidates: [(peak: AudioPeak, value: Float)] = []
    /// First frame whose local maxima are not yet found, and first whose density is not decided.
    private var maximaDone = 0
    private var densityDone = 0
    /// Peaks found so far, in frame then bin order.
    public private(set) var peaks: [AudioPeak] = []

    /// The Hann window scaled so a full-scale sine peaks near 0 dB, built once per process.
    private static let scaledWindow: [Float] = {
        let n = frameSize
        return (0..<n).map { Float((0.5 - 0.5 * cos(2 * Double.pi * Double($0) / Double(n))) * 4 / Double(n)) }
    }()

    public init() {
        let n = Self.frameSize
        plan = FFTPlan.shared(size: n)
        input = UnsafeMutablePointer(fftwf_alloc_real(n) ?? UnsafeMutablePointer<Float>.allocate(capacity: n))
        output = fftwf_alloc_complex(n / 2 + 1) ?? UnsafeMutablePointer<fftwf_complex>.allocate(capacity: n / 2 + 1)
        window = Self.scaledWindow
        let resolution = Self.sampleRate / Double(n)
        var centres: [Float] = []
        var spans: [(Int, Int)] = []
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
        let n = Self.frameSize
        let bins = Self.binCount
        let input = self.input
        frame.withUnsafeBufferPointer { r in
            window.withUnsafeBufferPointer { w in
                for k in 0..<n { input[k] = r[k] * w[k] }
            }
        }
        fftwf_execute_dft_r2c(plan.plan, input, output)
        let raw = UnsafeRawPointer(output).assumingMemoryBound(to: Float.self)
        let floorPower = powf(10, Self.floorDB / 10)
        power.withUnsafeMutableBufferPointer { power in
            for k in 0...(n / 2) { power[k] = raw[2 * k] * raw[2 * k] + raw[2 * k + 1] * raw[2 * k + 1] }
            row.withUnsafeMutableBufferPointer { row in
                for b in 0..<bins {
                    let span = spans[b]
                    var p: Float
                    if span.hi >= span.lo {
                        p = 0
                        for k in span.lo...span.hi { p = max(p, power[k]) }
                    } else {
                        // Narrower than an FFT bin: interpolate between the two nearest.
                        let c = centres[b]
                        let k = Int(c)
                        let f = c - Float(k)
                        p = power[k] * (1 - f) + power[k + 1] * f
                    }
                    row[b] = max(p, floorPower)
                }
                // Power to decibels, 8 bins at a time.
                if let base = row.baseAddress {
                    let raw = UnsafeMutableRawPointer(base)
                    for b in stride(from: 0, to: bins, by: 8) {
                        let p = raw.loadUnaligned(fromByteOffset: b * 4, as: SIMD8<Float>.self)
                        raw.storeBytes(of: Self.decibels(p), toByteOffset: b * 4, as: SIMD8<Float>.self)
                    }
                }
            }
        }
        // The frame's decibels, their maximum over ±binRadius bins (for the local-maximum
        // test) and the frame's loudest cell (for the dynamic-range rule).
        var loudestCell = Self.floorDB
        padded.withUnsafeMutableBufferPointer { padded in
            row.withUnsafeBufferPointer { row in
                for b in 0..<bins {
                    padded[Self.binRadius + b] = row[b]
                    loudestCell = max(loudestCell, row[b])
                }
            }
            guard let source = padded.baseAddress else { return }
            neighbourhood.withUnsafeMutableBufferPointer { out in
                guard let target = out.baseAddress else { return }
                let raw = UnsafeRawPointer(source)
                for b in stride(from: 0, to: bins, by: 8) {
                    var m = raw.loadUnaligned(fromByteOffset: b * 4, as: SIMD8<Float>.self)
                    for d in 1...(2 * Self.binRadius) {
                        m = Self.larger(m, raw.loadUnaligned(fromByteOffset: (b + d) * 4, as: SIMD8<Float>.self))
                    }
                    UnsafeMutableRawPointer(target).storeBytes(of: m, toByteOffset: b * 4, as: SIMD8<Float>.self)
                }
            }
        }
        rowMax.append(contentsOf: neighbourhood)
        spectrum.append(contentsOf: row)
        loudest.append(loudestCell)
        analysed += 1
    }

    /// Finds local maxima and applies the density rule as far as the buffered frames allow
    /// (everything when `final`), then drops frames no rule needs any more.
    private func advance(final: Bool) {
        let bins = Self.binCount
        let needAhead = max(Self.timeRadius, Self.loudnessRadius)
        let maximaEnd = final ? analysed : analysed - needAhead
        if maximaEnd > maximaDone {
            let (base, analysed) = (self.base, self.analysed)
            spectrum.withUnsafeBufferPointer { spectrum in
                rowMax.withUnsafeBufferPointer { rowMax in
                    loudest.withUnsafeBufferPointer { loudest in
                        column.withUnsafeMutableBufferPointer { column in
                            @inline(__always) func value(_ f: Int, _ b: Int) -> Float { spectrum[(f - base) * bins + b] }
                            for t in maximaDone..<maximaEnd {
                                let lo = max(base, t - Self.timeRadius)
                                let hi = min(analysed - 1, t + Self.timeRadius)
                                var reference = Self.floorDB
                                for f in max(base, t - Self.loudnessRadius)...min(analysed - 1, t + Self.loudnessRadius) { reference = max(reference, loudest[f - base]) }
                                // The neighbourhood's maximum, from the per-frame bin maxima.
                                if let rows = rowMax.baseAddress, let out = column.baseAddress {
                                    let raw = UnsafeRawPointer(rows)
                                    let target = UnsafeMutableRawPointer(out)
                                    for b in stride(from: 0, to: bins, by: 8) {
                                        var m = raw.loadUnaligned(fromByteOffset: ((lo - base) * bins + b) * 4, as: SIMD8<Float>.self)
                                        var f = lo + 1
                                        while f <= hi {
                                            m = Self.larger(m, raw.loadUnaligned(fromByteOffset: ((f - base) * bins + b) * 4, as: SIMD8<Float>.self))
                                            f += 1
                                        }
                                        target.storeBytes(of: m, toByteOffset: b * 4, as: SIMD8<Float>.self)
                                    }
                                }
                                for b in 0..<bins {
                                    let v = value(t, b)
                                    // Only the neighbourhood's largest value can be a peak.
                                    guard v >= column[b], v > Self.floorDB + 1, v >= reference - Self.dynamicRange else { continue }
                                    // Ties go to the earliest cell, so a plateau yields one peak.
                                    var isMax = true
                                    scan: for f in lo...t {
                                        for c in max(0, b - Self.binRadius)...min(bins - 1, b + Self.binRadius) {
                                            if f == t && c >= b { break scan }
                                            if value(f, c) == v {
                                                isMax = false
                                                break scan
                                            }
                                        }
                                    }
                                    guard isMax else { continue }
                                    var mean: Float = 0
                                    let mlo = max(0, b - Self.meanRadius)
                                    let mhi = min(bins - 1, b + Self.meanRadius)
                                    for c in mlo...mhi { mean += value(t, c) }
                                    mean /= Float(mhi - mlo + 1)
                                    guard v - mean >= Self.minimumProminence else { continue }
                                    candidates.append((AudioPeak(frame: Int32(t), bin: UInt8(b)), v))
                                }
                            }
                        }
                    }
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
            rowMax.removeFirst((keepFrom - base) * bins)
            loudest.removeFirst(keepFrom - base)
            base = keepFrom
        }
    }
}
