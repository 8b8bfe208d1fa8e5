/// Hashable, transposition-invariant shingles of a melody, for MinHash sketches.
///
/// Input: normalised chroma frames on a fine time grid (`AudioFingerprinter`'s 46 ms melody
/// frames). Each frame, smoothed over three frames, gives its strongest bin as the melody pitch,
/// with sub-bin precision. Runs of frames whose pitch stays within 1.5 bins become notes when
/// they last at least `minimumRun` frames (≈ 140 ms: passing notes and transients do not
/// count); consecutive notes at the same pitch merge. Tempo and speed changes stretch runs but
/// keep the note sequence; a shingle hashes four consecutive intervals between notes, rounded
/// to semitones, so pitch shifts do not change it either.
///
/// A candidate and sketch tier, weaker than `AudioMatcher`'s alignment; `make bench` prints
/// its candidate recall per distortion.
public enum AudioShingles {
    /// Intervals per shingle.
    public static let length = 4
    /// Smallest normalised peak value for a frame to carry a pitch.
    static let minimumPeak: Float = 0.2
    /// Shortest run of frames that counts as a note.
    static let minimumRun = 3
    /// Frames averaged around each frame before peak picking.
    static let smoothing = 3

    /// The shingles of normalised chroma frames; empty when they hold fewer than `length + 1` notes.
    public static func shingles(normalised: [Float]) -> [UInt64] {
        let bins = AudioFingerprint.bins
        let frames = smoothed(normalised)
        let n = frames.count / bins
        var notes: [Float] = []
        var run: (pitch: Float, length: Int)?
        func close() {
            guard let r = run, r.length >= minimumRun else { return }
            if let last = notes.last, abs(circular(r.pitch - last)) < 1.5 { return }
            notes.append(r.pitch)
        }
        for i in 0..<n {
            guard let p = peak(frames, frame: i) else {
                close()
                run = nil
                continue
            }
            if let r = run, abs(circular(p - r.pitch)) < 1.5 {
                run = (r.pitch, r.length + 1)
            } else {
                close()
                run = (p, 1)
            }
        }
        close()
        guard notes.count > length else { return [] }
        var out: [UInt64] = []
        out.reserveCapacity(notes.count - length)
        for i in 0..<(notes.count - length) {
            var h: UInt64 = 0x6175_6469_6F73_6869
            for k in 1...length { h = MinHashSignature.mix(h ^ UInt64(interval(notes[i + k - 1], notes[i + k]))) }
            out.append(h)
        }
        return out
    }

    /// Slots in a sketch: one per MinHash slot.
    public static let sketchLength = MinHashSignature.size

    /// The index sketch of normalised frames: each MinHash slot of their shingles hashed to one
    /// byte (128 bytes; empty without shingles). Eight bits per slot are plenty for banded LSH:
    /// unequal slots agree by chance with probability 1/256, so a 4-row band of two unrelated
    /// items does with probability 2⁻³².
    public static func sketch(normalised: [Float]) -> [UInt8] {
        let signature = MinHashSignature(shingles: shingles(normalised: normalised))
        guard !signature.shingles.isEmpty else { return [] }
        return signature.values.map { UInt8(truncatingIfNeeded: MinHashSignature.mix($0)) }
    }

    /// Peak position of a frame in bins (parabolic interpolation), or nil for flat frames.
    static func peak(_ frames: [Float], frame i: Int) -> Float? {
        let bins = AudioFingerprint.bins
        var best = 0
        var value: Float = -1
        for b in 0..<bins where frames[i * bins + b] > value {
            value = frames[i * bins + b]
            best = b
        }
        guard value >= minimumPeak else { return nil }

        let l = frames[i * bins + (best + bins - 1) % bins], r = frames[i * bins + (best + 1) % bins]
        let d = l - 2 * value + r
        let delta: Float = d < -1e-6 ? 0.5 * (l - r) / d : 0
        return Float(best) + max(-0.5, min(0.5, delta))
    }

    /// Interval from `a` to `b` in semitones, 0..<12.
    static func interval(_ a: Float, _ b: Float) -> Int {
        var d = (b - a) / 3
        d -= 12 * (d / 12).rounded(.down)
        return Int(d.rounded()) % 12
    }

    /// Signed distance in bins, in −18...18.
    static func circular(_ d: Float) -> Float {
        var x = d.truncatingRemainder(dividingBy: 36)
        if x > 18 { x -= 36 } else if x < -18 { x += 36 }
        return x
    }

    /// Each frame averaged with its neighbours (`smoothing` frames, centred), renormalised.
    static func smoothed(_ frames: [Float]) -> [Float] {
        let bins = AudioFingerprint.bins
        let n = frames.count / bins
        var out = [Float](repeating: 0, count: frames.count)
        for i in 0..<n {
            let lo = max(0, i - smoothing / 2), hi = min(n, i - smoothing / 2 + smoothing)
            for b in 0..<bins {
                var v: Float = 0
                for j in lo..<hi { v += frames[j * bins + b] }
                out[i * bins + b] = v
            }
            AudioFingerprint.makeUnit(&out, frame: i, centre: false, floor: 1e-9)
        }
        return out
    }
}
