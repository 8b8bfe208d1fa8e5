import GenkiCore

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
    public static let minHashSize = MinHashSignature.size
    /// Overlap score at or above which two fingerprints are the same piece (calibrated on the
    /// generated disguise set in the tests: recall and precision ≥ 0.99).
    public static let threshold = 0.35
    /// Shingle sets smaller than this are too short to judge by overlap alone (see `similarity`).
    public static let minimumShingles = 16

    /// The shingle set and its MinHash signature.
    public let signature: MinHashSignature
    /// Sorted, distinct shingle hashes.
    public var shingles: [UInt64] { signature.shingles }
    /// The MinHash signature values.
    public var minHash: [UInt64] { signature.values }

    /// Signs a shingle list.
    public init(shingles: [UInt64]) {
        signature = MinHashSignature(shingles: shingles)
    }

    /// The shingles as little-endian 64-bit words (the stored form in partitions and registries).
    public var shingleBytes: [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(shingles.count * 8)
        for v in shingles { for k in 0..<8 { out.append(UInt8(truncatingIfNeeded: v >> UInt64(8 * k))) } }
        return out
    }

    /// Reads `shingleBytes` back (nil unless the length is a multiple of 8).
    public init?(shingleBytes bytes: [UInt8]) {
        guard bytes.count % 8 == 0 else { return nil }
        self.init(
            shingles: stride(from: 0, to: bytes.count, by: 8).map { i in
                (0..<8).reduce(UInt64(0)) { $0 | UInt64(bytes[i + $1]) << UInt64(8 * $1) }
            })
    }

    /// Shingles two fingerprints share (exact).
    public func sharedShingles(_ other: SymbolicFingerprint) -> Int { signature.sharedShingles(other.signature) }

    /// Exact Jaccard similarity of the shingle sets.
    public func jaccard(_ other: SymbolicFingerprint) -> Double { signature.jaccard(other.signature) }

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
    public func estimatedJaccard(_ other: SymbolicFingerprint) -> Double { signature.estimatedJaccard(other.signature) }
}
