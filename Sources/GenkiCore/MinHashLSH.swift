/// Banded LSH over MinHash signatures: items that agree on every value of at least one band
/// become candidate pairs. With `bands × rows ≤ 128`, a pair of Jaccard J is a candidate with
/// probability 1 − (1 − Jʳ)ᵇ.
///
/// Band `b` takes slots `b`, `b + bands`, `b + 2·bands`, …: slots far apart. Densified
/// one-permutation signatures fill an empty slot from its neighbour, so a band of adjacent slots
/// can be one borrowed value repeated, and small sets would then collide as if `rows` were 1.
///
/// Built for scale: band hashes live in one flat array (8 bytes × bands per item, 256 MB for a
/// million items at 32 bands) and candidate pairs come from sorting each band, not from hash
/// tables of arrays. Buckets larger than `maxBucketPairs` allow are linked as a chain instead of
/// all pairs, so one degenerate bucket cannot explode the work.
public struct MinHashLSH: Sendable {
    public let bands: Int
    public let rows: Int
    /// Buckets up to this size yield all their pairs; larger ones yield a chain.
    public var maxBucket = 256
    private var ids: [Int32] = []
    private var hashes: [UInt64] = []  // item-major: bands per item

    public init(bands: Int = 32, rows: Int = 4) {
        precondition(bands * rows <= MinHashSignature.size, "bands × rows must fit the signature")
        self.bands = bands
        self.rows = rows
    }

    /// Items indexed so far.
    public var count: Int { ids.count }

    /// Approximate memory held, in bytes.
    public var memoryBytes: Int { ids.capacity * 4 + hashes.capacity * 8 }

    /// Reserves room for `n` items.
    public mutating func reserve(_ n: Int) {
        ids.reserveCapacity(n)
        hashes.reserveCapacity(n * bands)
    }

    /// Adds an item by its signature values (an empty set matches nothing and is not indexed).
    public mutating func insert(_ id: Int, _ signature: MinHashSignature) {
        guard !signature.shingles.isEmpty else { return }
        insert(id, values: signature.values)
    }

    /// Adds an item by raw signature values (at least `bands × rows` of them).
    public mutating func insert(_ id: Int, values: [UInt64]) {
        ids.append(Int32(id))
        for band in 0..<bands {
            var h: UInt64 = UInt64(band) &* 0x9E37_79B9_7F4A_7C15
            for r in 0..<rows { h = MinHashSignature.mix(h ^ values[r * bands + band]) }
            hashes.append(h)
        }
    }

    /// Every candidate pair (a < b), each once, sorted.
    public func candidatePairs() -> [(Int, Int)] {
        var keys: [UInt64] = []
        var column = [(hash: UInt64, id: Int32)](repeating: (0, 0), count: ids.count)
        for band in 0..<bands {
            for i in 0..<ids.count { column[i] = (hashes[i * bands + band], ids[i]) }
            column.sort { $0.hash != $1.hash ? $0.hash < $1.hash : $0.id < $1.id }
            var start = 0
            while start < column.count {
                var end = start + 1
                while end < column.count && column[end].hash == column[start].hash { end += 1 }
                let size = end - start
                if size > 1 {
                    if size <= maxBucket {
                        for x in start..<end {
                            for y in (x + 1)..<end { keys.append(Self.key(column[x].id, column[y].id)) }
                        }
                    } else {
                        for x in start..<(end - 1) { keys.append(Self.key(column[x].id, column[x + 1].id)) }
                    }
                }
                start = end
            }
        }
        keys.sort()
        var pairs: [(Int, Int)] = []
        var previous: UInt64?
        for k in keys where k != previous {
            pairs.append((Int(k >> 32), Int(k & 0xFFFF_FFFF)))
            previous = k
        }
        return pairs
    }

    private static func key(_ a: Int32, _ b: Int32) -> UInt64 {
        UInt64(UInt32(min(a, b))) << 32 | UInt64(UInt32(max(a, b)))
    }
}
