import GenkiFixtures
import GenkiMIDI
import GenkiModel
import Testing

/// A deterministic mutation fuzzer run in `make test`: thousands of corrupted variants of the
/// fixtures go through parse → canonical stream → fingerprint → canonical writer. Nothing may
/// crash or hang; every outcome is a parse or a typed error, and accepted files survive a
/// canonical round trip.
@Suite struct ParserFuzzTests {
    static let iterations = 3_000

    @Test func mutatedFilesNeverCrash() throws {
        var rng = SplitMix64(seed: 0xF022)
        func rand(_ n: Int) -> Int { n <= 0 ? 0 : Int(rng.next() % UInt64(n)) }
        let seeds = (MIDIFixtures.good + MIDIFixtures.bad).map(\.bytes).filter { !$0.isEmpty }
        var parsed = 0
        var rejected = 0
        for _ in 0..<Self.iterations {
            var bytes = seeds[rand(seeds.count)]
            for _ in 0..<(1 + rand(6)) {
                switch rand(7) {
                case 0: if !bytes.isEmpty { bytes[rand(bytes.count)] = UInt8(truncatingIfNeeded: rng.next()) }
                case 1: if !bytes.isEmpty { bytes[rand(bytes.count)] ^= UInt8(1 << rand(8)) }
                case 2: bytes = Array(bytes.prefix(rand(bytes.count + 1)))
                case 3: bytes.insert(UInt8(truncatingIfNeeded: rng.next()), at: rand(bytes.count + 1))
                case 4: if bytes.count > 1 { bytes.remove(at: rand(bytes.count)) }
                case 5:  // a length field set to something huge
                    if bytes.count >= 8 {
                        let at = rand(bytes.count - 4)
                        bytes.replaceSubrange(at..<(at + 4), with: [0xFF, 0xFF, 0xFF, UInt8(rand(256))])
                    }
                default:  // a chunk of another seed spliced in
                    let other = seeds[rand(seeds.count)]
                    let from = rand(other.count)
                    let length = rand(64)
                    bytes.insert(contentsOf: other[from..<min(other.count, from + length)], at: rand(bytes.count + 1))
                }
            }
            do {
                let result = try MIDIParser.parse(bytes)
                parsed += 1
                #expect(result.warnings.count <= MIDIParser.maxWarnings + 1)
                let s = NoteStream(result.file)
                _ = SymbolicFingerprint(notes: s.notes)
                let canonical = CanonicalMIDIWriter.write(result.file).bytes
                let again = try MIDIParser.parse(canonical)
                #expect(NoteStream(again.file).notes.count == s.notes.count)
            } catch {
                rejected += 1
                #expect(!error.description.isEmpty)
            }
        }
        #expect(parsed + rejected == Self.iterations)
        #expect(parsed > Self.iterations / 4, "the fuzzer must reach deep parsing, not just header rejects")
    }
}
