import Foundation

/// Hashable, pitch-shift- and speed-invariant keys of an audio fingerprint, for candidate
/// search (MinHash + LSH) before the exact `AudioMatcher` check.
///
/// Each frame's strongest contrast-normalised chroma bin is rounded to a semitone; runs of the
/// same semitone become notes. A shingle is 3 successive note intervals (mod 12) with the 2
/// log-ratios of their durations, the same shape as the symbolic (MIDI) shingles: transposition
/// cancels in the intervals and a speed or tempo change cancels in the ratios.
public enum AudioShingles {
    /// Frames whose strongest bin is weaker than this (after normalisation) carry no note.
    static let minimumPeak: Float = 0.3

    /// The shingle hashes of a fingerprint (unsorted, may repeat).
    public static func shingles(_ fingerprint: AudioFingerprint) -> [UInt64] {
        let bins = AudioFingerprint.bins
        let frames = AudioMatcher.normalise(fingerprint)
        // Semitone of the strongest bin per frame (−1: no clear note).
        var notes: [(pitch: Int, length: Int)] = []
        for i in 0..<(frames.count / bins) {
            var best: Float = 0, bestBin = -1
            for b in 0..<bins where frames[i * bins + b] > best {
                best = frames[i * bins + b]
                bestBin = b
            }
            let pitch = best >= minimumPeak ? ((bestBin + 1) / 3) % 12 : -1
            if let last = notes.last, last.pitch == pitch {
                notes[notes.count - 1].length += 1
            } else {
                notes.append((pitch, 1))
            }
        }
        let voiced = notes.filter { $0.pitch >= 0 }
        guard voiced.count >= 4 else { return [] }
        var out: [UInt64] = []
        out.reserveCapacity(voiced.count)
        for k in 0..<(voiced.count - 3) {
            var v: UInt64 = 0xA0D1
            for j in 0..<3 { v = v &* 0x100_0000_01B3 ^ UInt64(((voiced[k + j + 1].pitch - voiced[k + j].pitch) % 12 + 12) % 12) }
            for j in 0..<2 {
                let ratio = log2(Double(voiced[k + j + 1].length) / Double(voiced[k + j].length))
                v = v &* 0x100_0000_01B3 ^ UInt64(bitPattern: Int64(max(-4, min(4, Int((ratio * 2).rounded())))))
            }
            out.append(MinHashSignature.mix(v))
        }
        return out
    }

    /// The MinHash signature of a fingerprint's shingles.
    public static func signature(_ fingerprint: AudioFingerprint) -> MinHashSignature {
        MinHashSignature(shingles: shingles(fingerprint))
    }
}
