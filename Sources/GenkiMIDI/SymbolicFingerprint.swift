import Foundation

/// A near-duplicate fingerprint of a note stream, invariant to transposition, tempo,
/// tick resolution, track and channel layout and instrument (program) choice.
///
/// Drums are dropped and all pitched notes merged into onset groups (notes starting together).
/// Three kinds of shingles are hashed:
/// - the top line: 3 successive melodic intervals of the highest notes with the 2 ratios of
///   their successive onset gaps (log₂, quarter-octave bins), so uniform time scaling cancels;
/// - the bass line: the same over the lowest notes;
/// - harmony: two successive chord shapes (pitch classes relative to the bass) with the bass
///   motion between them.
/// The set of shingle hashes supports exact comparison (`overlap`, `jaccard`); a 128-slot
/// MinHash signature estimates Jaccard for candidate search at scale.
public struct SymbolicFingerprint: Sendable, Equatable {
    /// Number of MinHash slots.
    public static let minHashSize = 128
    /// Overlap score at or above which two fingerprints are the same piece (calibrated on the
    /// generated disguise set in the tests: recall and precision ≥ 0.99).
    public static let threshold = 0.35
    /// Shingle sets smaller than this are too short to judge by overlap alone (see `similarity`).
    public static let minimumShingles = 16

    /// Sorted, distinct shingle hashes.
    public let shingles: [UInt64]
    /// Minimum of each seeded hash over the shingles (all `UInt64.max` when empty).
    public let minHash: [UInt64]

    /// Fingerprints a note stream.
    public init(notes: [CanonicalNote]) {
        self.init(shingles: Self.shingles(notes))
    }

    /// Builds the MinHash signature of a shingle set by one-permutation hashing: each shingle is
    /// hashed once, its top 7 bits pick one of the 128 slots and each slot keeps its minimum.
    /// Empty slots borrow from the next non-empty slot (rotation densification), so equal slots
    /// still estimate Jaccard. One hash per shingle instead of 128.
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
        let slots = Self.minHashSize
        var mins = [UInt64](repeating: .max, count: slots)
        for x in set {
            let h = Self.mix(x ^ 0x6765_6E6B_692E_6D69)
            let slot = Int(h >> 57)
            let value = h & 0x01FF_FFFF_FFFF_FFFF
            if value < mins[slot] { mins[slot] = value }
        }
        if !set.isEmpty {
            var filled = mins
            for i in 0..<slots where mins[i] == .max {
                var distance = 1
                while mins[(i + distance) % slots] == .max { distance += 1 }
                // The borrowed value is offset by the distance so borrowed slots rarely collide by chance.
                filled[i] = mins[(i + distance) % slots] &+ UInt64(distance) << 57
            }
            mins = filled
        }
        minHash = mins
    }

    /// SplitMix64 finaliser: a fast, well-distributed 64-bit mix.
    @inline(__always)
    static func mix(_ x: UInt64) -> UInt64 {
        var z = x
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// Quarter-octave bin of the ratio of two gaps, clamped to ±16.
    @inline(__always)
    static func ratioBin(_ a: Double, _ b: Double) -> Int {
        guard a > 0, b > 0 else { return 0 }
        return min(16, max(-16, Int((4 * log2(b / a)).rounded())))
    }

    /// Folds small signed fields into a shingle hash (FNV-style fold, then the 64-bit mix).
    @inline(__always)
    static func fold(_ v: UInt64, _ field: Int) -> UInt64 { v &* 0x100_0000_01B3 ^ UInt64(bitPattern: Int64(field)) }

    /// The shingle hashes of a note stream (unsorted, may repeat).
    public static func shingles(_ notes: [CanonicalNote]) -> [UInt64] {
        // Onset groups of pitched notes (onsets closer than 1/64 beat are simultaneous): for each,
        // the onset, the highest and lowest pitch and the pitch-class shape above the lowest.
        var onsets: [Double] = [], tops: [Int] = [], bottoms: [Int] = [], shapes: [Int] = []
        var groupPitches: [Int] = []
        func closeGroup() {
            guard let low = groupPitches.min(), let high = groupPitches.max() else { return }
            var shape = 0
            for p in groupPitches { shape |= 1 << ((p - low) % 12) }
            tops.append(high)
            bottoms.append(low)
            shapes.append(groupPitches.count >= 2 ? shape : 1)
            groupPitches.removeAll(keepingCapacity: true)
        }
        for note in notes where !note.isDrum {
            if let last = onsets.last, note.onsetBeats - last < 1.0 / 64 {
                groupPitches.append(Int(note.pitch))
            } else {
                closeGroup()
                onsets.append(note.onsetBeats)
                groupPitches.append(Int(note.pitch))
            }
        }
        closeGroup()
        let count = onsets.count
        guard count >= 2 else { return [] }
        var out: [UInt64] = []
        out.reserveCapacity(count * 3)
        var gaps = [Double](repeating: 0, count: count - 1)
        for k in 0..<(count - 1) { gaps[k] = onsets[k + 1] - onsets[k] }
        if count >= 4 {
            for (kind, line) in [(UInt64(1), tops), (UInt64(2), bottoms)] {
                for k in 0..<(count - 3) {
                    var v = kind
                    for j in 0..<3 { v = fold(v, max(-36, min(36, line[k + j + 1] - line[k + j]))) }
                    v = fold(v, ratioBin(gaps[k], gaps[k + 1]))
                    v = fold(v, ratioBin(gaps[k + 1], gaps[k + 2]))
                    out.append(mix(v))
                }
            }
        }
        // Harmony: successive chords (two or more pitch classes) and the bass motion between them.
        var previous = -1
        for k in 0..<count where shapes[k] != 1 {
            if previous >= 0 {
                var v: UInt64 = 3
                v = fold(v, shapes[previous])
                v = fold(v, shapes[k])
                v = fold(v, ((bottoms[k] - bottoms[previous]) % 12 + 12) % 12)
                out.append(mix(v))
            }
            previous = k
        }
        return out
    }

    /// Shingles two fingerprints share (exact, by merging the sorted sets).
    public func sharedShingles(_ other: SymbolicFingerprint) -> Int {
        var i = 0, j = 0, shared = 0
        let a = shingles, b = other.shingles
        while i < a.count && j < b.count {
            if a[i] == b[j] { shared += 1; i += 1; j += 1 } else if a[i] < b[j] { i += 1 } else { j += 1 }
        }
        return shared
    }

    /// Exact Jaccard similarity of the shingle sets.
    public func jaccard(_ other: SymbolicFingerprint) -> Double {
        let shared = sharedShingles(other)
        let union = shingles.count + other.shingles.count - shared
        return union == 0 ? 0 : Double(shared) / Double(union)
    }

    /// The similarity genki decides on, in [0, 1]: the overlap coefficient (shared shingles over
    /// the smaller set), so a trimmed copy still scores high against its source; for very small
    /// sets the denominator is at least `minimumShingles`, so a few shared shingles are not
    /// enough to call two short files the same.
    public func similarity(_ other: SymbolicFingerprint) -> Double {
        Self.score(shared: sharedShingles(other), shingles.count, other.shingles.count)
    }

    /// The overlap score from a shared count and the two set sizes.
    public static func score(shared: Int, _ a: Int, _ b: Int) -> Double {
        let denominator = max(min(a, b), minimumShingles)
        return min(1, Double(shared) / Double(denominator))
    }

    /// MinHash estimate of the Jaccard similarity.
    public func estimatedJaccard(_ other: SymbolicFingerprint) -> Double {
        guard !shingles.isEmpty || !other.shingles.isEmpty else { return 0 }
        var equal = 0
        for i in 0..<Self.minHashSize where minHash[i] == other.minHash[i] { equal += 1 }
        return Double(equal) / Double(Self.minHashSize)
    }
}
