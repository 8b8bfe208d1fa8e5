import GenkiAudio
import GenkiFixtures
import Testing

@Suite struct FileSystemPathTests {
    @Test func anyNameBytesRoundTrip() {
        var rng = SplitMix64(seed: 9)
        var cases: [[UInt8]] = [
            Array("plain/name.wav".utf8), [0x61, 0xFF, 0x2E], [0xC3], [0xF4, 0x8F, 0xBC, 0x80],  // a lone lead byte; U+10FF00 itself
            Array("été ✓ 🎵".utf8), [0xED, 0xA0, 0x80],  // an encoded surrogate (invalid UTF-8)
        ]
        for _ in 0..<500 { cases.append((0..<Int(rng.next() % 24)).map { _ in UInt8(truncatingIfNeeded: rng.next() | 1) }) }
        for bytes in cases {
            let s = FileSystemPath.string(fromBytes: bytes)
            #expect(FileSystemPath.bytes(s) == bytes, "\(bytes)")
        }
        // Valid UTF-8 reads as itself; distinct byte strings give distinct strings.
        #expect(FileSystemPath.string(fromBytes: Array("été.wav".utf8)) == "été.wav")
        #expect(FileSystemPath.string(fromBytes: [0x61, 0xFF]) != FileSystemPath.string(fromBytes: [0x61, 0xFE]))
    }
}
