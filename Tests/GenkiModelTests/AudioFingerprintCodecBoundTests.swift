import Testing

@testable import GenkiModel

/// The decoder sizes its symbol array from the header's frame count: that count must be one the
/// blob's bytes can actually encode, or a few hostile bytes would make it allocate (and walk)
/// up to `maximumFrames` × 36 symbols (151 MB).
@Suite struct AudioFingerprintCodecBoundTests {
    static func header(frames: UInt32, peaks: UInt32 = 0) -> [UInt8] {
        var bytes: [UInt8] = [0x47, 0x4B, 0x46, 3, UInt8(AudioFingerprint.levels)]
        for v in [frames, 0, peaks] { for k in 0..<4 { bytes.append(UInt8(truncatingIfNeeded: v >> (8 * k))) } }
        return bytes
    }

    @Test func headerAloneCannotDeclareMillionsOfFrames() {
        let blob = Self.header(frames: AudioFingerprintCodec.maximumFrames)
        #expect(throws: AudioFingerprintDecodingError.implausible(frames: AudioFingerprintCodec.maximumFrames, bytes: blob.count)) {
            try AudioFingerprint(encoded: blob)
        }
        // A frame count just past what 17 bytes can hold is refused; the bound scales with the blob.
        let limit = UInt32((blob.count + 4) * AudioFingerprintCodec.maximumSymbolsPerByte / AudioFingerprint.bins)
        #expect(throws: AudioFingerprintDecodingError.implausible(frames: limit + 1, bytes: blob.count)) {
            try AudioFingerprint(encoded: Self.header(frames: limit + 1))
        }
        // Within the bound the payload is decoded (and found short) as before.
        #expect(throws: AudioFingerprintDecodingError.truncated) { try AudioFingerprint(encoded: Self.header(frames: 1_000)) }
    }

    /// The bound never refuses a real encoding: constant frames (silence), the most compressible
    /// content there is, stay far inside it.
    @Test func mostCompressibleFingerprintsStillDecode() throws {
        for frames in [1, 1_000, 20_000] {
            let f = AudioFingerprint(symbols: [UInt8](repeating: 0, count: frames * AudioFingerprint.bins))
            let bytes = f.encoded()
            #expect(frames * AudioFingerprint.bins <= bytes.count * AudioFingerprintCodec.maximumSymbolsPerByte)
            #expect(try AudioFingerprint(encoded: bytes) == f)
        }
    }
}
