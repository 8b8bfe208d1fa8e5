import Crypto
import Foundation

/// The spot-check: `count` distinct item indices drawn from a public seed (published after the
/// sketch, e.g. a later block hash), the round, the miner and the sketch's Merkle root.
public enum Challenge {
    public static func indices(seed: String, sketch: Sketch, count: Int) -> [Int] {
        let n = sketch.entries.count
        let k = min(max(0, count), n)
        var chosen = Set<Int>()
        var counter: UInt64 = 0
        while chosen.count < k {
            let text = "genki-challenge/1\u{0}\(seed)\u{0}\(sketch.round)\u{0}\(sketch.miner)\u{0}\(sketch.merkleRoot)\u{0}\(counter)"
            let digest = SHA256.hash(data: Data(text.utf8))
            let value = Data(digest).prefix(8).reduce(UInt64(0)) { $0 << 8 | UInt64($1) }
            chosen.insert(Int(value % UInt64(n)))
            counter += 1
        }
        return chosen.sorted()
    }
}
