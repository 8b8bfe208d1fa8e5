import GenkiCore
import GenkiFixtures
import Testing

@testable import GenkiModel

@Suite struct AudioFingerprintCodecTests {
    /// Random symbols of `frames` frames, skewed towards the middle levels like real frames.
    static func randomSymbols(seed: UInt64, frames: Int) -> [UInt8] {
        var rng = SplitMix64(seed: seed)
        return (0..<(frames * AudioFingerprint.bins)).map { _ in
            let r = rng.next() % 16
            return r < 6 ? 1 : r < 12 ? 2 : r < 14 ? 0 : 3
        }
    }

    /// Property: encode then decode gives back exactly the same symbols, for any content and
    /// length (including empty and single-frame fingerprints).
    @Test func roundTripsAnySymbols() throws {
        for (seed, frames) in [(1, 0), (2, 1), (3, 2), (4, 7), (5, 100), (6, 1_000), (7, 5_000)] as [(UInt64, Int)] {
            let f = AudioFingerprint(symbols: Self.randomSymbols(seed: seed, frames: frames))
            let bytes = f.encoded()
            #expect(try AudioFingerprint(encoded: bytes) == f)
            // Deterministic: the same fingerprint always encodes to the same bytes.
            #expect(f.encoded() == bytes)
        }
        // Degenerate content: constant symbols (silence) and the extremes of the alphabet.
        for value in 0..<UInt8(AudioFingerprint.levels) {
            let f = AudioFingerprint(symbols: [UInt8](repeating: value, count: 36 * 300))
            let bytes = f.encoded()
            #expect(try AudioFingerprint(encoded: bytes) == f)
            #expect(bytes.count < 40, "constant frames should cost almost nothing, got \(bytes.count) bytes")
        }
    }

    /// Random sorted peaks: several per frame at times, long gaps (escaped) at others.
    static func randomPeaks(seed: UInt64, count: Int) -> [AudioPeak] {
        var rng = SplitMix64(seed: seed)
        var frame: Int32 = 0
        return (0..<count).map { _ in
            let r = rng.next()
            frame += r % 5 == 0 ? Int32(r % 400) : Int32(r % 3)
            return AudioPeak(frame: frame, bin: UInt8((r >> 16) % UInt64(AudioPeak.binCount)))
        }.sorted()
    }

    /// Property: peaks round-trip exactly, alone and with frames, for any spacing.
    @Test func roundTripsPeaks() throws {
        for (seed, count) in [(21, 0), (22, 1), (23, 50), (24, 3_000)] as [(UInt64, Int)] {
            let f = AudioFingerprint(symbols: Self.randomSymbols(seed: seed, frames: 120), peaks: Self.randomPeaks(seed: seed, count: count))
            let decoded = try AudioFingerprint(encoded: f.encoded())
            #expect(decoded == f)
            #expect(decoded.peaks.count == count)
        }
    }

    /// The header follows `schemas/audio-fingerprint.md` byte for byte.
    @Test func headerFollowsTheDocumentedLayout() throws {
        let symbols = Self.randomSymbols(seed: 42, frames: 300)
        let peaks = Self.randomPeaks(seed: 42, count: 77)
        let f = AudioFingerprint(symbols: symbols, peaks: peaks)
        let bytes = f.encoded()
        func u32(_ at: Int) -> UInt32 { (0..<4).reduce(0) { $0 | UInt32(bytes[at + $1]) << (8 * $1) } }
        #expect(Array(bytes[0..<3]) == Array("GKF".utf8))
        #expect(bytes[3] == 3)
        #expect(bytes[4] == 4)
        #expect(u32(5) == 300)
        var checked = symbols
        for p in peaks {
            for k in 0..<4 { checked.append(UInt8(truncatingIfNeeded: UInt32(bitPattern: p.frame) >> (8 * k))) }
            checked.append(p.bin)
        }
        #expect(u32(9) == UInt32(truncatingIfNeeded: XXH3Hasher.hash(checked).low))
        #expect(u32(13) == 77)
        // The range coder's first byte is always zero.
        #expect(bytes[17] == 0)
        #expect(try AudioFingerprint(encoded: bytes) == f)
    }

    /// Format 2 blobs (a melody sketch where peaks now are) still decode, without peaks.
    @Test func formatTwoStillDecodes() throws {
        let symbols = Self.randomSymbols(seed: 43, frames: 50)
        let sketch = (0..<128).map { UInt8(truncatingIfNeeded: $0 &* 37) }
        // Build a format 2 blob: the format 3 payload minus the (empty) peak section.
        let f3 = AudioFingerprint(symbols: symbols).encoded()
        var f2 = Array("GKF".utf8) + [2, 4]
        f2 += f3[5..<9]
        let sum = UInt32(truncatingIfNeeded: XXH3Hasher.hash(symbols + sketch).low)
        for k in 0..<4 { f2.append(UInt8(truncatingIfNeeded: sum >> (8 * k))) }
        f2.append(128)
        f2 += sketch
        f2 += f3[17...]
        let decoded = try AudioFingerprint(encoded: f2)
        #expect(decoded.frames == symbols)
        #expect(decoded.peaks.isEmpty)
    }

    @Test func realFingerprintsAreCompact() throws {
        // A synthetic 60 s chiptune piece, fingerprinted from its chroma as ingest does.
        var total = 0
        var frames = 0
        for seed in [UInt64(11), 12, 13] {
            let chroma = syntheticChroma(seed: seed, frames: 323)
            let f = AudioFingerprint(chroma: chroma)
            let bytes = f.encoded()
            #expect(try AudioFingerprint(encoded: bytes) == f)
            total += bytes.count
            frames += f.frameCount
        }
        // Raw frames would be 36 bytes per frame; the compact form is several times smaller.
        #expect(Double(total) < Double(frames * AudioFingerprint.bins) / 4)
    }

    /// Chroma-like frames: a held note with its fifth and a noise floor.
    func syntheticChroma(seed: UInt64, frames: Int) -> [Float] {
        var rng = SplitMix64(seed: seed)
        var out: [Float] = []
        var pitch = 0
        for i in 0..<frames {
            if i % 4 == 0 { pitch = Int(rng.next() % 36) }
            var frame = (0..<36).map { _ in Float(rng.next() % 100) / 1_000 }
            frame[pitch] += 1
            frame[(pitch + 21) % 36] += 0.4
            out += frame
        }
        return out
    }

    @Test func damagedBytesAreTypedErrors() throws {
        let f = AudioFingerprint(symbols: Self.randomSymbols(seed: 9, frames: 200))
        let bytes = f.encoded()
        // Truncated payloads.
        for keep in [bytes.count / 2, AudioFingerprintCodec.headerLength + 1, bytes.count - 8] {
            #expect(throws: AudioFingerprintDecodingError.self) { try AudioFingerprint(encoded: Array(bytes.prefix(keep))) }
        }
        // A flipped payload byte: caught by the checksum (or as truncation).
        var flipped = bytes
        flipped[AudioFingerprintCodec.headerLength + 10] ^= 0x5A
        #expect(throws: AudioFingerprintDecodingError.self) { try AudioFingerprint(encoded: flipped) }
        // Unknown version and quantiser.
        var newer = bytes
        newer[3] = 9
        #expect(throws: AudioFingerprintDecodingError.unsupported(version: 9, levels: UInt8(AudioFingerprint.levels))) {
            try AudioFingerprint(encoded: newer)
        }
        // A header that declares an absurd length is refused before allocating.
        var huge = bytes
        for k in 5..<9 { huge[k] = 0xFF }
        #expect(throws: AudioFingerprintDecodingError.tooLong(frames: 0xFFFF_FFFF)) { try AudioFingerprint(encoded: huge) }
        // Neither format.
        #expect(throws: AudioFingerprintDecodingError.unrecognised(bytes: 7)) { try AudioFingerprint(encoded: [1, 2, 3, 4, 5, 6, 7]) }
    }

    @Test func legacyRawFramesAreNormalisedOnRead() throws {
        // Earlier genki stored 0–255 chroma frames; they decode as the same chroma would.
        let chroma = syntheticChroma(seed: 5, frames: 60)
        let peakScaled: [UInt8] = stride(from: 0, to: chroma.count, by: 36).flatMap { start -> [UInt8] in
            let frame = chroma[start..<(start + 36)]
            let peak = frame.max() ?? 1
            return frame.map { UInt8(($0 / peak * 255).rounded()) }
        }
        let legacy = try AudioFingerprint(encoded: peakScaled)
        #expect(legacy.frameCount == 60)
        let fresh = AudioFingerprint(chroma: chroma)
        // 8-bit rounding may move a few bins across a quantiser threshold, no more.
        let differing = zip(legacy.frames, fresh.frames).filter { $0 != $1 }.count
        #expect(differing < legacy.frames.count / 50)
    }
}
