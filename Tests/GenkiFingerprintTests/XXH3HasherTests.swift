import GenkiCore
import GenkiFingerprint
import GenkiFixtures
import Testing

@Suite struct XXH3HasherTests {
    @Test func emptyInputMatchesReferenceVector() throws {
        // XXH3-128 of the empty input with seed 0, from the xxHash reference.
        #expect(XXH3Hasher.hash([]).hex == "99aa06d3014798d86001c324468d497f")
        #expect(try XXH3Hasher().finalize().hex == "99aa06d3014798d86001c324468d497f")
    }

    @Test func streamingEqualsOneShotForAnyChunking() throws {
        var rng = SystemRandomNumberGenerator()
        for _ in 0..<200 {
            let length = Int.random(in: 0...5000, using: &rng)
            let bytes = (0..<length).map { _ in UInt8.random(in: 0...255, using: &rng) }
            let hasher = try XXH3Hasher()
            var offset = 0
            while offset < length {
                let step = Int.random(in: 1...700, using: &rng)
                let end = min(length, offset + step)
                hasher.update(Array(bytes[offset..<end]))
                offset = end
            }
            #expect(hasher.finalize() == XXH3Hasher.hash(bytes))
        }
    }

    @Test func differentInputsGiveDifferentDigests() {
        var seen: Set<Digest128> = []
        for i in 0..<1000 {
            seen.insert(XXH3Hasher.hash(Array("item-\(i)".utf8)))
        }
        #expect(seen.count == 1000)
    }
}

@Suite struct Digest128Tests {
    @Test func hexRoundTrips() {
        var rng = SystemRandomNumberGenerator()
        for _ in 0..<500 {
            let d = Digest128(high: rng.next(), low: rng.next())
            #expect(d.hex.count == 32)
            #expect(Digest128(hex: d.hex) == d)
            #expect(Digest128(hex: d.hex.uppercased()) == d)
        }
    }

    @Test func bytesAreBigEndianHighFirst() {
        let d = Digest128(high: 0x0102_0304_0506_0708, low: 0x090A_0B0C_0D0E_0F10)
        #expect(d.bytes == Array(1...16))
        #expect(d.hex == "0102030405060708090a0b0c0d0e0f10")
    }

    @Test func rejectsMalformedHex() {
        #expect(Digest128(hex: "") == nil)
        #expect(Digest128(hex: String(repeating: "g", count: 32)) == nil)
        #expect(Digest128(hex: String(repeating: "a", count: 31)) == nil)
    }
}

@Suite struct HexTests {
    /// Property: decode(encode(bytes)) == bytes for random byte strings; odd lengths and
    /// non-hex characters are refused; upper case decodes.
    @Test func roundTripsAndRefusesMalformedText() {
        var rng = SplitMix64(seed: 17)
        for n in 0..<64 {
            let bytes = (0..<n).map { _ in UInt8(truncatingIfNeeded: rng.next()) }
            let text = Hex.encode(bytes)
            #expect(text.count == 2 * n && text == text.lowercased())
            #expect(Hex.decode(text) == bytes)
            #expect(Hex.decode(text.uppercased()) == bytes)
        }
        #expect(Hex.encode([0x00, 0xAB, 0xFF]) == "00abff")
        #expect(Hex.decode("abc") == nil)
        #expect(Hex.decode("zz") == nil)
        #expect(Hex.decode("0x12") == nil)
    }
}
