/// Why stored fingerprint bytes could not be read.
public enum AudioFingerprintDecodingError: Error, Equatable, CustomStringConvertible {
    /// Neither the compact format nor legacy raw frames.
    case unrecognised(bytes: Int)
    /// A compact header from a newer genki, or with another quantiser.
    case unsupported(version: UInt8, levels: UInt8)
    /// The header declares more frames than genki reads.
    case tooLong(frames: UInt32)
    /// The payload ends before all declared frames are decoded.
    case truncated
    /// The decoded symbols do not match the stored checksum.
    case checksumMismatch

    public var description: String {
        switch self {
        case .unrecognised(let n): return "not an audio fingerprint (\(n) bytes)"
        case .unsupported(let v, let l): return "unsupported fingerprint format \(v) with \(l) levels"
        case .tooLong(let n): return "fingerprint declares \(n) frames, more than genki reads"
        case .truncated: return "fingerprint payload is truncated"
        case .checksumMismatch: return "fingerprint checksum mismatch (corrupt data)"
        }
    }
}

/// The compact stored form of an `AudioFingerprint`.
///
/// Layout: `GKF` and a format byte (2), the quantiser's level count (1 byte), the frame count
/// (u32, little-endian), the low 32 bits of the XXH3-128 digest of the symbols followed by the
/// sketch (u32, little-endian), the sketch length (1 byte: 0 or 128) and the sketch, then the
/// symbols, frame by frame and bin by bin, range-coded under adaptive frequencies whose
/// context is the symbol of the same bin one frame back and of the bin below in this frame.
/// Nothing about the model is stored: encoder and decoder adapt identically.
///
/// Bytes that lack the header but are a whole number of 36-byte frames are read as the raw
/// 0–255 chroma frames that earlier genki versions stored (normalised and quantised on read).
public enum AudioFingerprintCodec {
    static let magic: [UInt8] = [0x47, 0x4B, 0x46]  // "GKF"
    static let version: UInt8 = 2
    /// Fixed header bytes before the sketch.
    public static let headerLength = 14
    /// About 216 hours: a bound on what a header may ask the decoder to allocate.
    public static let maximumFrames: UInt32 = 1 << 22

    private static func contexts() -> [AdaptiveModel] {
        let l = AudioFingerprint.levels
        return [AdaptiveModel](repeating: AdaptiveModel(symbols: l), count: l * l)
    }

    @inline(__always)
    private static func context(_ s: [UInt8], _ i: Int, _ b: Int) -> Int {
        let bins = AudioFingerprint.bins
        let up = i > 0 ? Int(s[(i - 1) * bins + b]) : 0
        let below = b > 0 ? Int(s[i * bins + b - 1]) : 0
        return up * AudioFingerprint.levels + below
    }

    /// The compact bytes of `fingerprint`.
    public static func encode(_ fingerprint: AudioFingerprint) -> [UInt8] {
        let s = fingerprint.frames
        var out = magic + [version, UInt8(AudioFingerprint.levels)]
        appendLE(UInt32(fingerprint.frameCount), to: &out)
        appendLE(checksum(s, fingerprint.sketch), to: &out)
        out.append(UInt8(fingerprint.sketch.count))
        out += fingerprint.sketch
        var models = contexts()
        var coder = RangeEncoder()
        for i in 0..<fingerprint.frameCount {
            for b in 0..<AudioFingerprint.bins {
                coder.encode(Int(s[i * AudioFingerprint.bins + b]), with: &models[context(s, i, b)])
            }
        }
        return out + coder.finish()
    }

    /// Reads compact bytes (or legacy raw frames) back into a fingerprint.
    public static func decode(_ bytes: [UInt8]) throws(AudioFingerprintDecodingError) -> AudioFingerprint {
        guard bytes.count >= headerLength, Array(bytes[0..<3]) == magic else {
            guard bytes.count % AudioFingerprint.bins == 0 else { throw .unrecognised(bytes: bytes.count) }
            return AudioFingerprint(chroma: bytes.map { Float($0) })
        }
        guard bytes[3] == version, Int(bytes[4]) == AudioFingerprint.levels else {
            throw .unsupported(version: bytes[3], levels: bytes[4])
        }
        let frames = readLE(bytes, at: 5), stored = readLE(bytes, at: 9)
        guard frames <= maximumFrames else { throw .tooLong(frames: frames) }
        let sketchLength = Int(bytes[13])
        guard sketchLength == 0 || sketchLength == AudioShingles.sketchLength else { throw .unrecognised(bytes: bytes.count) }
        guard bytes.count >= headerLength + sketchLength else { throw .truncated }
        let sketch = Array(bytes[headerLength..<(headerLength + sketchLength)])
        let bins = AudioFingerprint.bins
        var s = [UInt8](repeating: 0, count: Int(frames) * bins)
        var models = contexts()
        var coder = RangeDecoder(bytes, offset: headerLength + sketchLength)
        for i in 0..<Int(frames) {
            for b in 0..<bins {
                s[i * bins + b] = UInt8(coder.decode(with: &models[context(s, i, b)]))
            }
            if coder.overran { throw .truncated }
        }
        guard checksum(s, sketch) == stored else { throw .checksumMismatch }
        return AudioFingerprint(symbols: s, sketch: sketch)
    }

    private static func checksum(_ symbols: [UInt8], _ sketch: [UInt8]) -> UInt32 {
        UInt32(truncatingIfNeeded: XXH3Hasher.hash(symbols + sketch).low)
    }

    private static func appendLE(_ v: UInt32, to out: inout [UInt8]) {
        for k in 0..<4 { out.append(UInt8(truncatingIfNeeded: v >> (8 * k))) }
    }

    private static func readLE(_ bytes: [UInt8], at offset: Int) -> UInt32 {
        (0..<4).reduce(UInt32(0)) { $0 | UInt32(bytes[offset + $1]) << (8 * $1) }
    }
}

extension AudioFingerprint {
    /// The compact stored form (`AudioFingerprintCodec`).
    public func encoded() -> [UInt8] { AudioFingerprintCodec.encode(self) }

    /// Reads the compact stored form, or legacy raw frames.
    public init(encoded bytes: [UInt8]) throws(AudioFingerprintDecodingError) {
        self = try AudioFingerprintCodec.decode(bytes)
    }
}
