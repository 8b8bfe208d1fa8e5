import GenkiCore

/// Why stored fingerprint bytes could not be read.
public enum AudioFingerprintDecodingError: Error, Equatable, GenkiError {
    /// Neither the compact format nor legacy raw frames.
    case unrecognised(bytes: Int)
    /// A compact header from a newer genki, or with another quantiser.
    case unsupported(version: UInt8, levels: UInt8)
    /// The header declares more frames than genki reads.
    case tooLong(frames: UInt32)
    /// The payload ends before all declared frames are decoded.
    case truncated
    /// The header declares more frames than a payload of this many bytes can encode.
    case implausible(frames: UInt32, bytes: Int)
    /// The decoded symbols do not match the stored checksum.
    case checksumMismatch

    public var description: String {
        switch self {
        case .unrecognised(let n): return "not an audio fingerprint (\(n) bytes)"
        case .unsupported(let v, let l): return "unsupported fingerprint format \(v) with \(l) levels"
        case .tooLong(let n): return "fingerprint declares \(n) frames, more than genki reads"
        case .truncated: return "fingerprint payload is truncated"
        case .implausible(let n, let b): return "fingerprint declares \(n) frames, more than its \(b) bytes can encode"
        case .checksumMismatch: return "fingerprint checksum mismatch (corrupt data)"
        }
    }
}

/// The compact stored form of an `AudioFingerprint`.
///
/// Layout (format 3): `GKF` and a format byte (3), the quantiser's level count (1 byte), the
/// frame count (u32, little-endian), the low 32 bits of the XXH3-128 digest of the symbols
/// followed by the peaks as (frame u32 LE, bin) pairs (u32, little-endian), the peak count (u32,
/// little-endian), then one range-coded stream: first the peaks (frame gap from the previous
/// peak, then bin), then the symbols, frame by frame and bin by bin, under adaptive
/// frequencies whose context is the symbol of the same bin one frame back and of the bin below
/// in this frame. Nothing about the models is stored: encoder and decoder adapt identically.
/// `schemas/audio-fingerprint.md` gives every detail.
///
/// Format 2 (a 128-byte melody sketch instead of peaks) still decodes, without peaks; bytes
/// that lack the header but are a whole number of 36-byte frames are read as the raw 0–255
/// chroma frames of earlier versions (normalised and quantised on read).
public enum AudioFingerprintCodec {
    static let magic: [UInt8] = [0x47, 0x4B, 0x46]  // "GKF"
    static let version: UInt8 = 3
    /// Fixed header bytes of format 3.
    public static let headerLength = 17
    /// About 216 hours: a bound on what a header may ask the decoder to allocate.
    public static let maximumFrames: UInt32 = 1 << 22
    /// Bound on declared peaks (far above the picker's density over `maximumFrames`).
    public static let maximumPeaks: UInt32 = 1 << 26
    /// Frame gaps below this are coded as one symbol; larger ones escape to four bytes.
    static let gapSymbols = 16
    /// More symbols than any payload byte can carry. The adaptive models keep every count at 1
    /// or more and their total at most `AdaptiveModel.limit`, so a symbol is never more likely
    /// than 1 − (levels − 1)/limit and costs at least 6.6e-5 bits at 4 levels: at most about
    /// 121,000 symbols per byte. A header declaring more frames than that is refused before
    /// the symbols are allocated (a 17-byte blob could otherwise ask for 151 MB).
    static let maximumSymbolsPerByte = 1 << 17

    private static func contexts() -> [AdaptiveModel] {
        let l = AudioFingerprint.levels
        return [AdaptiveModel](repeating: AdaptiveModel(symbols: l), count: l * l)
    }

    /// Models for the peaks: the gap (with an escape), the escaped gap's bytes, and the bin
    /// (one model after a gap, one within a frame).
    private struct PeakModels {
        var gap = AdaptiveModel(symbols: AudioFingerprintCodec.gapSymbols + 1)
        var byte = AdaptiveModel(symbols: 256)
        var bin = [AdaptiveModel](repeating: AdaptiveModel(symbols: AudioPeak.binCount), count: 2)
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
        appendLE(checksum(s, fingerprint.peaks), to: &out)
        appendLE(UInt32(fingerprint.peaks.count), to: &out)
        var coder = RangeEncoder()
        var pm = PeakModels()
        var previous: Int32 = 0
        for p in fingerprint.peaks {
            let gap = Int(p.frame - previous)
            if gap < gapSymbols {
                coder.encode(gap, with: &pm.gap)
            } else {
                coder.encode(gapSymbols, with: &pm.gap)
                for k in 0..<4 { coder.encode(Int(UInt32(gap - gapSymbols) >> (8 * k) & 0xFF), with: &pm.byte) }
            }
            coder.encode(Int(p.bin), with: &pm.bin[gap == 0 ? 1 : 0])
            previous = p.frame
        }
        var models = contexts()
        for i in 0..<fingerprint.frameCount {
            for b in 0..<AudioFingerprint.bins {
                coder.encode(Int(s[i * AudioFingerprint.bins + b]), with: &models[context(s, i, b)])
            }
        }
        return out + coder.finish()
    }

    /// Reads compact bytes (format 3 or 2) or legacy raw frames back into a fingerprint.
    public static func decode(_ bytes: [UInt8]) throws(AudioFingerprintDecodingError) -> AudioFingerprint {
        guard bytes.count >= 14, Array(bytes[0..<3]) == magic else {
            guard bytes.count % AudioFingerprint.bins == 0 else { throw .unrecognised(bytes: bytes.count) }
            return AudioFingerprint(chroma: bytes.map { Float($0) })
        }
        guard bytes[3] == version || bytes[3] == 2, Int(bytes[4]) == AudioFingerprint.levels else {
            throw .unsupported(version: bytes[3], levels: bytes[4])
        }
        let frames = readLE(bytes, at: 5)
        let stored = readLE(bytes, at: 9)
        guard frames <= maximumFrames else { throw .tooLong(frames: frames) }
        // The payload (and the 4 bytes the decoder may read past its end) bounds the symbols.
        guard Int(frames) * AudioFingerprint.bins <= (bytes.count + 4) * maximumSymbolsPerByte else {
            throw .implausible(frames: frames, bytes: bytes.count)
        }
        var peaks: [AudioPeak] = []
        var coder: RangeDecoder
        var legacySketch: [UInt8] = []
        if bytes[3] == 2 {
            // Format 2: a melody sketch (0 or 128 bytes) that landmarks replace; read past it.
            let sketchLength = Int(bytes[13])
            guard sketchLength == 0 || sketchLength == 128 else { throw .unrecognised(bytes: bytes.count) }
            guard bytes.count >= 14 + sketchLength else { throw .truncated }
            legacySketch = Array(bytes[14..<(14 + sketchLength)])
            coder = RangeDecoder(bytes, offset: 14 + sketchLength)
        } else {
            guard bytes.count >= headerLength else { throw .truncated }
            let count = readLE(bytes, at: 13)
            guard count <= maximumPeaks else { throw .tooLong(frames: frames) }
            coder = RangeDecoder(bytes, offset: headerLength)
            var pm = PeakModels()
            var previous: Int64 = 0
            peaks.reserveCapacity(Int(min(count, 1 << 16)))
            for _ in 0..<count {
                var gap = Int64(coder.decode(with: &pm.gap))
                if gap == Int64(gapSymbols) {
                    var extra: Int64 = 0
                    for k in 0..<4 { extra |= Int64(coder.decode(with: &pm.byte)) << (8 * k) }
                    gap += extra
                }
                let bin = coder.decode(with: &pm.bin[gap == 0 ? 1 : 0])
                previous += gap
                if coder.overran || previous > Int64(Int32.max) { throw .truncated }
                peaks.append(AudioPeak(frame: Int32(previous), bin: UInt8(bin)))
            }
        }
        let bins = AudioFingerprint.bins
        var s = [UInt8](repeating: 0, count: Int(frames) * bins)
        var models = contexts()
        for i in 0..<Int(frames) {
            for b in 0..<bins {
                s[i * bins + b] = UInt8(coder.decode(with: &models[context(s, i, b)]))
            }
            if coder.overran { throw .truncated }
        }
        let sum = bytes[3] == 2 ? UInt32(truncatingIfNeeded: XXH3Hasher.hash(s + legacySketch).low) : checksum(s, peaks)
        guard sum == stored else { throw .checksumMismatch }
        return AudioFingerprint(symbols: s, peaks: peaks)
    }

    private static func checksum(_ symbols: [UInt8], _ peaks: [AudioPeak]) -> UInt32 {
        var bytes = symbols
        bytes.reserveCapacity(symbols.count + 5 * peaks.count)
        for p in peaks {
            for k in 0..<4 { bytes.append(UInt8(truncatingIfNeeded: UInt32(bitPattern: p.frame) >> (8 * k))) }
            bytes.append(p.bin)
        }
        return UInt32(truncatingIfNeeded: XXH3Hasher.hash(bytes).low)
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
