import Foundation
import GenkiCore
import GenkiFingerprint
import GenkiMIDI
import GenkiModel
import GenkiRegistry

/// What a miner publishes instead of its data: keyed sketches of its items, in a canonical
/// order (by content hash), with counts, duration and a Merkle root over the content hashes.
/// Schema: `schemas/audit-sketch.schema.json`.
public struct Sketch: Codable, Sendable, Equatable {
    public static let schemaID = "genki.audit-sketch/4"
    /// A keyed landmark is published when its keyed subsample value is 0 modulo this. On real
    /// music that is ≈ 6.5 landmarks/s, ≈ 7 bytes each: a 3-minute piece publishes ≈ 1,200
    /// records, ≈ 11 KB of base64. One in 4 halved the size but let a third of pitch-shifted
    /// copies through sketch-against-sketch (fewer than `Auditor.minimumVotes` agreeing).
    public static let landmarkKeepOneIn: UInt32 = 2
    /// Fewest published landmarks per second of an audio item's duration; below it the sketch
    /// fails. On real music (400 originals, 1,600 disguised copies) the median is 3.3, the 1st
    /// percentile 0.64 and the sparsest recording 0.13, so every honest item clears it.
    public static let minimumLandmarksPerSecond = 0.1
    /// Fewest published landmarks per second over all of a sketch's audio (honest sketches of
    /// 100 real recordings: about 3): thinning every item fails the sketch; thinning a few is
    /// what the spot-check's exact regeneration catches.
    public static let minimumSketchLandmarksPerSecond = 1.0

    /// One item: kind, keyed content hash, keyed MinHash signature (base64 of 128 little-endian
    /// 32-bit slots; MIDI items), keyed landmarks (audio items), the keyed digest of the whole
    /// fingerprint (items that have one), duration and the quality figures scoring needs.
    public struct Entry: Codable, Sendable, Equatable {
        public var kind: MediaKind
        public var content: String
        /// Keyed MinHash signature: MIDI items only (audio items match by landmarks).
        public var signature: String?
        /// Base64 of the keyed, subsampled landmarks (`Sketch.encodeLandmarks`, in landmark
        /// order); nil for items without an audio fingerprint.
        public var landmarks: String?
        /// `RoundKey.keyedFingerprint` of the item's stored fingerprint (nil without one): what
        /// a spot-check's revealed fingerprint must reproduce byte for byte.
        public var fingerprint: String?
        public var durationSeconds: Double
        public var silenceRatio: Double
        public var clippingRatio: Double

        enum CodingKeys: String, CodingKey {
            case kind, content, signature, landmarks, fingerprint
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
    public static func canonicalOrder(_ items: [CatalogItem]) -> [CatalogItem] {
        items.sorted { ($0.contentHash, $0.fileHash, $0.registryID ?? 0) < ($1.contentHash, $1.fileHash, $1.registryID ?? 0) }
    }

    /// Builds the sketch of a miner's items for a round. Items without a fingerprint get an
    /// empty signature (they can still match exactly).
    public init(items: [CatalogItem], miner: String, key: RoundKey) {
        let ordered = Self.canonicalOrder(items)
        round = key.round
        self.miner = miner
        self.items = ordered.count
        durationSeconds = ordered.reduce(0) { $0 + $1.durationSeconds }
        merkleRoot = MerkleTree(contentHashes: ordered.map(\.contentHash)).root
        entries = ordered.map { Self.entry($0, key: key) }
    }

    /// One entry, as the miner builds it from its item and as the validator recomputes it from a
    /// response's revealed item. The keyed fingerprint digest covers the stored form's bytes.
    public static func entry(_ item: CatalogItem, key: RoundKey) -> Entry {
        Entry(
            kind: item.kind, content: key.keyedContent(item.contentHash),
            signature: item.kind == .audio ? nil : encode(key.signature(shingles(item))),
            landmarks: keyedLandmarks(item, key: key).map(encodeLandmarks),
            fingerprint: item.storedFingerprint.map { key.keyedFingerprint(kind: $0.kind.rawValue, blob: $0.bytes) },
            durationSeconds: item.durationSeconds, silenceRatio: item.silenceRatio ?? 0, clippingRatio: item.clippingRatio ?? 0
        )
    }

    /// The signature's shingles: a MIDI item's symbolic shingles (none for audio, whose keyed
    /// landmarks carry its melody instead).
    public static func shingles(_ item: CatalogItem) -> [UInt64] {
        item.audio == nil ? item.symbolic?.shingles ?? [] : []
    }

    /// The keyed, subsampled exact landmarks of an item's audio fingerprint (nil without one).
    public static func keyedLandmarks(_ item: CatalogItem, key: RoundKey) -> [AudioLandmark]? {
        guard let audio = item.audio else { return nil }
        return keyed(AudioLandmarks.landmarks(audio.peaks), key: key)
    }

    /// The keyed, subsampled query variants of an item's audio fingerprint
    /// (`AudioLandmarks.variants`), for reference items whose fingerprints the validator holds;
    /// empty without one.
    public static func keyedVariants(_ item: CatalogItem, key: RoundKey) -> [AudioLandmark] {
        guard let audio = item.audio else { return [] }
        return keyed(AudioLandmarks.variants(audio.peaks), key: key)
    }

    /// Keys landmarks under the round key and keeps the keyed subsample. Memoised per key, as
    /// variants repeat keys.
    static func keyed(_ landmarks: [AudioLandmark], key: RoundKey) -> [AudioLandmark] {
        var memo: [UInt32: (key: UInt32, sample: UInt32)] = [:]
        var out: [AudioLandmark] = []
        for l in landmarks {
            let k: (key: UInt32, sample: UInt32)
            if let m = memo[l.key] {
                k = m
            } else {
                k = key.keyedLandmark(l.key)
                memo[l.key] = k
            }
            guard k.sample % landmarkKeepOneIn == 0 else { continue }
            out.append(AudioLandmark(key: k.key, time: l.time, pitch: l.pitch, span: l.span))
        }
        return out
    }

    /// Base64 of landmark records, each: the anchor time's change from the previous record
    /// (from 0 for the first), zigzag LEB128; the keyed key, u32 little endian; the anchor
    /// pitch bin, u8; the span, u8. Landmarks come in anchor order, so most deltas take a byte.
    public static func encodeLandmarks(_ landmarks: [AudioLandmark]) -> String {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(landmarks.count * 7)
        var previous: Int64 = 0
        for l in landmarks {
            let delta = Int64(l.time) - previous
            previous = Int64(l.time)
            var zigzag = UInt64(bitPattern: (delta << 1) ^ (delta >> 63))
            while zigzag >= 0x80 {
                bytes.append(UInt8(truncatingIfNeeded: zigzag) | 0x80)
                zigzag >>= 7
            }
            bytes.append(UInt8(zigzag))
            withUnsafeBytes(of: l.key.littleEndian) { bytes.append(contentsOf: $0) }
            bytes.append(l.pitch)
            bytes.append(l.span)
        }
        return Data(bytes).base64EncodedString()
    }

    /// Decodes landmark records (nil when the text is not base64 of whole records, or a time
    /// leaves the 32-bit range).
    public static func decodeLandmarks(_ text: String) -> [AudioLandmark]? {
        guard let data = Data(base64Encoded: text) else { return nil }
        let bytes = [UInt8](data)
        var out: [AudioLandmark] = []
        var at = 0
        var time: Int64 = 0
        while at < bytes.count {
            var zigzag: UInt64 = 0
            var shift: UInt64 = 0
            while true {
                guard at < bytes.count, shift <= 28 else { return nil }
                let b = bytes[at]
                at += 1
                zigzag |= UInt64(b & 0x7F) << shift
                if b < 0x80 { break }
                shift += 7
            }
            let delta = Int64(bitPattern: zigzag >> 1) ^ -Int64(bitPattern: zigzag & 1)
            time += delta
            guard at + 6 <= bytes.count, let t = Int32(exactly: time) else { return nil }
            let key = (0..<4).reduce(UInt32(0)) { $0 | UInt32(bytes[at + $1]) << (8 * UInt32($1)) }
            out.append(AudioLandmark(key: key, time: t, pitch: bytes[at + 4], span: bytes[at + 5]))
            at += 6
        }
        return out
    }

    /// Why an entry's landmarks cannot vouch for it (nil when they can): an audio item needs
    /// landmarks, at least `minimumLandmarksPerSecond` of its duration.
    public static func landmarkProblem(_ e: Entry) -> String? {
        guard e.kind == .audio else { return nil }
        guard let text = e.landmarks else { return "has no landmarks" }
        guard let decoded = decodeLandmarks(text) else { return "has malformed landmarks" }
        let floor = minimumLandmarksPerSecond * e.durationSeconds
        guard Double(decoded.count) >= floor.rounded(.down) else {
            return String(format: "has %d landmarks, fewer than %.1f per second of its %.0f s", decoded.count, minimumLandmarksPerSecond, e.durationSeconds)
        }
        return nil
    }

    /// The first entry whose landmarks cannot vouch for it, as a reason naming its index, or a
    /// sketch whose audio as a whole publishes too few landmarks.
    public var landmarkProblem: String? {
        var count = 0
        var seconds = 0.0
        for (i, e) in entries.enumerated() {
            if let p = Self.landmarkProblem(e) { return "audio item \(i) \(p)" }
            guard e.kind == .audio else { continue }
            count += e.landmarks.flatMap(Self.decodeLandmarks)?.count ?? 0
            seconds += e.durationSeconds
        }
        guard seconds <= 0 || Double(count) >= Self.minimumSketchLandmarksPerSecond * seconds else {
            return String(format: "its audio publishes %.2f landmarks per second, fewer than %.1f", Double(count) / seconds, Self.minimumSketchLandmarksPerSecond)
        }
        return nil
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
