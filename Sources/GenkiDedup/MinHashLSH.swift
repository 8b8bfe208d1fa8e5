import GenkiFingerprint

/// Banded LSH over MinHash signatures: items that agree on every value of at least one band
/// become candidate pairs. With `bands × rows = 128`, a pair of Jaccard J is a candidate with
/// probability 1 − (1 − Jʳ)ᵇ.
public struct MinHashLSH: Sendable {
    public let bands: Int
    public let rows: Int
    /// Per band: band hash → item ids.
    private var tables: [[UInt64: [Int32]]]

    public init(bands: Int = 32, rows: Int = 4) {
        precondition(bands * rows <= MinHashSignature.size, "bands × rows must fit the signature")
        self.bands = bands
        self.rows = rows
        tables = [[UInt64: [Int32]]](repeating: [:], count: bands)
    }

    private func bandHash(_ values: [UInt64], _ band: Int) -> UInt64 {
        var h: UInt64 = UInt64(band) &* 0x9E37_79B9_7F4A_7C15
        for r in 0..<rows { h = MinHashSignature.mix(h ^ values[band * rows + r]) }
        return h
    }

    /// Adds an item (empty signatures are not indexed: they match nothing).
    public mutating func insert(_ id: Int, _ signature: MinHashSignature) {
        guard !signature.shingles.isEmpty else { return }
        for band in 0..<bands { tables[band][bandHash(signature.values, band), default: []].append(Int32(id)) }
    }

    /// Every candidate pair (a < b), each once, sorted.
    public func candidatePairs() -> [(Int, Int)] {
        var pairs = Set<UInt64>()
        for table in tables {
            for ids in table.values where ids.count > 1 {
                for i in 0..<ids.count {
                    for j in (i + 1)..<ids.count {
                        let a = min(ids[i], ids[j]), b = max(ids[i], ids[j])
                        pairs.insert(UInt64(UInt32(a)) << 32 | UInt64(UInt32(b)))
                    }
                }
            }
        }
        return pairs.sorted().map { (Int($0 >> 32), Int($0 & 0xFFFF_FFFF)) }
    }
}
