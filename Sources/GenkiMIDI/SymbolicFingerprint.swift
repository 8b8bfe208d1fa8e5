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

    /// Builds the MinHash signature of a shingle set.
    public init(shingles: [UInt64]) {
        let set = Array(Set(shingles)).sorted()
        self.shingles = set
        var mins = [UInt64](repeating: .max, count: Self.minHashSize)
        mins.withUnsafeMutableBufferPointer { m in
            for s in set {
                for i in 0..<Self.minHashSize {
                    let h = Self.mix(s ^ Self.seeds[i])
                    if h < m[i] { m[i] = h }
                }
            }
        }
        minHash = mins
    }

    static let seeds: [UInt64] = {
        var state: UInt64 = 0x6765_6E6B_692E_6D69  // "genki.mi"
        return (0..<minHashSize).map { _ in
            state &+= 0x9E37_79B9_7F4A_7C15
            return mix(state)
        }
    }()

    /// SplitMix64 finaliser: a fast, well-distributed 64-bit mix.
    @inline(__always)
    static func mix(_ x: UInt64) -> UInt64 {
        var z = x
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// Onset groups of pitched notes: (onset in beats, sorted distinct pitches).
    static func onsetGroups(_ notes: [CanonicalNote]) -> [(onset: Double, pitches: [Int])] {
        var groups: [(onset: Double, pitches: [Int])] = []
        // Notes are sorted by onset; onsets closer than 1/64 beat count as simultaneous.
        for note in notes where !note.isDrum {
            if let last = groups.last, note.onsetBeats - last.onset < 1.0 / 64 {
                groups[groups.count - 1].pitches.append(Int(note.pitch))
            } else {
                groups.append((note.onsetBeats, [Int(note.pitch)]))
            }
        }
        return groups.map { ($0.onset, Array(Set($0.pitches)).sorted()) }
    }

    /// Quarter-octave bin of the ratio of two gaps, clamped to ±16.
    @inline(__always)
    static func ratioBin(_ a: Double, _ b: Double) -> Int {
        guard a > 0, b > 0 else { return 0 }
        return min(16, max(-16, Int((4 * log2(b / a)).rounded())))
    }

    /// Packs small signed fields into a shingle hash.
    @inline(__always)
    static func shingle(_ kind: Int, _ fields: [Int]) -> UInt64 {
        var v = UInt64(kind)
        for f in fields { v = v &* 0x100_0000_01B3 ^ UInt64(bitPattern: Int64(f)) }
        return mix(v)
    }

    /// The shingle hashes of a note stream (unsorted, may repeat).
    public static func shingles(_ notes: [CanonicalNote]) -> [UInt64] {
        let groups = onsetGroups(notes)
        guard groups.count >= 2 else { return [] }
        var out: [UInt64] = []
        out.reserveCapacity(groups.count * 3)
        let gaps = zip(groups.dropFirst(), groups).map { $0.onset - $1.onset }
        for (kind, line) in [(1, groups.map { $0.pitches.last ?? 0 }), (2, groups.map { $0.pitches.first ?? 0 })] {
            guard line.count >= 4 else { continue }
            for k in 0..<(line.count - 3) {
                let intervals = (0..<3).map { max(-36, min(36, line[k + $0 + 1] - line[k + $0])) }
                let ratios = [ratioBin(gaps[k], gaps[k + 1]), ratioBin(gaps[k + 1], gaps[k + 2])]
                out.append(shingle(kind, intervals + ratios))
            }
        }
        var previous: (shape: Int, bass: Int)?
        for g in groups where g.pitches.count >= 2 {
            let bass = g.pitches[0]
            var shape = 0
            for p in g.pitches { shape |= 1 << ((p - bass) % 12) }
            guard shape != 1 else { continue }  // octaves only: no harmony
            if let prev = previous {
                out.append(shingle(3, [prev.shape, shape, ((bass - prev.bass) % 12 + 12) % 12]))
            }
            previous = (shape, bass)
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
