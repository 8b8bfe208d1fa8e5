import GenkiAudio
import GenkiFingerprint

/// Turns the fingerprint-profile stream (mono, 11,025 Hz) into an `AudioFingerprint`.
/// Plugs into ingest as a `ResampledStreamConsumer`, or runs on a whole signal.
///
/// The analysed band ends at 2 kHz, so the stream is first halved to 5,512.5 Hz (a half-band
/// FIR, flat to 2.2 kHz). Two chroma analyses share it: frames of 2,048 samples every 1,024
/// (≈ 186 ms, 2.7 Hz resolution) for the verification frames, and frames of 1,024 every 256
/// (≈ 46 ms) for the melody sketch, whose note segmentation needs the finer time grid.
public struct AudioFingerprinter: ResampledStreamConsumer {
    /// Sample rate of both chroma analyses.
    public static let analysisRate = Double(IngestProfile.fp.sampleRate) / 2
    private let decimator = HalfBandDecimator()
    private let frames = ChromaExtractor(rate: analysisRate, frameSize: 2048, hop: 1024, maxHz: AudioFingerprint.maxHz)
    private let melody = ChromaExtractor(rate: analysisRate, frameSize: 1024, hop: 256, maxHz: AudioFingerprint.maxHz)

    public init() {}

    public mutating func consume(_ samples: UnsafeBufferPointer<Float>) {
        let (frames, melody) = (self.frames, self.melody)
        decimator.process(samples) { half in
            frames.process(half)
            melody.process(half)
        }
    }

    /// The fingerprint of everything consumed (call once, at the end).
    public func finish() -> AudioFingerprint {
        let (frames, melody) = (self.frames, self.melody)
        decimator.finish { half in
            frames.process(half)
            melody.process(half)
        }
        frames.finish()
        melody.finish()
        return AudioFingerprint(chroma: frames.frames, melodyChroma: melody.frames)
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
