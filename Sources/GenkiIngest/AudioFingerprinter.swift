import GenkiAudio
import GenkiFingerprint
import GenkiModel

/// Turns the fingerprint-profile stream (mono, 11,025 Hz) into an `AudioFingerprint`.
/// Plugs into ingest as a `ResampledStreamConsumer`, or runs on a whole signal.
///
/// The analysed band ends at 2 kHz, so the stream is first halved to 5,512.5 Hz (a half-band
/// FIR, flat to 2.2 kHz). Two analyses share it: chroma frames of 2,048 samples every 1,024
/// (≈ 186 ms, 2.7 Hz resolution) for the verification frames, and a log-frequency spectrogram
/// of 1,024-sample frames every 128 (≈ 23 ms) whose peaks (`SpectralPeakPicker`) the landmark
/// keys are built from.
public struct AudioFingerprinter: ResampledStreamConsumer {
    /// Sample rate of both chroma analyses.
    public static let analysisRate = Double(IngestProfile.fp.sampleRate) / 2
    private let decimator = HalfBandDecimator()
    private let frames = ChromaExtractor(rate: analysisRate, frameSize: 2048, hop: 1024, maxHz: AudioFingerprint.maxHz)
    private let picker = SpectralPeakPicker()

    public init() {}

    public mutating func consume(_ samples: UnsafeBufferPointer<Float>) {
        let (frames, picker) = (self.frames, self.picker)
        decimator.process(samples) { half in
            frames.process(half)
            picker.process(half)
        }
    }

    /// The fingerprint of everything consumed (call once, at the end).
    public func finish() -> AudioFingerprint {
        let (frames, picker) = (self.frames, self.picker)
        decimator.finish { half in
            frames.process(half)
            picker.process(half)
        }
        frames.finish()
        picker.finish()
        return AudioFingerprint(chroma: frames.frames, peaks: picker.peaks)
    }

    /// Fingerprints a mono signal at any rate: resampled to 11,025 Hz as ingest does.
    public static func fingerprint(mono: [Float], sampleRate: Int) throws(AudioError) -> AudioFingerprint {
        var fingerprinter = AudioFingerprinter()
        let resampler = try Resampler(inputRate: sampleRate, outputRate: IngestProfile.fp.sampleRate, quality: IngestProfile.fp.quality)
        try mono.withUnsafeBufferPointer { (p) throws(AudioError) in
            guard let base = p.baseAddress else { return }
            try resampler.process(base, count: p.count) { fingerprinter.consume($0) }
        }
        try resampler.finish { fingerprinter.consume($0) }
        return fingerprinter.finish()
    }
}
