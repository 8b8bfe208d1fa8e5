/// A set of 64-bit shingle hashes with its MinHash signature, shared by the audio and symbolic
/// fingerprints.
///
/// The signature is built by one-permutation hashing: each shingle is hashed once, its top 7
/// bits pick one of the 128 slots and each slot keeps its minimum. Empty slots borrow from a
/// non-empty slot chosen by a fixed pseudo-random probe (optimal densification), so equal slots
/// still estimate Jaccard.
public struct MinHashSignature: Sendable, Equatable {
    /// Number of slots.
    public static let size = 128

    /// Sorted, distinct shingle hashes.
    public let shingles: [UInt64]
    /// One value per slot (all `UInt64.max` for an empty set).
    public let values: [UInt64]

    /// Deduplicates and signs a shingle list.
    public init(shingles: [UInt64]) {
        var set = shingles
        set.sort()
        var unique = 0
        for i in set.indices where i == 0 || set[i] != set[i - 1] {
            set[unique] = set[i]
            unique += 1
        }
        set.removeSubrange(unique...)
        self.shingles = set
        var mins = [UInt64](repeating: .max, count: Self.size)
        for x in set {
            let h = Self.mix(x ^ 0x6765_6E6B_692E_6D69)
            let slot = Int(h >> 57)
            let value = h & 0x01FF_FFFF_FFFF_FFFF
            if value < mins[slot] { mins[slot] = value }
        }
        Self.densify(&mins)
        values = mins
    }

    /// Fills empty slots (`UInt64.max`) by optimal densification (Shrivastava, 2017): each empty
    /// slot takes the value of the first non-empty slot along its own pseudo-random probe
    /// sequence, the same sequence in every signature. Borrowed values are thus spread over the
    /// whole signature rather than copied from the next slot, which keeps slots close to
    /// independent for small sets. All-empty signatures stay empty.
    public static func densify(_ mins: inout [UInt64]) {
        guard mins.contains(where: { $0 != .max }) else { return }
        let original = mins
        let n = UInt64(original.count)
        for i in original.indices where original[i] == .max {
            var attempt: UInt64 = 0
            while true {
                let donor = Int(mix(UInt64(i) &* 0x9E37_79B9_7F4A_7C15 &+ attempt) % n)
                if original[donor] != .max {
                    mins[i] = original[donor]
                    break
                }
                attempt += 1
            }
        }
    }

    /// SplitMix64 finaliser: a fast, well-distributed 64-bit mix.
    @inline(__always)
    public static func mix(_ x: UInt64) -> UInt64 {
        var z = x
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// Shingles both sets hold (exact, by merging the sorted sets).
    public func sharedShingles(_ other: MinHashSignature) -> Int {
        var i = 0
        var j = 0
        var shared = 0
        let a = shingles
        let b = other.shingles
        while i < a.count && j < b.count {
            if a[i] == b[j] {
                shared += 1
                i += 1
                j += 1
            } else if a[i] < b[j] {
                i += 1
            } else {
                j += 1
            }
        }
        return shared
    }

    /// Exact Jaccard similarity of the shingle sets.
    public func jaccard(_ other: MinHashSignature) -> Double {
        let shared = sharedShingles(other)
        let union = shingles.count + other.shingles.count - shared
        return union == 0 ? 0 : Double(shared) / Double(union)
    }

    /// MinHash estimate of the Jaccard similarity.
    public func estimatedJaccard(_ other: MinHashSignature) -> Double {
        guard !shingles.isEmpty || !other.shingles.isEmpty else { return 0 }
        var equal = 0
        for i in 0..<Self.size where values[i] == other.values[i] { equal += 1 }
        return Double(equal) / Double(Self.size)
    }

    /// XXH3-128 of the signature values (little-endian), a compact identity for records.
    public var digest: Digest128 {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(values.count * 8)
        for v in values { for s in stride(from: 0, to: 64, by: 8) { bytes.append(UInt8(truncatingIfNeeded: v >> UInt64(s))) } }
        return XXH3Hasher.hash(bytes)
    }
}
