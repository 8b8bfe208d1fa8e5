import Foundation
import GenkiCore
import GenkiFixtures
import GenkiModel
import GenkiRegistry
import GenkiSchema
import Testing

@testable import GenkiAudit

let round = RoundKey(round: "r42", seed: "0xblockhash42")

@Suite struct MerkleTreeTests {
    /// Property: every leaf's proof verifies, and any change to the proof, index or hash fails.
    @Test func proofsVerifyAndTamperingFails() {
        for n in 1...33 {
            let hashes = (0..<n).map { String(format: "%032x", $0 &* 2_654_435_761) }
            let tree = MerkleTree(contentHashes: hashes)
            for i in 0..<n {
                let proof = tree.proof(index: i)
                #expect(MerkleTree.verify(contentHash: hashes[i], index: i, count: n, proof: proof, root: tree.root))
                #expect(!MerkleTree.verify(contentHash: String(format: "%032x", 999_999_999), index: i, count: n, proof: proof, root: tree.root))
                if n > 1 {
                    #expect(
                        !MerkleTree.verify(contentHash: hashes[i], index: (i + 1) % n, count: n, proof: proof, root: tree.root)
                            || hashes[i] == hashes[(i + 1) % n])
                    var bad = proof
                    bad[0] = String(repeating: "0", count: 64)
                    #expect(!MerkleTree.verify(contentHash: hashes[i], index: i, count: n, proof: bad, root: tree.root))
                }
            }
        }
    }
}

@Suite struct AuditTests {
    let registry = items(100..<120).map { (item: $0, owner: Optional("5Fother")) }

    @Test func anHonestMinerPassesWithFullNoveltyAndItsSpotCheckVerifies() throws {
        let mine = items(0..<12)
        let sketch = Sketch(items: mine, miner: "5Fhonest", key: round)
        let report = try #require(Auditor.audit(sketches: [sketch], reference: registry, key: round).first)
        #expect(report.verdict == .pass)
        #expect(report.novelty == 1 && report.diversity == 1 && report.quality == 1)
        #expect(report.distinctItems == 12 && report.novelItems == 12)
        #expect(abs(report.novelHours - 12 * 40 / 3600) < 1e-9)
        let response = try AuditResponse(sketch: sketch, items: mine.reversed(), seed: "later-block", count: 5, key: round)
        #expect(response.answers.count == 5)
        let v = Verification.verify(response: response, sketch: sketch, seed: "later-block", count: 5, key: round)
        #expect(v.passed, "\(v.reason ?? "")")
    }

    @Test func copiedDataHasNoNoveltyEvenTransposed() throws {
        let copies = items(100..<110, transpose: 3) + items(100..<104)  // near copies and exact copies
        let report = try #require(Auditor.audit(sketches: [Sketch(items: copies, miner: "5Fcopier", key: round)], reference: registry, key: round).first)
        #expect(report.verdict == .pass)
        #expect(report.novelItems == 0 && report.novelty == 0)
        // Transposed and exact copies of the same piece are one internal cluster.
        #expect(report.distinctItems == 10)
        #expect(Scorer_score(report) == 0)
    }

    @Test func theMinersOwnRegisteredItemsDoNotCountAgainstIt() throws {
        let owned = items(100..<110)
        let report = try #require(Auditor.audit(sketches: [Sketch(items: owned, miner: "5Fother", key: round)], reference: registry, key: round).first)
        #expect(report.novelty == 1)
    }

    @Test func replayedAndOtherRoundSketchesFail() throws {
        let honest = Sketch(items: items(0..<12), miner: "5Fhonest", key: round)
        var replay = honest
        replay.miner = "5Freplayer"
        let old = Sketch(items: items(200..<210), miner: "5Flate", key: RoundKey(round: "r41", seed: "0xblockhash41"))
        let reports = Auditor.audit(sketches: [honest, replay, old], reference: registry, key: round)
        #expect(reports[0].verdict == .pass && reports[0].novelty == 1)
        #expect(reports[1].verdict == .fail && reports[1].reason == "replays the sketch of an earlier miner")
        #expect(reports[2].verdict == .fail && reports[2].reason?.contains("round r41") == true)
    }

    @Test func earlierSubmissionWinsAndALaterCopyFails() throws {
        let first = Sketch(items: items(0..<20), miner: "5Ffirst", key: round)
        let second = Sketch(items: items(0..<20) + items(500..<501), miner: "5Fsecond", key: round)  // not a byte replay
        let partial = Sketch(items: items(0..<5) + items(600..<610), miner: "5Fpartial", key: round)
        let reports = Auditor.audit(sketches: [first, second, partial], reference: registry, key: round)
        #expect(reports[0].novelty == 1)
        #expect(reports[1].verdict == .fail && reports[1].reason?.hasPrefix("copies") == true)
        #expect(reports[2].verdict == .pass && reports[2].novelItems == 10 && reports[2].distinctItems == 15)
    }

    @Test func inconsistentSketchesFail() throws {
        var s = Sketch(items: items(0..<5), miner: "5Fx", key: round)
        s.items = 6
        #expect(Auditor.audit(sketches: [s], reference: [], key: round)[0].reason?.contains("declares 6") == true)
        var t = Sketch(items: items(0..<5), miner: "5Fy", key: round)
        t.durationSeconds += 100
        #expect(Auditor.audit(sketches: [t], reference: [], key: round)[0].reason == "declared duration does not add up")
    }

    @Test func forgedOrMismatchedResponsesFailWithAReason() throws {
        let mine = items(0..<16)
        let sketch = Sketch(items: mine, miner: "5Fm", key: round)
        let honest = try AuditResponse(sketch: sketch, items: mine, seed: "s", count: 6, key: round)
        func verdict(_ r: AuditResponse) -> Verification { Verification.verify(response: r, sketch: sketch, seed: "s", count: 6, key: round) }
        #expect(verdict(honest).passed)

        var swapped = honest  // another item's fingerprint
        swapped.answers[0].fingerprint = honest.answers[1].fingerprint
        #expect(verdict(swapped).reason?.contains("does not reproduce") == true)

        // A MIDI answer with one shingle changed (the last byte of its first 8-byte shingle).
        var mutated = honest
        let text = try #require(honest.answers[1].fingerprint)
        var bytes = [UInt8](try #require(Data(base64Encoded: text)))
        #expect(honest.answers[1].kind == .midi && bytes.count >= 8)
        bytes[7] ^= 0x5A
        mutated.answers[1].fingerprint = Data(bytes).base64EncodedString()
        #expect(verdict(mutated).reason?.contains("does not reproduce") == true, "\(verdict(mutated))")

        var badProof = honest
        badProof.answers[2].proof[0] = String(repeating: "a", count: 64)
        #expect(verdict(badProof).reason?.contains("Merkle proof") == true)

        var wrongIndices = honest
        wrongIndices.answers[0].index = (honest.answers[0].index + 1) % 16
        #expect(verdict(wrongIndices).reason == "answers are not the challenged indices")

        var otherContent = honest
        otherContent.answers[3].contentXXH3 = String(format: "%032x", 123_456_789)
        #expect(!verdict(otherContent).passed)

        // A sketch the miner's data does not build (forged signatures) cannot be answered…
        var forged = sketch
        forged.merkleRoot = String(repeating: "b", count: 64)
        #expect(throws: AuditError.self) { try AuditResponse(sketch: forged, items: mine, seed: "s", count: 6, key: round) }
        // …and a response built for the real sketch does not fit the forged one.
        #expect(!Verification.verify(response: honest, sketch: forged, seed: "s", count: 6, key: round).passed)
        // Nor does an answer checked under another round's key.
        #expect(!Verification.verify(response: honest, sketch: sketch, seed: "s", count: 6, key: RoundKey(round: "r42", seed: "other")).passed)
    }

    @Test func sketchesAreKeyedPerRound() {
        let a = Sketch(items: items(0..<3), miner: "m", key: round)
        let b = Sketch(items: items(0..<3), miner: "m", key: RoundKey(round: "r43", seed: "0xblockhash43"))
        #expect(a.merkleRoot == b.merkleRoot)
        for (x, y) in zip(a.entries, b.entries) {
            #expect(x.content != y.content)
            #expect(x.signature != y.signature)
        }
    }

    @Test func sketchResponseAndReportMatchTheirSchemas() throws {
        let schemas = repositoryRoot.appendingPathComponent("schemas")
        let mine = items(0..<6)
        let sketch = Sketch(items: mine, miner: "5Fm", key: round)
        let response = try AuditResponse(sketch: sketch, items: mine, seed: "s", count: 3, key: round)
        let report = Auditor.audit(sketches: [sketch], reference: registry, key: round)[0]
        let encoder = JSONEncoder()
        #expect(try JSONSchemaValidator(directory: schemas, root: "audit-sketch.schema.json").validate(data: encoder.encode(sketch)).isEmpty)
        #expect(try JSONSchemaValidator(directory: schemas, root: "audit-response.schema.json").validate(data: encoder.encode(response)).isEmpty)
        #expect(try JSONSchemaValidator(directory: schemas, root: "audit-report.schema.json").validate(data: encoder.encode(report)).isEmpty)
        // No local paths in what the miner publishes.
        #expect(!String(decoding: try encoder.encode(sketch), as: UTF8.self).contains("p/"))
    }
}

/// The scoring formula applied to a report (GenkiScoring is tested on its own; this keeps the
/// audit tests independent of it).
func Scorer_score(_ r: AuditReport) -> Double { r.novelty * r.quality * r.diversity * (r.novelHours > 0 ? 1 : 0) }

@Suite struct StreamingAuditTests {
    @Test func streamingTheRegistryGivesTheSameReports() throws {
        let dir = try makeTemporaryDirectory(prefix: "genki-audit-stream")
        defer { try? FileManager.default.removeItem(at: dir) }
        let registry = try Registry(path: dir.appendingPathComponent("v.db").path)
        let other = try registry.dataset(named: "other", miner: "5Fother")
        let mine = try registry.dataset(named: "mine", miner: "5Fm")
        try registry.upsert(items(100..<110), dataset: other, at: 0)
        try registry.upsert(items(200..<205), dataset: mine, at: 0)
        let sketch = Sketch(items: items(100..<103) + items(300..<306), miner: "5Fm", key: round)
        let streamed = try Auditor.audit(sketches: [sketch], registry: registry, key: round)
        let loaded = Auditor.audit(sketches: [sketch], reference: try registry.itemsWithOwners(), key: round)
        #expect(streamed == loaded)
        #expect(streamed[0].novelItems == 6 && streamed[0].distinctItems == 9)
    }
}
