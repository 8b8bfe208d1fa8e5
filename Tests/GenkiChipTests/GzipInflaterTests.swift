import GenkiFixtures
import Testing

@testable import GenkiChip

/// genki inflates gzip data itself, within a bound, so libgme is never given gzip data (it
/// would inflate it with no bound); corrupt, cut and oversized data is refused with a reason.
@Suite struct GzipInflaterTests {
    static func gzip(_ bytes: [UInt8], level: Int32 = 9) throws -> [UInt8] {
        try #require(GzipFixture.compress(bytes, level: level))
    }

    /// Property: whatever zlib deflates, at any level, inflates back to the same bytes.
    @Test(arguments: [0, 1, 100, 65_536, 300_001]) func inflatesWhatZlibDeflates(_ size: Int) throws {
        var rng = SplitMix64(seed: UInt64(size) + 1)
        // Half random bytes, half runs, so both stored and compressed blocks occur.
        let bytes = (0..<size).map { i in i % 1_000 < 500 ? UInt8(truncatingIfNeeded: rng.next()) : UInt8(i / 1_000 % 256) }
        for level: Int32 in [0, 1, 9] {
            let packed = try Self.gzip(bytes, level: level)
            #expect(GzipInflater.isGzip(packed))
            #expect(try GzipInflater.inflate(packed) == bytes, "size \(size), level \(level)")
        }
    }

    @Test func membersBackToBackAreOneFileAndTrailingBytesAreIgnored() throws {
        let a = Array("first member ".utf8)
        let b = Array("second member".utf8)
        let both = try Self.gzip(a) + Self.gzip(b)
        #expect(try GzipInflater.inflate(both) == a + b)
        #expect(try GzipInflater.inflate(both + [0, 0, 0, 7]) == a + b)
        #expect(try GzipInflater.inflate(Self.gzip(a) + Array("not gzip".utf8)) == a)
    }

    /// Property: every cut of a member, and every change to its CRC or length trailer, is
    /// refused, never returned as a shorter file.
    @Test func cutOrAlteredDataIsRefused() throws {
        var rng = SplitMix64(seed: 9)
        let bytes = (0..<5_000).map { _ in UInt8(truncatingIfNeeded: rng.next() % 16) }
        let packed = try Self.gzip(bytes)
        for length in 2..<packed.count {
            #expect(throws: ChipError.self, "cut at \(length)") { try GzipInflater.inflate(Array(packed.prefix(length))) }
        }
        for offset in (packed.count - 8)..<packed.count {
            var altered = packed
            altered[offset] ^= 0x01
            #expect(throws: ChipError.self, "trailer byte \(offset)") { try GzipInflater.inflate(altered) }
        }
        var header = packed
        header[2] = 7  // a compression method other than deflate
        #expect(throws: ChipError.open("gzip data is corrupt (unknown compression method)")) { try GzipInflater.inflate(header) }
    }

    @Test func theBoundIsExactAndNeverOverrun() throws {
        let limit = 200_000
        let exact = try Self.gzip([UInt8](repeating: 0x62, count: limit))
        #expect(try GzipInflater.inflate(exact, limit: limit).count == limit)
        let over = try Self.gzip([UInt8](repeating: 0x62, count: limit + 1))
        #expect(throws: ChipError.open("gzip data inflates to over 200000 bytes")) { try GzipInflater.inflate(over, limit: limit) }
        // Two members whose sum is over the bound.
        let half = try Self.gzip([UInt8](repeating: 1, count: limit / 2 + 1))
        #expect(throws: ChipError.self) { try GzipInflater.inflate(half + half, limit: limit) }
    }

    @Test func onlyGzipDataIsInflatedAndGzipInsideGzipIsRefused() throws {
        let vgm = ChipFixtures.vgm(seed: 1, notes: 4)
        #expect(try GzipInflater.inflatedIfGzip(vgm) == vgm)
        #expect(try GzipInflater.inflatedIfGzip(Self.gzip(vgm)) == vgm)
        #expect(throws: ChipError.open("gzip data inside gzip data")) { try GzipInflater.inflatedIfGzip(Self.gzip(Self.gzip(vgm))) }
        #expect(!GzipInflater.isGzip([0x1F]) && !GzipInflater.isGzip([]))
    }

    /// A VGZ renders the PCM of the VGM inside it, and the VGM is checked by `GMEPreflight`
    /// like any other: a VGZ of a VGM libgme would crash on is refused with the VGM's reason.
    @Test func aVGZPlaysAndIsCheckedAsTheVGMInsideIt() throws {
        var policy = ChipRenderPolicy()
        policy.maxSeconds = 2
        let vgm = ChipFixtures.vgm(seed: 3, notes: 8)
        let plain = try ChipRenderer.render(vgm, format: .vgm, policy: policy)
        let packed = try ChipRenderer.render(Self.gzip(vgm), format: .vgz, policy: policy)
        #expect(packed.samples == plain.samples && packed.format == .vgz)
        #expect(try ChipRenderer.subtuneCount(Self.gzip(vgm), format: .vgz) == 1)
        var badClock = vgm
        badClock[0x0C...0x0F] = [80, 0, 0, 0]  // an 80 Hz PSG clock
        #expect(throws: ChipError.open("VGM PSG clock 80 Hz is outside 200000–8000000 Hz (libgme crashes on it)")) {
            try ChipRenderer.render(Self.gzip(badClock), format: .vgz, policy: policy)
        }
        #expect(throws: ChipError.self) { try ChipRenderer.render(Array(Self.gzip(vgm).dropLast(3)), format: .vgz, policy: policy) }
    }

    /// A VGZ's canonical form is the stripped VGM inside it: the VGZ of a tagged VGM and the
    /// untagged VGM share it, and it is its own canonical form as a VGM.
    @Test func aVGZStripsToTheCanonicalFormOfItsVGM() throws {
        let tagged = ChipFixtures.vgm(seed: 4, notes: 8, marker: "alice")
        let canonical = try #require(try ChipCanonicalForm.stripped(ChipFixtures.vgm(seed: 4, notes: 8), format: .vgm))
        let fromVGZ = try #require(try ChipCanonicalForm.stripped(Self.gzip(tagged), format: .vgz))
        #expect(fromVGZ == canonical)
        #expect(ChipCanonicalForm.form(of: .vgz) == .vgm && ChipCanonicalForm.form(of: .xm) == .xm)
        #expect(try ChipCanonicalForm.stripped(fromVGZ, format: ChipCanonicalForm.form(of: .vgz)) == fromVGZ)
        #expect(throws: ChipError.self) { try ChipCanonicalForm.stripped(Self.gzip(ChipFixtures.mod(seed: 1)), format: .vgz) }
    }
}
