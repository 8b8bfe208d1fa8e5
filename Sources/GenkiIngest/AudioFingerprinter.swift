import GenkiAudio
import GenkiFingerprint

/// Turns the fingerprint-profile stream (mono, 11,025 Hz) into an `AudioFingerprint`.
/// Plugs into ingest as a `ResampledStreamConsumer`, or runs on a whole signal.
public struct AudioFingerprinter: ResampledStreamConsumer {
    private let extractor = ChromaExtractor(sampleRate: IngestProfile.fp.sampleRate, maxHz: AudioFingerprint.maxHz)

    public init() {}

    public mutating func consume(_ samples: UnsafeBufferPointer<Float>) {
        extractor.process(samples)
    }

    /// The fingerprint of everything consumed (call once, at the end).
    public func finish() -> AudioFingerprint {
        extractor.finish()
        return AudioFingerprint(chroma: extractor.frames)
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
