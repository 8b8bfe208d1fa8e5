import Foundation
import GenkiCore
import GenkiFingerprint
import GenkiModel
import GenkiRegistry

/// A miner's answer to a spot-check: for each challenged index, the item's content hash, full
/// fingerprint and Merkle proof. Schema: `schemas/audit-response.schema.json`.
public struct AuditResponse: Codable, Sendable, Equatable {
    public static let schemaID = "genki.audit-response/1"

    public struct Answer: Codable, Sendable, Equatable {
        public var index: Int
        public var kind: MediaKind
        public var contentXXH3: String
        public var fingerprintKind: String?
        /// Base64 of the stored fingerprint bytes.
        public var fingerprint: String?
        public var durationSeconds: Double
        public var silenceRatio: Double
        public var clippingRatio: Double
        public var proof: [String]

        enum CodingKeys: String, CodingKey {
            case index, kind, fingerprint, proof
            case contentXXH3 = "content_xxh3_128"
            case fingerprintKind = "fingerprint_kind"
            case durationSeconds = "duration_s"
            case silenceRatio = "silence_ratio"
            case clippingRatio = "clipping_ratio"
        }
    }

    public var schema = AuditResponse.schemaID
    public var round: String
    public var miner: String
    public var merkleRoot: String
    public var answers: [Answer]

    enum CodingKeys: String, CodingKey {
        case schema, round, miner, answers
        case merkleRoot = "merkle_root"
    }

    /// The miner side: answers the challenge from its own registry items. Fails when the items
    /// no longer build the published sketch (changed data cannot answer an old sketch).
    public init(sketch: Sketch, items: [CatalogItem], seed: String, count: Int, key: RoundKey) throws(AuditError) {
        let rebuilt = Sketch(items: items, miner: sketch.miner, key: key)
        guard rebuilt.merkleRoot == sketch.merkleRoot, rebuilt.entries.count == sketch.entries.count else {
            throw .mismatch("the dataset's items do not build the published sketch")
        }
        let ordered = Sketch.canonicalOrder(items)
        let tree = MerkleTree(contentHashes: ordered.map(\.contentHash))
        round = sketch.round
        miner = sketch.miner
        merkleRoot = sketch.merkleRoot
        answers = Challenge.indices(seed: seed, sketch: sketch, count: count).map { i in
            let item = ordered[i]
            let stored = item.storedFingerprint
            return Answer(
                index: i, kind: item.kind, contentXXH3: item.contentHash, fingerprintKind: stored?.kind.rawValue,
                fingerprint: stored.map { Data($0.bytes).base64EncodedString() }, durationSeconds: item.durationSeconds,
                silenceRatio: item.silenceRatio ?? 0, clippingRatio: item.clippingRatio ?? 0, proof: tree.proof(index: i)
            )
        }
    }
}

/// The validator's verdict on a response.
public struct Verification: Codable, Sendable, Equatable {
    public var passed: Bool
    public var checked: Int
    /// Why it failed (nil when it passed).
    public var reason: String?

    /// Checks a response against the sketch it answers: the right indices, proofs that lead to
    /// the root, and keyed hashes, signatures, keyed landmarks and keyed fingerprint digests that
    /// the revealed fingerprints reproduce exactly (the digest binds every revealed byte).
    public static func verify(response: AuditResponse, sketch: Sketch, seed: String, count: Int, key: RoundKey) -> Verification {
        func fail(_ reason: String) -> Verification { Verification(passed: false, checked: response.answers.count, reason: reason) }
        guard response.round == sketch.round, sketch.round == key.round else { return fail("response or sketch is for another round") }
        guard response.miner == sketch.miner else { return fail("response comes from another miner") }
        guard response.merkleRoot == sketch.merkleRoot else { return fail("response answers a different sketch") }
        let expected = Challenge.indices(seed: seed, sketch: sketch, count: count)
        guard response.answers.map(\.index) == expected else { return fail("answers are not the challenged indices") }
        for a in response.answers {
            guard MerkleTree.verify(contentHash: a.contentXXH3, index: a.index, count: sketch.entries.count, proof: a.proof, root: sketch.merkleRoot) else {
                return fail("item \(a.index): Merkle proof does not lead to the sketch's root")
            }
            var revealed = CatalogItem(
                path: "", kind: a.kind, fileHash: "", contentHash: a.contentXXH3, durationSeconds: a.durationSeconds, quality: 0)
            revealed.silenceRatio = a.silenceRatio
            revealed.clippingRatio = a.clippingRatio
            var revealedDigest: String?
            if let name = a.fingerprintKind, let text = a.fingerprint {
                guard let kind = FingerprintKind(rawValue: name), let data = Data(base64Encoded: text),
                    revealed.restore(StoredFingerprint(kind: kind, bytes: [UInt8](data)))
                else {
                    return fail("item \(a.index): fingerprint cannot be decoded")
                }
                // The revealed bytes as sent, not their decoded form: reordered or repeated
                // shingles decode to the same set but are not the stored fingerprint.
                revealedDigest = key.keyedFingerprint(kind: name, blob: [UInt8](data))
            }
            let entry = Sketch.entry(revealed, key: key)
            let published = sketch.entries[a.index]
            guard entry.content == published.content else { return fail("item \(a.index): content hash does not match the sketch") }
            guard entry.signature == published.signature else { return fail("item \(a.index): fingerprint does not reproduce the sketch's signature") }
            guard entry.landmarks == published.landmarks else {
                return fail("item \(a.index): fingerprint does not regenerate the sketch's keyed landmarks")
            }
            // Exact: every shingle and every peak, where the signature keeps one shingle per
            // slot and the landmarks a keyed subsample.
            guard revealedDigest == published.fingerprint else {
                return fail("item \(a.index): fingerprint does not reproduce the sketch's keyed fingerprint digest")
            }
            guard entry.kind == published.kind, entry.durationSeconds == published.durationSeconds,
                entry.silenceRatio == published.silenceRatio, entry.clippingRatio == published.clippingRatio
            else {
                return fail("item \(a.index): kind, duration or quality differ from the sketch")
            }
            if let f = revealed.audio {
                let seconds = Double(f.frameCount) / AudioFingerprint.framesPerSecond
                guard abs(seconds - a.durationSeconds) <= 1 + 0.02 * a.durationSeconds else {
                    return fail("item \(a.index): fingerprint length does not fit the declared duration")
                }
            }
        }
        return Verification(passed: true, checked: response.answers.count, reason: nil)
    }
}
