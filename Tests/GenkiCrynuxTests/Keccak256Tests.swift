import Foundation
import Testing

@testable import GenkiCrynux

func hex(_ b: [UInt8]) -> String { b.map { String(format: "%02x", $0) }.joined() }

@Suite struct Keccak256Tests {
    /// The standard Keccak-256 test vectors (empty, "abc", the 448-bit and 896-bit messages, and
    /// one million 'a's), which also cover inputs at and across the 136-byte block boundary.
    @Test func standardVectors() {
        #expect(hex(Keccak256.hash([UInt8]())) == "c5d2460186f7233c927e7db2dcc703c0e500b653ca82273b7bfad8045d85a470")
        #expect(hex(Keccak256.hash(Array("abc".utf8))) == "4e03657aea45a94fc7d47ba826c8d667c0d1e6e33a64a036ec44f58fa12d6c45")
        #expect(
            hex(Keccak256.hash(Array("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq".utf8)))
                == "45d3b367a6904e6e8d502ee04999a7c27647f91fa845d456525fd352ae3d7371")
        #expect(
            hex(Keccak256.hash(Array("abcdefghbcdefghicdefghijdefghijkefghijklfghijklmghijklmnhijklmnoijklmnopjklmnopqklmnopqrlmnopqrsmnopqrstnopqrstu".utf8)))
                == "f519747ed599024f3882238e5ab43960132572b7345fbeb9a90769dafd21ad67")
        #expect(hex(Keccak256.hash([UInt8](repeating: 0x61, count: 1_000_000))) == "fadae6b49f129bbb812be8407b7b2894f34aecf6dbd1f9b0f0c7e9853098fc96")
    }
}
