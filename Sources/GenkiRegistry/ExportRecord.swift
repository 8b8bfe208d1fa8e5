import GenkiModel

/// One line of `genki registry export` (JSON Lines). Paths only with `--include-paths`.
/// Schema: `schemas/registry-item.schema.json`.
public struct ExportRecord: Codable, Sendable, Equatable {
    public static let schemaID = "genki.registry-item/1"

    public struct Fingerprint: Codable, Sendable, Equatable {
        public var kind: FingerprintKind
        public var bytes: Int
    }

    public var schema = ExportRecord.schemaID
    public var id: Int64
    public var dataset: String
    public var kind: MediaKind
    public var sizeBytes: Int64
    public var fileXXH3: String
    public var contentXXH3: String
    public var durationSeconds: Double
    public var sampleRate: Int?
    public var channels: Int?
    public var codec: String?
    public var loudnessLUFS: Double?
    public var clippingRatio: Double?
    public var silenceRatio: Double?
    public var quality: Double
    public var registeredAt: Int64
    public var fingerprint: Fingerprint?
    public var path: String?

    /// The export form of a registered item (as the registry reads it back).
    public init(_ item: CatalogItem, dataset: String, includePath: Bool) {
        id = item.registryID ?? 0
        self.dataset = dataset
        kind = item.kind
        sizeBytes = item.sizeBytes
        fileXXH3 = item.fileHash
        contentXXH3 = item.contentHash
        durationSeconds = item.durationSeconds
        sampleRate = item.sampleRate
        channels = item.channels
        codec = item.codec
        loudnessLUFS = item.loudnessLUFS
        clippingRatio = item.clippingRatio
        silenceRatio = item.silenceRatio
        quality = item.quality
        registeredAt = item.registeredAt ?? 0
        fingerprint = item.storedFingerprint.map { Fingerprint(kind: $0.kind, bytes: $0.bytes.count) }
        path = includePath ? item.path : nil
    }

    enum CodingKeys: String, CodingKey {
        case schema, id, dataset, kind, channels, codec, quality, fingerprint, path
        case sizeBytes = "size_bytes"
        case fileXXH3 = "file_xxh3_128"
        case contentXXH3 = "content_xxh3_128"
        case durationSeconds = "duration_s"
        case sampleRate = "sample_rate"
        case loudnessLUFS = "loudness_lufs"
        case clippingRatio = "clipping_ratio"
        case silenceRatio = "silence_ratio"
        case registeredAt = "registered_at"
    }
}
