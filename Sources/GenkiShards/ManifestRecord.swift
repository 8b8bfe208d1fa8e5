import GenkiCore

/// One line of `manifest.jsonl`: a sample's key, shard, members and duration.
/// Schema: `schemas/shard-manifest.schema.json`.
public struct ManifestRecord: Codable, Sendable, Equatable {
    public struct Member: Codable, Sendable, Equatable {
        public var bytes: Int
        public var sha256: String
    }

    public var schema = "genki.shard-manifest/1"
    public var key: String
    public var shard: String
    public var durationSeconds: Double
    /// By extension (`json`, `mid`, `wav`).
    public var members: [String: Member]

    enum CodingKeys: String, CodingKey {
        case schema, key, shard, members
        case durationSeconds = "duration_s"
    }
}

/// `dataset.json`: what the shard folder holds. No timestamps, so it is deterministic.
/// Schema: `schemas/shard-dataset.schema.json`.
public struct DatasetCard: Codable, Sendable, Equatable {
    public static let version = "0.1.0"
    public var schema = "genki.shard-dataset/1"
    public var name: String
    public var profile: String
    public var sampleRate: Int
    public var genkiVersion: String
    public var samples: Int
    public var shards: [String]
    public var durationSeconds: Double
    /// SHA-256 Merkle root over the sample keys in manifest order.
    public var merkleRoot: String

    enum CodingKeys: String, CodingKey {
        case schema, name, profile, samples, shards
        case sampleRate = "sample_rate"
        case genkiVersion = "genki_version"
        case durationSeconds = "duration_s"
        case merkleRoot = "merkle_root"
    }
}

/// A Croissant 1.1 description of the shard folder (JSON-LD): the shards as a file set, and a
/// record set of samples with their audio, sidecar and key.
struct Croissant: Encodable {
    let card: DatasetCard
    let shardSums: [(String, String)]

    struct Key: CodingKey {
        var stringValue: String
        var intValue: Int? { nil }
        init(_ s: String) { stringValue = s }
        init?(stringValue: String) { self.stringValue = stringValue }
        init?(intValue: Int) { nil }
    }

    func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: Key.self)
        try c.encode(
            [
                "@vocab": "https://schema.org/", "cr": "http://mlcommons.org/croissant/", "sc": "https://schema.org/",
                "dct": "http://purl.org/dc/terms/", "data": ["@id": "cr:data", "@type": "@json"], "dataType": ["@id": "cr:dataType", "@type": "@vocab"],
                "field": "cr:field", "fileObject": "cr:fileObject", "fileSet": "cr:fileSet", "recordSet": "cr:recordSet",
                "source": "cr:source", "extract": "cr:extract", "fileProperty": "cr:fileProperty", "includes": "cr:includes",
                "conformsTo": "dct:conformsTo", "column": "cr:column", "jsonPath": "cr:jsonPath",
            ] as [String: CanonicalJSON], forKey: Key("@context"))
        try c.encode("sc:Dataset", forKey: Key("@type"))
        try c.encode("http://mlcommons.org/croissant/1.1", forKey: Key("conformsTo"))
        try c.encode(card.name, forKey: Key("name"))
        try c.encode(
            "Chiptune audio for MusicGen fine-tuning, written by genki \(card.genkiVersion): \(card.samples) samples, \(String(format: "%.1f", card.durationSeconds / 3600)) h, \(card.sampleRate) Hz mono 16-bit WAV with JSON sidecars, as WebDataset tar shards.",
            forKey: Key("description"))
        let files = shardSums.map { name, sum in
            [
                "@type": CanonicalJSON.string("cr:FileObject"), "@id": .string(name), "name": .string(name), "contentUrl": .string(name),
                "encodingFormat": .string("application/x-tar"), "sha256": .string(sum),
            ]
        }
        let fileSet: [String: CanonicalJSON] = [
            "@type": "cr:FileSet", "@id": "shards", "name": "shards", "encodingFormat": "application/x-tar", "includes": .string("\(card.name)-*.tar"),
        ]
        try c.encode(files + [fileSet], forKey: Key("distribution"))
        let field: (String, String, String) -> [String: CanonicalJSON] = { name, type, ext in
            [
                "@type": .string("cr:Field"), "@id": .string("samples/\(name)"), "name": .string(name), "dataType": .string(type),
                "source": .object(["fileSet": .object(["@id": .string("shards")]), "extract": .object(["fileProperty": .string(ext)])]),
            ]
        }
        try c.encode(
            [
                [
                    "@type": CanonicalJSON.string("cr:RecordSet"), "@id": .string("samples"), "name": .string("samples"),
                    "field": .array([
                        .object(field("key", "sc:Text", "filename")), .object(field("audio", "sc:AudioObject", "content")),
                        .object(field("sidecar", "sc:Text", "content")),
                    ]),
                ]
            ], forKey: Key("recordSet"))
    }
}
