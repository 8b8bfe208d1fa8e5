/// A chroma fingerprint of a recording: 36 bins per frame (a third of a semitone each), about
/// 5.4 frames per second of the 11,025 Hz fingerprint stream, each frame scaled so its largest
/// bin is 255 (silent frames are all zero).
public struct AudioFingerprint: Sendable, Equatable {
    /// Bins per frame.
    public static let bins = 36
    /// Frames per second at the fingerprint profile (11,025 Hz, hop 2,048).
    public static let framesPerSecond = 11_025.0 / 2_048

    /// `bins` bytes per frame, frame after frame.
    public let frames: [UInt8]

    /// Number of frames.
    public var frameCount: Int { frames.count / Self.bins }

    /// Quantises raw chroma frames (`bins` floats each).
    public init(chroma: [Float]) {
        var out = [UInt8](repeating: 0, count: chroma.count / Self.bins * Self.bins)
        for f in 0..<(chroma.count / Self.bins) {
            let frame = chroma[(f * Self.bins)..<((f + 1) * Self.bins)]
            guard let peak = frame.max(), peak > 1e-6 else { continue }
            for (b, v) in frame.enumerated() {
                out[f * Self.bins + b] = UInt8(min(255, max(0, (v / peak * 255).rounded())))
            }
        }
        frames = out
    }

    /// Wraps already-quantised frames (e.g. read back from storage).
    public init(quantized: [UInt8]) {
        frames = Array(quantized.prefix(quantized.count / Self.bins * Self.bins))
    }
}
