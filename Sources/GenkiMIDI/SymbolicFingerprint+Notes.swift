import Foundation
import GenkiCore
import GenkiModel

extension SymbolicFingerprint {
    /// Fingerprints a note stream.
    public init(notes: [CanonicalNote]) {
        self.init(shingles: Self.shingles(notes))
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
}
