/// A chroma fingerprint of a recording, in its canonical compact form.
///
/// The fingerprint stream (mono, 11,025 Hz) gives 36-bin chroma frames: a third of a semitone
/// per bin, 220 Hz – 2 kHz, about 5.4 frames per second. Each frame is square-root compressed,
/// loses `contrast` × each bin's mean over the surrounding ±`context` frames (sustained harmony,
/// shared by many pieces, goes; melodic motion stays), is centred and scaled to unit length,
/// and each bin is then quantised to one of `levels` symbols: Lloyd–Max steps for a Gaussian of
/// the spread a unit-length 36-bin frame has. `AudioMatcher` compares the dequantised frames.
/// `encoded()` range-codes the symbols under an adaptive context model (`AudioFingerprintCodec`).
///
/// Two tiers: the quantised frames are for verification (`AudioMatcher`); `peaks` are the
/// spectral peaks of the same stream that the candidate index and the audit build their
/// pitch- and tempo-invariant landmark keys from (`AudioLandmarks`).
public struct AudioFingerprint: Sendable, Equatable {
    /// Bins per frame.
    public static let bins = 36
    /// Frames per second at the fingerprint profile (11,025 Hz, hop 2,048).
    public static let framesPerSecond = 11_025.0 / 2_048
    /// Upper edge of the analysed band, in Hz: the fundamentals and the first harmonics of
    /// most melodies. Low-bitrate codecs keep this band best, and it keeps a pitch shift from
    /// moving far harmonics across the band edge.
    public static let maxHz = 2_000.0
    /// Quantiser symbols per bin.
    public static let levels = 4
    /// Decision thresholds between symbols, in units of the bin spread (1/6 for unit frames).
    static let thresholds: [Float] = [-0.9816, 0, 0.9816]
    /// Reconstruction value of each symbol, in the same units.
    static let reconstruction: [Float] = [-1.510, -0.4528, 0.4528, 1.510]
    /// Local-mean window (frames each side) and strength of its subtraction.
    static let context = 8
    static let contrast: Float = 0.8

    /// `bins` symbols (each below `levels`) per frame, frame after frame.
    public let frames: [UInt8]
    /// Spectral peaks, sorted by frame then bin, that the landmark keys are built from
    /// (empty for fingerprints stored before landmarks existed).
    public let peaks: [AudioPeak]

    /// Number of frames.
    public var frameCount: Int { frames.count / Self.bins }

    /// Normalises and quantises raw chroma frames (`bins` non-negative floats each), with the
    /// recording's spectral peaks (sorted here).
    public init(chroma: [Float], peaks: [AudioPeak] = []) {
        let normalised = Self.normalise(chroma)
        self.peaks = peaks.sorted()
        let spread: Float = 1 / Float(Self.bins).squareRoot()
        frames = normalised.map { v in
            let x = v / spread
            var s = 0
            while s < Self.thresholds.count && x >= Self.thresholds[s] { s += 1 }
            return UInt8(s)
        }
    }

    /// Wraps symbols (values at or above `levels` are clamped; a partial last frame is dropped)
    /// and peaks (sorted here).
    public init(symbols: [UInt8], peaks: [AudioPeak] = []) {
        let top = UInt8(Self.levels - 1)
        frames = symbols.prefix(symbols.count / Self.bins * Self.bins).map { min($0, top) }
        self.peaks = peaks.sorted()
    }

    /// The frames as unit-length, centred float vectors (silent or flat frames are zero).
    public func dequantised() -> [Float] {
        let bins = Self.bins
        var out = [Float](repeating: 0, count: frames.count)
        for i in 0..<frameCount {
            for b in 0..<bins { out[i * bins + b] = Self.reconstruction[Int(frames[i * bins + b])] }
            Self.makeUnit(&out, frame: i, centre: true, floor: 1e-6)
        }
        return out
    }

    /// Scales frame `i` of `frames` to unit length, first subtracting its mean when `centre`;
    /// a frame whose squared length is at most `floor` becomes zero.
    @inline(__always)
    public static func makeUnit(_ frames: inout [Float], frame i: Int, centre: Bool, floor: Float) {
        let start = i * bins
        let end = start + bins
        if centre {
            var mean: Float = 0
            for k in start..<end { mean += frames[k] }
            mean /= Float(bins)
            for k in start..<end { frames[k] -= mean }
        }
        var norm: Float = 0
        for k in start..<end { norm += frames[k] * frames[k] }
        let scale: Float = norm > floor ? 1 / norm.squareRoot() : 0
        for k in start..<end { frames[k] *= scale }
    }

    /// Square-root compression, local contrast, centring and unit length, frame by frame.
    static func normalise(_ chroma: [Float]) -> [Float] {
        let bins = Self.bins
        let n = chroma.count / bins
        var compressed = [Float](repeating: 0, count: n * bins)
        for f in 0..<n {
            var peak: Float = 0
            for b in 0..<bins { peak = max(peak, chroma[f * bins + b]) }
            guard peak > 1e-9, peak.isFinite else { continue }
            for b in 0..<bins { compressed[f * bins + b] = max(0, chroma[f * bins + b] / peak).squareRoot() }
        }
        // Running per-bin sums for the local means.
        var prefix = [Float](repeating: 0, count: (n + 1) * bins)
        for i in 0..<n {
            for b in 0..<bins { prefix[(i + 1) * bins + b] = prefix[i * bins + b] + compressed[i * bins + b] }
        }
        var out = [Float](repeating: 0, count: n * bins)
        for i in 0..<n {
            let lo = max(0, i - context)
            let hi = min(n, i + context + 1)
            let count = Float(hi - lo)
            for b in 0..<bins {
                let local = (prefix[hi * bins + b] - prefix[lo * bins + b]) / count
                out[i * bins + b] = compressed[i * bins + b] - contrast * local
            }
            makeUnit(&out, frame: i, centre: true, floor: 1e-6)
        }
        return out
    }
}
