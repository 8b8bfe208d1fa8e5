import Foundation
import GenkiCore
import GenkiFingerprint

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

    /// Fingerprints a note stream.
    public init(notes: [CanonicalNote]) {
        self.init(shingles: Self.shingles(notes))
    }

    /// Signs a shingle list.
    public init(shingles: [UInt64]) {
        signature = MinHashSignature(shingles: shingles)
    }

    @inline(__always)
    static func mix(_ x: UInt64) -> UInt64 { MinHashSignature.mix(x) }

    /// Quarter-octave bin of the ratio of two gaps, clamped to ±16.
    @inline(__always)
    static func ratioBin(_ a: Double, _ b: Double) -> Int {
        guard a > 0, b > 0 else { return 0 }
        // Clamp before converting: b / a overflows to +∞ for a denormal `a`.
        let bin = (4 * log2(b / a)).rounded()
        return bin >= 16 ? 16 : bin <= -16 ? -16 : bin.isNaN ? 0 : Int(bin)
    }

    /// Folds small signed fields into a shingle hash (FNV-style fold, then the 64-bit mix).
    @inline(__always)
    static func fold(_ v: UInt64, _ field: Int) -> UInt64 { v &* 0x100_0000_01B3 ^ UInt64(bitPattern: Int64(field)) }

    /// The shingle hashes of a note stream (unsorted, may repeat).
    public static func shingles(_ notes: [CanonicalNote]) -> [UInt64] {
        // Onset groups of pitched notes (onsets closer than 1/64 beat are simultaneous): for each,
        // the onset, the highest and lowest pitch and the pitch-class shape above the lowest.
        var onsets: [Double] = []
        var tops: [Int] = []
        var bottoms: [Int] = []
        var shapes: [Int] = []
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

    /// Shingles two fingerprints share (exact).
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
