import Foundation
import GenkiCore
import GenkiFingerprint
import GenkiMIDI
import GenkiModel
import GenkiRegistry
import Testing

@testable import GenkiAudit

/// A spot-check binds every byte of every revealed fingerprint (issue 13: 4 of 400 mutated
/// responses with altered MIDI fingerprints passed). The keyed signature keeps one shingle per
/// slot, so on a piece with far more than 128 shingles most single-shingle changes leave it
/// unchanged; the sketch's keyed fingerprint digest does not.
@Suite struct SpotCheckFingerprintTests {
    let key = RoundKey(round: "r9", seed: "0xspot")

    /// A MIDI item with `count` pseudo-random shingles (a long piece: ~8 per signature slot).
    static func bigMIDIItem(content: Int, count: Int = 1_024) -> CatalogItem {
        var state = UInt64(content) &* 0x9E37_79B9_7F4A_7C15
        let shingles = (0..<count).map { _ in
            state = state &+ 0x9E37_79B9_7F4A_7C15
            return MinHashSignature.mix(state)
        }
        return auditItem(.midi, content: content, path: "p/\(content).mid", seconds: 200, symbolic: SymbolicFingerprint(shingles: shingles))
    }

    func respond(_ mine: [CatalogItem]) throws -> (Sketch, AuditResponse, (AuditResponse) -> Verification) {
        let sketch = Sketch(items: mine, miner: "5Fm", key: key)
        let response = try AuditResponse(sketch: sketch, items: mine, seed: "s", count: 3, key: key)
        let verdict = { (r: AuditResponse) in Verification.verify(response: r, sketch: sketch, seed: "s", count: 3, key: key) }
        return (sketch, response, verdict)
    }

    static func shingleBytes(_ answer: AuditResponse.Answer) throws -> [UInt8] {
        [UInt8](try #require(answer.fingerprint.flatMap { Data(base64Encoded: $0) }))
    }

    @Test func everySingleShingleChangeFailsWithItsReason() throws {
        let (_, honest, verdict) = try respond((0..<4).map { Self.bigMIDIItem(content: $0) })
        #expect(verdict(honest).passed, "\(verdict(honest))")
        let original = try Self.shingleBytes(honest.answers[0])
        #expect(original.count == 1_024 * 8)
        var passed = 0
        for shingle in 0..<1_024 {
            var bytes = original
            bytes[shingle * 8 + 3] ^= 0x41  // one shingle, one byte
            var mutated = honest
            mutated.answers[0].fingerprint = Data(bytes).base64EncodedString()
            let v = verdict(mutated)
            if v.passed { passed += 1 }
            #expect(v.reason?.hasPrefix("item \(honest.answers[0].index): fingerprint does not reproduce") == true)
        }
        #expect(passed == 0, "\(passed) of 1024 one-shingle changes passed")
    }

    @Test func anotherItemsShinglesAndReencodingsFail() throws {
        let mine = (0..<4).map { Self.bigMIDIItem(content: $0) }
        let (_, honest, verdict) = try respond(mine)
        let index = honest.answers[0].index
        let original = try Self.shingleBytes(honest.answers[0])
        let words = stride(from: 0, to: original.count, by: 8).map { Array(original[$0..<($0 + 8)]) }
        let other = try #require(mine.first { $0.contentHash != honest.answers[0].contentXXH3 }?.storedFingerprint?.bytes)
        let forgeries: [(String, [UInt8])] = [
            ("another item's shingles", other),
            ("one shingle dropped", Array(words.dropLast().joined())),
            ("one shingle added", original + Array(other.prefix(8))),
            ("a shingle repeated", original + words[5]),
            ("shingles reordered", Array(words.reversed().joined())),
            ("a shingle swapped for another item's", Array(words.dropLast().joined()) + Array(other.prefix(8))),
        ]
        for (name, bytes) in forgeries {
            var forged = honest
            forged.answers[0].fingerprint = Data(bytes).base64EncodedString()
            let v = verdict(forged)
            #expect(!v.passed, "\(name) passed")
            #expect(v.reason?.hasPrefix("item \(index): fingerprint does not reproduce") == true, "\(name): \(v.reason ?? "")")
        }
        // Withholding the fingerprint fails too.
        var withheld = honest
        withheld.answers[0].fingerprint = nil
        withheld.answers[0].fingerprintKind = nil
        #expect(verdict(withheld).reason?.hasPrefix("item \(index): fingerprint does not reproduce") == true)
    }

    @Test func aSketchWithAMalformedDigestFails() throws {
        var sketch = Sketch(items: [Self.bigMIDIItem(content: 1)], miner: "5Fm", key: key)
        #expect(sketch.entries[0].fingerprint?.count == 32)
        sketch.entries[0].fingerprint = "not hex"
        #expect(Auditor.audit(sketches: [sketch], reference: [], key: key)[0].reason == "malformed entry")
    }
}
