import Crypto
import Foundation

/// A binary SHA-256 Merkle tree over items' content hashes, in sketch order.
///
/// Leaf = SHA-256(0x00 ‖ content hash bytes); node = SHA-256(0x01 ‖ left ‖ right); a last odd
/// node is carried up unchanged. The empty tree's root is SHA-256 of nothing.
public struct MerkleTree: Sendable {
    /// Levels from the leaves (level 0) up to the root.
    let levels: [[Data]]

    public init(contentHashes: [String]) {
        var level = contentHashes.map { Self.leaf($0) }
        var levels = [level]
        while level.count > 1 {
            var next: [Data] = []
            next.reserveCapacity((level.count + 1) / 2)
            for i in stride(from: 0, to: level.count, by: 2) {
                next.append(i + 1 < level.count ? Self.node(level[i], level[i + 1]) : level[i])
            }
            levels.append(next)
            level = next
        }
        self.levels = levels
    }

    /// The root, hex.
    public var root: String { Hex.encode(levels.last?.first ?? Data(SHA256.hash(data: Data()))) }

    /// Sibling hashes from the leaf up (hex); carried-up levels contribute nothing.
    public func proof(index: Int) -> [String] {
        var out: [String] = []
        var i = index
        for level in levels.dropLast() {
            let sibling = i ^ 1
            if sibling < level.count { out.append(Hex.encode(level[sibling])) }
            i /= 2
        }
        return out
    }

    /// Whether `proof` leads from the content hash at `index` of `count` leaves to `root`.
    public static func verify(contentHash: String, index: Int, count: Int, proof: [String], root: String) -> Bool {
        guard index >= 0, index < count else { return false }
        var hash = leaf(contentHash)
        var i = index
        var width = count
        var remaining = proof[...]
        while width > 1 {
            let sibling = i ^ 1
            if sibling < width {
                guard let next = remaining.popFirst(), let s = Hex.decode(next).map({ Data($0) }) else { return false }
                hash = i & 1 == 0 ? node(hash, s) : node(s, hash)
            }
            i /= 2
            width = (width + 1) / 2
        }
        return remaining.isEmpty && Hex.encode(hash) == root
    }

    static func leaf(_ contentHex: String) -> Data {
        Data(SHA256.hash(data: Data([0]) + (Hex.decode(contentHex).map { Data($0) } ?? Data(contentHex.utf8))))
    }

    static func node(_ a: Data, _ b: Data) -> Data { Data(SHA256.hash(data: Data([1]) + a + b)) }
}
