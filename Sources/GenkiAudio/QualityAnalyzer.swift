import Foundation

/// Signal-quality statistics of one decoded file.
public struct QualityStats: Sendable, Equatable, Codable {
    /// Largest absolute sample over all channels (linear, 1.0 = full scale).
    public var peak: Double
    /// `peak` in dBFS; nil for digital silence.
    public var peakDBFS: Double?
    /// RMS over all channels in dBFS; nil for digital silence.
    public var rmsDBFS: Double?
    /// BS.1770 integrated loudness in LUFS; nil when nothing passes the gates.
    public var loudnessLUFS: Double?
    /// Fraction of samples (all channels) at or beyond ±0.999 full scale.
    public var clippingRatio: Double
    /// Fraction of 50 ms mono windows quieter than −60 dBFS RMS.
    public var silenceRatio: Double
    /// Mean of the mono downmix.
    public var dcOffset: Double
    /// Highest frequency within 50 dB of the spectral peak (Hz); nil for silence.
    public var bandwidthHz: Double?
    /// Samples that were NaN or infinite (replaced by 0 before analysis).
    public var nonFiniteSamples: Int
    /// The level 10 % of the 50 ms mono windows stay under (dBFS, 1 dB steps, −140 for digital
    /// silence); nil for an empty stream. Added noise raises it: a copy with noise mixed in has
    /// no quiet passages left, whatever its bandwidth says.
    public var noiseFloorDBFS: Double?

    enum CodingKeys: String, CodingKey {
        case peak
        case peakDBFS = "peak_dbfs"
        case rmsDBFS = "rms_dbfs"
        case loudnessLUFS = "loudness_lufs"
        case clippingRatio = "clipping_ratio"
        case silenceRatio = "silence_ratio"
        case dcOffset = "dc_offset"
        case bandwidthHz = "bandwidth_hz"
        case nonFiniteSamples = "non_finite_samples"
        case noiseFloorDBFS = "noise_floor_dbfs"
    }
}

/// Streaming quality analysis: feed decoded blocks (interleaved and their mono downmix), then `finish`.
/// One analyzer per stream: copies share the spectrum accumulator.
public struct QualityAnalyzer {
    /// Threshold (linear) at or above which a sample counts as clipped.
    public static let clipThreshold: Float = 0.999
    /// Window RMS (linear) below which a 50 ms window counts as silent (−60 dBFS).
    public static let silenceThreshold = 0.001

    private let channels: Int
    private var peak: Float = 0
    private var clipped = 0
    private var samples = 0
    private var sumSquares = 0.0
    private var monoSum = 0.0
    private var monoCount = 0
    private let silenceWindow: Int
    private var windowFill = 0
    private var windowSquares = 0.0
    private var windows = 0
    private var silentWindows = 0
    private var nonFinite = 0
    /// Window RMS levels in 1 dB bins, −140 … 0 dBFS (for the noise floor).
    private var windowLevels = [Int](repeating: 0, count: 141)
    private var loudness: LoudnessMeter
    private let spectrum: SpectrumAccumulator

    /// Creates an analyzer for a stream with the given rate and channel count.
    public init(sampleRate: Int, channels: Int) {
        self.channels = channels
        silenceWindow = max(1, sampleRate / 20)
        loudness = LoudnessMeter(sampleRate: sampleRate, channels: channels)
        spectrum = SpectrumAccumulator(sampleRate: sampleRate)
    }

    /// Records samples that were replaced because they were not finite.
    public mutating func noteNonFinite(_ count: Int) { nonFinite += count }

    /// Feeds one block: `frames` interleaved frames and the matching mono downmix.
    public mutating func process(interleaved: UnsafePointer<Float>, mono: UnsafePointer<Float>, frames: Int) {
        let n = frames * channels
        let block = SIMDKernels.peakClipEnergy(interleaved, count: n, threshold: Self.clipThreshold)
        peak = max(peak, block.peak)
        clipped += block.clipped
        sumSquares += block.energy
        samples += n

        // Silence windows: whole segments at a time, so the inner loop has no branches.
        var offset = 0
        while offset < frames {
            let take = min(frames - offset, silenceWindow - windowFill)
            let segment = SIMDKernels.sumAndEnergy(mono + offset, count: take)
            monoSum += segment.sum
            windowSquares += segment.energy
            windowFill += take
            offset += take
            if windowFill == silenceWindow { closeWindow() }
        }
        monoCount += frames
        loudness.process(interleaved, frames: frames)
        spectrum.process(mono, count: frames)
    }

    private mutating func closeWindow() {
        windows += 1
        let rms = (windowSquares / Double(windowFill)).squareRoot()
        if rms < Self.silenceThreshold { silentWindows += 1 }
        let level = rms > 0 ? 20 * log10(rms) : -140
        // Clamped before the conversion: a non-finite or huge level never reaches Int(_:).
        let bin = level.isFinite ? Int(min(140, max(0, (level + 140).rounded(.down)))) : 0
        windowLevels[bin] += 1
        windowFill = 0
        windowSquares = 0
    }

    /// Final statistics (call once, after the last block).
    public mutating func finish() -> QualityStats {
        if windowFill > 0 { closeWindow() }
        let rms = samples > 0 ? (sumSquares / Double(samples)).squareRoot() : 0
        func db(_ x: Double) -> Double? { x > 0 ? 20 * log10(x) : nil }
        return QualityStats(
            peak: Double(peak),
            peakDBFS: db(Double(peak)),
            rmsDBFS: db(rms),
            loudnessLUFS: loudness.integratedLoudness,
            clippingRatio: samples > 0 ? Double(clipped) / Double(samples) : 0,
            silenceRatio: windows > 0 ? Double(silentWindows) / Double(windows) : 1,
            dcOffset: monoCount > 0 ? monoSum / Double(monoCount) : 0,
            bandwidthHz: spectrum.bandwidth(),
            nonFiniteSamples: nonFinite,
            noiseFloorDBFS: noiseFloor()
        )
    }

    /// The lower edge of the 1 dB bin holding the 10th percentile window level.
    private func noiseFloor() -> Double? {
        guard windows > 0 else { return nil }
        let target = max(1, (windows + 9) / 10)
        var seen = 0
        for (bin, count) in windowLevels.enumerated() {
            seen += count
            if seen >= target { return Double(bin) - 140 }
        }
        return 0
    }
}
