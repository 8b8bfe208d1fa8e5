import Foundation
import GRDB
import GenkiModel

/// A row of `miners`: a hotkey and when the registry first saw it.
struct MinerRecord: Codable, FetchableRecord, MutablePersistableRecord {
    static let databaseTableName = "miners"
    var id: Int64?
    var hotkey: String
    var firstSeen: Int64

    enum CodingKeys: String, CodingKey {
        case id, hotkey
        case firstSeen = "first_seen"
    }

    mutating func didInsert(_ inserted: InsertionSuccess) { id = inserted.rowID }

    /// The stored row for `hotkey`, inserting it at `time` when new. A known miner keeps its
    /// first-seen time (upsert with `noOverwrite`).
    static func register(_ db: Database, hotkey: String, at time: Int64) throws -> MinerRecord {
        var row = MinerRecord(id: nil, hotkey: hotkey, firstSeen: time)
        return try row.upsertAndFetch(db, onConflict: ["hotkey"]) { _ in [Column(CodingKeys.firstSeen).noOverwrite] }
    }
}

/// A row of `datasets`: a name, its owning miner (set once) and when it was created.
struct DatasetRecord: Codable, FetchableRecord, MutablePersistableRecord {
    static let databaseTableName = "datasets"
    var id: Int64?
    var name: String
    var minerID: Int64?
    var createdAt: Int64

    enum CodingKeys: String, CodingKey {
        case id, name
        case minerID = "miner_id"
        case createdAt = "created_at"
    }

    mutating func didInsert(_ inserted: InsertionSuccess) { id = inserted.rowID }

    /// The stored row for `name`, inserting it at `time` when new. An existing dataset keeps
    /// its creation time and its owner; one without an owner takes `minerID`.
    static func register(_ db: Database, name: String, minerID: Int64?, at time: Int64) throws -> DatasetRecord {
        var row = DatasetRecord(id: nil, name: name, minerID: minerID, createdAt: time)
        return try row.upsertAndFetch(db, onConflict: ["name"]) { excluded in
            [
                Column(CodingKeys.createdAt).noOverwrite,
                Column(CodingKeys.minerID).set(to: SQL("COALESCE(\(Column(CodingKeys.minerID)), \(excluded[Column(CodingKeys.minerID)]))")),
            ]
        }
    }
}

/// A row of `items`, as a GRDB record: the record-persistence form of `Registry.upsert`, which
/// `make bench` measures against the raw cached statement the bulk path uses.
struct ItemRecord: Codable, FetchableRecord, PersistableRecord {
    static let databaseTableName = "items"
    var id: Int64?
    var datasetID: Int64
    var path: String
    var kind: String
    var sizeBytes: Int64
    var fileXXH3: String
    var contentXXH3: String
    var durationSeconds: Double
    var sampleRate: Int?
    var channels: Int?
    var codec: String?
    var loudnessLUFS: Double?
    var clippingRatio: Double?
    var silenceRatio: Double?
    var bandwidthHz: Double?
    var quality: Double
    var registeredAt: Int64
    var noiseFloorBelowRMS: Double?
    var lossless: Bool?

    enum CodingKeys: String, CodingKey {
        case id, path, kind, channels, codec, quality
        case datasetID = "dataset_id"
        case sizeBytes = "size_bytes"
        case fileXXH3 = "file_xxh3"
        case contentXXH3 = "content_xxh3"
        case durationSeconds = "duration_s"
        case sampleRate = "sample_rate"
        case loudnessLUFS = "loudness_lufs"
        case clippingRatio = "clipping_ratio"
        case silenceRatio = "silence_ratio"
        case bandwidthHz = "bandwidth_hz"
        case registeredAt = "registered_at"
        case noiseFloorBelowRMS = "noise_floor_below_rms"
        case lossless
    }

    init(_ item: CatalogItem, dataset: Int64, at time: Int64) {
        id = nil
        datasetID = dataset
        path = item.path
        kind = item.kind.rawValue
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
        bandwidthHz = item.bandwidthHz
        quality = item.quality
        registeredAt = time
        noiseFloorBelowRMS = item.noiseFloorBelowRMS
        lossless = item.lossless
    }
}

/// A row of `fingerprints`: an item's stored fingerprint.
struct FingerprintRecord: Codable, FetchableRecord, PersistableRecord {
    static let databaseTableName = "fingerprints"
    static let persistenceConflictPolicy = PersistenceConflictPolicy(insert: .replace, update: .replace)
    var itemID: Int64
    var kind: String
    var data: Data

    enum CodingKeys: String, CodingKey {
        case kind, data
        case itemID = "item_id"
    }
}
