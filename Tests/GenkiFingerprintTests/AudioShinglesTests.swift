import GenkiFixtures
import Testing
@testable import GenkiFingerprint

/// Normalised frames of a random melody: each note holds one bin (plus a weaker fifth) for a few frames.
func melodyFrames(seed: UInt64, notes: Int = 60, rotate: Int = 0, stretch: Int = 0) -> [Float] {
    var rng = SplitMix64(seed: seed)
    var frames: [UInt8] = []
    for _ in 0..<notes {
        let pitch = Int(rng.next() % 12) * 3
        let length = 5 + Int(rng.next() % 3)  // frames: notes well above the shortest run
        for _ in 0..<(length + stretch) {
            var f = [UInt8](repeating: 8, count: 36)
            f[(pitch + rotate) % 36] = 255
            f[(pitch + 21 + rotate) % 36] = 90
            frames += f
        }
    }
    return AudioFingerprint.normalise(frames.map(Float.init))
}

@Suite struct AudioShinglesTests {
    /// Property: rotating every frame by whole semitones (a transposition) or holding every note
    /// longer (a slower tempo) leaves the shingle set unchanged.
    @Test func shinglesIgnoreTranspositionAndTempo() {
        for seed in 0..<20 as Range<UInt64> {
            let base = Set(AudioShingles.shingles(normalised: melodyFrames(seed: seed)))
            #expect(base.count > 20)
            for semitones in [1, 5, 11] {
                #expect(Set(AudioShingles.shingles(normalised: melodyFrames(seed: seed, rotate: 3 * semitones))) == base)
            }
            #expect(Set(AudioShingles.shingles(normalised: melodyFrames(seed: seed, stretch: 2))) == base)
        }
    }

    @Test func differentMelodiesShareFewShingles() {
        let sets = (0..<20 as Range<UInt64>).map { Set(AudioShingles.shingles(normalised: melodyFrames(seed: 1_000 + $0))) }
        for i in 0..<sets.count {
            for j in (i + 1)..<sets.count {
                let jaccard = Double(sets[i].intersection(sets[j]).count) / Double(sets[i].union(sets[j]).count)
                #expect(jaccard < 0.1)
            }
        }
    }

    @Test func silenceAndShortInputsGiveNoShingles() {
        #expect(AudioShingles.shingles(normalised: AudioFingerprint.normalise([Float](repeating: 0, count: 36 * 100))).isEmpty)
        #expect(AudioShingles.shingles(normalised: melodyFrames(seed: 1, notes: 3)).isEmpty)
    }

    /// The fingerprint carries the sketch of its full-precision frames: 128 bytes, the same
    /// under transposition, empty for silence, and kept through the compact stored form.
    @Test func fingerprintsCarryAnInvariantSketch() throws {
        func chroma(seed: UInt64, rotate: Int = 0) -> [Float] {
            var rng = SplitMix64(seed: seed)
            var frames: [Float] = []
            for _ in 0..<60 {
                let pitch = Int(rng.next() % 12) * 3
                for _ in 0..<4 {
                    var f = [Float](repeating: 8, count: 36)
                    f[(pitch + rotate) % 36] = 255
                    f[(pitch + 21 + rotate) % 36] = 90
                    frames += f
                }
            }
            return frames
        }
        for seed in [UInt64(1), 2, 3] {
            let f = AudioFingerprint(chroma: chroma(seed: seed), melodyChroma: chroma(seed: seed))
            #expect(f.sketch.count == AudioShingles.sketchLength)
            #expect(AudioFingerprint(chroma: chroma(seed: seed), melodyChroma: chroma(seed: seed, rotate: 6)).sketch == f.sketch)
            #expect(try AudioFingerprint(encoded: f.encoded()).sketch == f.sketch)
            #expect(AudioFingerprint(chroma: chroma(seed: seed)).sketch.isEmpty, "no melody frames, no sketch")
            let other = AudioFingerprint(chroma: chroma(seed: seed + 100), melodyChroma: chroma(seed: seed + 100))
            #expect(zip(other.sketch, f.sketch).filter { $0 == $1 }.count < 40)
        }
        let silence = [Float](repeating: 0, count: 36 * 50)
        #expect(AudioFingerprint(chroma: silence, melodyChroma: silence).sketch.isEmpty)
    }
}
