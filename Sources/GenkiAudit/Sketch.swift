import Foundation
import GenkiFingerprint
import GenkiMIDI
import GenkiRegistry

/// What a miner publishes instead of its data: keyed sketches of its items, in a canonical
/// order (by content hash), with counts, duration and a Merkle root over the content hashes.
/// Schema: `schemas/audit-sketch.schema.json`.
public struct Sketch: Codable, Sendable, Equatable {
    public static let schemaID = "genki.audit-sketch/1"

    /// One item: kind, keyed content hash, keyed MinHash signature (base64 of 128 little-endian
    /// 32-bit slots), duration and the quality figures scoring needs.
    public struct Entry: Codable, Sendable, Equatable {
        public var kind: String
        public var content: String
        public var signature: String
        public var durationSeconds: Double
        public var silenceRatio: Double
        public var clippingRatio: Double

        enum CodingKeys: String, CodingKey {
            case kind, content, signature
            case durationSeconds = "duration_s"
            case silenceRatio = "silence_ratio"
            case clippingRatio = "clipping_ratio"
        }
    }

    public var schema = Sketch.schemaID
    public var round: String
    public var miner: String
    public var items: Int
    public var durationSeconds: Double
    public var merkleRoot: String
    public var entries: [Entry]

    enum CodingKeys: String, CodingKey {
        case schema, round, miner, items, entries
        case durationSeconds = "duration_s"
        case merkleRoot = "merkle_root"
    }

    /// The canonical item order: by content hash, then file hash.
    public static func canonicalOrder(_ items: [StoredItem]) -> [StoredItem] {
        items.sorted { ($0.contentXXH3, $0.fileXXH3, $0.id) < ($1.contentXXH3, $1.fileXXH3, $1.id) }
    }

    /// Builds the sketch of a miner's items for a round. Items without a fingerprint get an
    /// empty signature (they can still match exactly).
    public init(items: [StoredItem], miner: String, key: RoundKey) {
        let ordered = Self.canonicalOrder(items)
        round = key.round
        self.miner = miner
        self.items = ordered.count
        durationSeconds = ordered.reduce(0) { $0 + $1.durationSeconds }
        merkleRoot = MerkleTree(contentHashes: ordered.map(\.contentXXH3)).root
        entries = ordered.map { Self.entry($0.kind, content: $0.contentXXH3, fingerprint: $0.fingerprint, duration: $0.durationSeconds,
                                           silence: $0.silenceRatio ?? 0, clipping: $0.clippingRatio ?? 0, key: key) }
    }

    /// One entry, as the miner builds it and as the validator recomputes it from a response.
    public static func entry(
        _ kind: String, content: String, fingerprint: StoredFingerprint?, duration: Double, silence: Double, clipping: Double, key: RoundKey
    ) -> Entry {
        Entry(
            kind: kind, content: key.keyedContent(content), signature: encode(key.signature(shingles(fingerprint))),
            durationSeconds: duration, silenceRatio: silence, clippingRatio: clipping
        )
    }

    /// Shingles of a stored fingerprint. For audio these are the slots of the fingerprint's
    /// index sketch, each as (slot, byte): two recordings share a slot where their melody-shingle
    /// MinHashes agree, so the keyed signature still tracks how much melody they share.
    public static func shingles(_ f: StoredFingerprint?) -> [UInt64] {
        switch f {
        case .chroma?: return []
        case .symbolic(let s)?: return s.shingles
        case nil: return []
        }
    }

    static func encode(_ slots: [UInt32]) -> String {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(slots.count * 4)
        for s in slots { withUnsafeBytes(of: s.littleEndian) { bytes.append(contentsOf: $0) } }
        return Data(bytes).base64EncodedString()
    }

    /// Decodes an entry's signature (nil unless it is 128 slots).
    public static func decode(_ text: String) -> [UInt32]? {
        guard let data = Data(base64Encoded: text), data.count == 512 else { return nil }
        let bytes = [UInt8](data)
        var out = [UInt32](repeating: 0, count: 128)
        for i in 0..<128 {
            var v: UInt32 = 0
            for k in 0..<4 { v |= UInt32(bytes[4 * i + k]) << (8 * k) }
            out[i] = v
        }
        return out
    }
}
