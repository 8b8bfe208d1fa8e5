/// One analysed file of a collection: the single item type every stage after ingest passes on.
///
/// Ingest fills the identity, the signal traits and the fingerprints (`IngestRecord.catalogItem`);
/// the registry adds `registryID`, `datasetID` and `registeredAt` when it stores or reads the
/// item back; dedup reads everything and changes nothing. Parts a source cannot know stay nil:
/// a registry row has no render fingerprint, a partition file has no signal traits.
///
/// Wire forms (the ingest report line, partition files, the registry export) are built from it;
/// keyed sketches are derived from it.
public struct CatalogItem: Sendable, Equatable {
    /// The path as walked. Local only: never written to shards, sketches or exports by default.
    public var path: String
    public var kind: MediaKind
    /// Size of the file in bytes (0 when the source did not record it).
    public var sizeBytes: Int64
    /// XXH3-128 of the file's bytes, 32 hex digits.
    public var fileHash: String
    /// Decoded-PCM hash (audio) or canonical note-stream hash (MIDI), 32 hex digits.
    public var contentHash: String
    public var durationSeconds: Double
    /// The keep-policy quality score (higher is better; see `IngestRecord.keepQuality`).
    public var quality: Double

    // MARK: Signal traits (audio; nil when unknown)

    public var sampleRate: Int?
    public var channels: Int?
    /// Codec name as decoded (e.g. `pcm_16`, `vorbis`).
    public var codec: String?
    /// Whether the codec is lossless; nil when unknown (items registered before registry version 3).
    public var lossless: Bool?
    public var loudnessLUFS: Double?
    public var clippingRatio: Double?
    public var silenceRatio: Double?
    public var bandwidthHz: Double?
    /// The noise floor minus the RMS level (dB; lower is cleaner), for the keep-policy.
    public var noiseFloorBelowRMS: Double?

    // MARK: Registration (filled by the registry)

    /// The registry's row id.
    public var registryID: Int64?
    /// The registry's dataset id.
    public var datasetID: Int64?
    /// Unix seconds of first registration (earlier wins in the keep-policy); nil when unknown.
    public var registeredAt: Int64?

    // MARK: Fingerprints

    /// Chroma fingerprint of an audio file.
    public var audio: AudioFingerprint?
    /// Symbolic fingerprint of a MIDI file.
    public var symbolic: SymbolicFingerprint?
    /// A MIDI file's built-in render, fingerprinted (for cross-modal matching).
    public var rendered: AudioFingerprint?

    /// An item with its identity; traits, registration and fingerprints are set by the stage
    /// that knows them.
    public init(
        path: String, kind: MediaKind, sizeBytes: Int64 = 0, fileHash: String, contentHash: String, durationSeconds: Double,
        quality: Double, registeredAt: Int64? = nil, audio: AudioFingerprint? = nil, symbolic: SymbolicFingerprint? = nil
    ) {
        self.path = path
        self.kind = kind
        self.sizeBytes = sizeBytes
        self.fileHash = fileHash
        self.contentHash = contentHash
        self.durationSeconds = durationSeconds
        self.quality = quality
        self.registeredAt = registeredAt
        self.audio = audio
        self.symbolic = symbolic
    }

    /// The one fingerprint storage keeps for the item: chroma for audio, shingles for MIDI.
    public var storedFingerprint: StoredFingerprint? {
        if let audio { return StoredFingerprint(kind: .chroma, bytes: audio.encoded()) }
        if let symbolic { return StoredFingerprint(kind: .symbolic, bytes: symbolic.shingleBytes) }
        return nil
    }

    /// The symbolic fingerprint of an audio item that has one beside its chroma one (a tracker
    /// module: its patterns' notes), as stored beside it; nil for every other item.
    public var audioItemSymbolic: [UInt8]? {
        guard kind == .audio, audio != nil, let symbolic, !symbolic.shingles.isEmpty else { return nil }
        return symbolic.shingleBytes
    }

    /// Sets the fingerprint from its stored form; false (and nothing set) for a malformed blob.
    @discardableResult
    public mutating func restore(_ stored: StoredFingerprint) -> Bool {
        switch stored.kind {
        case .chroma:
            guard let f = try? AudioFingerprint(encoded: stored.bytes) else { return false }
            audio = f
        case .symbolic:
            guard let s = SymbolicFingerprint(shingleBytes: stored.bytes) else { return false }
            symbolic = s
        }
        return true
    }
}

/// A fingerprint in its stored form: chroma in its compact coded form (`AudioFingerprintCodec`),
/// MIDI shingles as little-endian 64-bit words.
public struct StoredFingerprint: Sendable, Equatable {
    public var kind: FingerprintKind
    public var bytes: [UInt8]

    public init(kind: FingerprintKind, bytes: [UInt8]) {
        self.kind = kind
        self.bytes = bytes
    }
}

/// What a stored fingerprint holds. Raw values are the registry's and the export's spellings.
public enum FingerprintKind: String, Sendable, Codable, CaseIterable {
    case chroma
    case symbolic
}
