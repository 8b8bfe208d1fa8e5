import Crypto
import Foundation
import GenkiCore
import GenkiFingerprint

/// The key of one audit round, derived from its public identifier and seed (e.g. a block hash).
///
/// Sketches are keyed with it, so a sketch from one round cannot be matched against another
/// round's sketches, nor against a public catalog prepared before the round's seed was known.
public struct RoundKey: Sendable, Equatable {
    public let round: String
    /// The key bytes (SymmetricKey is rebuilt from them: it is not Sendable).
    let keyBytes: [UInt8]
    var key: SymmetricKey { SymmetricKey(data: keyBytes) }
    /// 64-bit key of the shingle hash.
    let shingleKey: UInt64

    public init(round: String, seed: String) {
        self.round = round
        let material = SHA256.hash(data: Data("genki-audit/1\u{0}\(round)\u{0}\(seed)".utf8))
        keyBytes = Array(material)
        let tag = HMAC<SHA256>.authenticationCode(for: Data("shingles".utf8), using: SymmetricKey(data: Array(material)))
        shingleKey = Data(tag).prefix(8).reduce(0) { $0 << 8 | UInt64($1) }
    }

    public static func == (a: RoundKey, b: RoundKey) -> Bool { a.round == b.round && a.shingleKey == b.shingleKey }

    /// Keyed form of a content hash: HMAC-SHA256 truncated to 128 bits, hex.
    public func keyedContent(_ contentHex: String) -> String {
        let tag = HMAC<SHA256>.authenticationCode(for: Data("content\u{0}\(contentHex)".utf8), using: key)
        return Hex.encode(Data(tag).prefix(16))
    }

    /// Keyed digest of a stored fingerprint: HMAC-SHA256 under the round key over a domain tag,
    /// the fingerprint kind and its stored bytes, truncated to 128 bits, hex. It binds a
    /// spot-check's revealed fingerprint to every byte, where the signature (one shingle in
    /// each of 128 slots) and the keyed landmark subsample each see only part of it.
    public func keyedFingerprint(kind: String, blob: [UInt8]) -> String {
        let tag = HMAC<SHA256>.authenticationCode(for: Data("fingerprint\u{0}\(kind)\u{0}".utf8) + Data(blob), using: key)
        return Hex.encode(Data(tag).prefix(16))
    }

    /// Keyed MinHash signature of a shingle set: 128 slots of 32 bits (one-permutation hashing
    /// under the round's key, empty slots filled by `MinHashSignature.densify`).
    public func signature(_ shingles: [UInt64]) -> [UInt32] {
        var mins = [UInt64](repeating: .max, count: 128)
        for x in shingles {
            let h = MinHashSignature.mix(MinHashSignature.mix(x ^ shingleKey) ^ 0x5EED)
            let slot = Int(h >> 57)
            let value = h & 0x01FF_FFFF_FFFF_FFFF
            if value < mins[slot] { mins[slot] = value }
        }
        guard !shingles.isEmpty else { return [UInt32](repeating: 0, count: 128) }
        MinHashSignature.densify(&mins)
        return mins.map { UInt32(truncatingIfNeeded: MinHashSignature.mix($0)) }
    }

    /// Keyed form of a landmark key: HMAC-SHA256 under the round key over a domain tag and the
    /// key's 4 little-endian bytes. Bytes 0–3 of the tag are the published keyed key; bytes 4–7
    /// decide the keyed subsample (`Sketch.landmarkKeepOneIn`), so every copy keeps the same subset.
    public func keyedLandmark(_ landmarkKey: UInt32) -> (key: UInt32, sample: UInt32) {
        var message = [UInt8]("landmark\u{0}".utf8)
        withUnsafeBytes(of: landmarkKey.littleEndian) { message.append(contentsOf: $0) }
        let tag = Array(HMAC<SHA256>.authenticationCode(for: message, using: key))
        func word(_ at: Int) -> UInt32 { (0..<4).reduce(0) { $0 | UInt32(tag[at + $1]) << (8 * UInt32($1)) } }
        return (word(0), word(4))
    }
}
