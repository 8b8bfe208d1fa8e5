import GenkiDedup
import GenkiFingerprint
import GenkiIngest
import GenkiMIDI
import GenkiModel

/// One item as the registry holds it.
public struct StoredItem: Sendable, Equatable {
    public var id: Int64
    public var datasetID: Int64
    /// Local path as ingested (never exported unless asked for).
    public var path: String
    public var kind: MediaKind
    public var sizeBytes: Int64
    public var fileXXH3: String
    /// PCM hash (audio) or canonical note-stream hash (MIDI).
    public var contentXXH3: String
    public var durationSeconds: Double
    public var sampleRate: Int?
    public var channels: Int?
    public var codec: String?
    public var loudnessLUFS: Double?
    public var clippingRatio: Double?
    public var silenceRatio: Double?
    public var bandwidthHz: Double?
    /// Keep-policy quality (`DedupItem.quality(of:)` scale).
    public var quality: Double
    /// Unix seconds of first registration.
    public var registeredAt: Int64
    /// Stored fingerprint, when ingest computed one.
    public var fingerprint: StoredFingerprint?

    /// Every field (the registry assigns `id` on insert; pass 0).
    public init(
        id: Int64, datasetID: Int64, path: String, kind: MediaKind, sizeBytes: Int64, fileXXH3: String, contentXXH3: String,
        durationSeconds: Double, sampleRate: Int?, channels: Int?, codec: String?, loudnessLUFS: Double?,
        clippingRatio: Double?, silenceRatio: Double?, bandwidthHz: Double?, quality: Double, registeredAt: Int64,
        fingerprint: StoredFingerprint?
    ) {
        self.id = id
        self.datasetID = datasetID
        self.path = path
        self.kind = kind
        self.sizeBytes = sizeBytes
        self.fileXXH3 = fileXXH3
        self.contentXXH3 = contentXXH3
        self.durationSeconds = durationSeconds
        self.sampleRate = sampleRate
        self.channels = channels
        self.codec = codec
        self.loudnessLUFS = loudnessLUFS
        self.clippingRatio = clippingRatio
        self.silenceRatio = silenceRatio
        self.bandwidthHz = bandwidthHz
        self.quality = quality
        self.registeredAt = registeredAt
        self.fingerprint = fingerprint
    }
}

/// A fingerprint as stored: chroma frames for audio, shingle hashes for MIDI.
public enum StoredFingerprint: Sendable, Equatable {
    case chroma(AudioFingerprint)
    case symbolic(SymbolicFingerprint)

    /// Storage kind name (`chroma` or `symbolic`).
    public var kind: String {
        switch self {
        case .chroma: return "chroma"
        case .symbolic: return "symbolic"
        }
    }

    /// Bytes as stored: chroma in its compact form (`AudioFingerprintCodec`); shingles as
    /// little-endian 64-bit words.
    public var blob: [UInt8] {
        switch self {
        case .chroma(let f): return f.encoded()
        case .symbolic(let s): return s.shingleBytes
        }
    }

    /// Reads a stored blob back (nil for an unknown kind or a malformed blob).
    public init?(kind: String, blob: [UInt8]) {
        switch kind {
        case "chroma":
            guard let f = try? AudioFingerprint(encoded: blob) else { return nil }
            self = .chroma(f)
        case "symbolic":
            guard let s = SymbolicFingerprint(shingleBytes: blob) else { return nil }
            self = .symbolic(s)
        default:
            return nil
        }
    }
}

extension DedupItem {
    /// A registered item as dedup sees it: registered first (its registration time), with its
    /// stored fingerprint.
    public init(registered s: StoredItem) {
        self.init(
            path: s.path, kind: s.kind, fileHash: s.fileXXH3, contentHash: s.contentXXH3,
            durationSeconds: s.durationSeconds, quality: s.quality, registeredAt: s.registeredAt
        )
        if case .chroma(let f)? = s.fingerprint { audio = f }
        if case .symbolic(let f)? = s.fingerprint { symbolic = f }
    }
}
