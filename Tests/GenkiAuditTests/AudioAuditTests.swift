import Foundation
import GenkiFingerprint
import GenkiFixtures
import GenkiIngest
import GenkiModel
import GenkiRegistry
import GenkiSchema
import Testing

@testable import GenkiAudit

/// Generated audio items with real fingerprints (computed once per test process).
enum AudioFixtures {
    static func fingerprint(_ piece: ChiptuneSynth.Piece, _ distortion: AudioDistortion) throws -> AudioFingerprint {
        let (x, rate) = try distortion.render(piece)
        return try AudioFingerprinter.fingerprint(mono: x, sampleRate: rate)
    }

    static let seconds = 30.0
    static func piece(_ seed: Int) -> ChiptuneSynth.Piece { ChiptuneSynth.Piece(seed: UInt64(seed), duration: seconds, sampleRate: 22_050, channels: 1) }

    /// An audio item (content id `content`) holding `fingerprint`.
    static func item(_ fingerprint: AudioFingerprint?, content: Int) -> CatalogItem {
        var item = auditItem(.audio, content: content + 1 << 42, path: "a/\(content).wav", seconds: seconds, audio: fingerprint)
        item.registryID = Int64(content)
        item.fileHash = String(format: "%032x", content + 1 << 41)
        item.sampleRate = 22_050
        item.channels = 1
        item.codec = "pcm"
        item.loudnessLUFS = -14
        return item
    }

    static let originalSeeds = 700..<706
    static let otherSeeds = 810..<816
    static let originals: [CatalogItem] = originalSeeds.compactMap { s in (try? fingerprint(piece(s), .gain(decibels: 0))).map { item($0, content: s) } }
    static let others: [CatalogItem] = otherSeeds.compactMap { s in (try? fingerprint(piece(s), .gain(decibels: 0))).map { item($0, content: s) } }
    /// Disguised copies of the originals (new content hashes).
    static func copies(_ distortion: AudioDistortion, tag: Int) -> [CatalogItem] {
        originalSeeds.compactMap { s in (try? fingerprint(piece(s), distortion)).map { item($0, content: s + tag) } }
    }
    static let pitchCopies = copies(.pitch(semitones: 1), tag: 10_000)
    static let speedCopies = copies(.speed(1.03), tag: 20_000)
}

/// An entry's published landmarks (empty when it has none or they are malformed).
func published(_ e: Sketch.Entry) -> [AudioLandmark] { e.landmarks.flatMap(Sketch.decodeLandmarks) ?? [] }

@Suite struct AudioAuditTests {
    let key = RoundKey(round: "r7", seed: "0xaudio")

    @Test func fixturesAreFingerprinted() {
        #expect(AudioFixtures.originals.count == 6 && AudioFixtures.pitchCopies.count == 6 && AudioFixtures.speedCopies.count == 6)
    }

    /// A copier who re-renders the first miner's audio pitch-shifted or sped up gets no novelty,
    /// while an honest miner with other music keeps all of it.
    @Test(arguments: ["pitch", "speed"])
    func aDisguisedCopierIsCaughtAndAnHonestMinerPasses(disguise: String) throws {
        let copies = disguise == "pitch" ? AudioFixtures.pitchCopies : AudioFixtures.speedCopies
        let first = Sketch(items: AudioFixtures.originals, miner: "5Ffirst", key: key)
        let copier = Sketch(items: copies, miner: "5Fcopier", key: key)
        let honest = Sketch(items: AudioFixtures.others, miner: "5Fhonest", key: key)
        let reports = Auditor.audit(sketches: [first, copier, honest], reference: [], key: key)
        #expect(reports.map(\.verdict) == [.pass, .pass, .pass], "\(reports.map { $0.reason ?? "" })")
        #expect(reports[0].novelty == 1)
        #expect(reports[1].novelty <= 0.02, "copier novelty \(reports[1].novelty)")
        // Generated chiptune pieces share the synth's arpeggio patterns: one of these six honest
        // pieces reaches 6 chance votes with an original (on real music, honest novelty is ≥ 0.97).
        #expect(reports[2].novelty >= 0.8, "honest novelty \(reports[2].novelty)")
    }

    /// The same, with the first miner's items registered in the validator's registry (keyed
    /// variants) instead of sketched.
    @Test func aCopierOfRegisteredAudioIsCaught() throws {
        let reference = AudioFixtures.originals.map { (item: $0, owner: Optional("5Ffirst")) }
        let reports = Auditor.audit(
            sketches: [
                Sketch(items: AudioFixtures.pitchCopies + AudioFixtures.speedCopies, miner: "5Fcopier", key: key),
                Sketch(items: AudioFixtures.others, miner: "5Fhonest", key: key),
            ],
            reference: reference, key: key)
        #expect(reports[0].novelty <= 0.02 && reports[0].verdict == .pass)
        #expect(reports[1].novelty >= 0.8 && reports[1].verdict == .pass)
    }

    @Test func fingerprintLessAndStrippedAudioFailsTheSketch() throws {
        let bare = AudioFixtures.item(nil, content: 1)
        let withoutFingerprint = Sketch(items: AudioFixtures.others + [bare], miner: "5Fbare", key: key)
        let index = try #require(withoutFingerprint.entries.firstIndex { $0.landmarks == nil })
        let expected = "audio item \(index) has no landmarks"
        #expect(withoutFingerprint.landmarkProblem == expected)
        var stripped = Sketch(items: AudioFixtures.others, miner: "5Fstrip", key: key)
        let full = published(stripped.entries[2])
        #expect(full.count > 10)
        stripped.entries[2].landmarks = Sketch.encodeLandmarks(Array(full.prefix(2)))
        var malformed = Sketch(items: AudioFixtures.others, miner: "5Fmal", key: key)
        malformed.entries[1].landmarks = "AAAA"
        var thinned = Sketch(items: AudioFixtures.others, miner: "5Fthin", key: key)  // every item thinned, each above the item floor
        for k in thinned.entries.indices {
            let l = published(thinned.entries[k])
            thinned.entries[k].landmarks = Sketch.encodeLandmarks(Array(l.prefix(Int(AudioFixtures.seconds * 0.5))))
        }
        let reports = Auditor.audit(sketches: [withoutFingerprint, stripped, malformed, thinned], reference: [], key: key)
        #expect(reports[0].verdict == .fail && reports[0].reason == expected)
        #expect(reports[1].verdict == .fail && reports[1].reason?.hasPrefix("audio item 2 has 2 landmarks, fewer than") == true, "\(reports[1].reason ?? "")")
        #expect(reports[2].verdict == .fail && reports[2].reason == "audio item 1 has malformed landmarks")
        #expect(reports[3].verdict == .fail && reports[3].reason == "its audio publishes 0.50 landmarks per second, fewer than 1.0")
        // Honest items clear the floor with room: published landmarks per second.
        for e in Sketch(items: AudioFixtures.originals + AudioFixtures.others, miner: "m", key: key).entries {
            let n = published(e).count
            #expect(Double(n) / e.durationSeconds >= 10 * Sketch.minimumLandmarksPerSecond)
        }
    }

    @Test func theSpotCheckCatchesForgedLandmarksAndPassesHonestOnes() throws {
        let mine = AudioFixtures.others
        let honestSketch = Sketch(items: mine, miner: "5Fm", key: key)
        let response = try AuditResponse(sketch: honestSketch, items: mine, seed: "later", count: 6, key: key)
        #expect(Verification.verify(response: response, sketch: honestSketch, seed: "later", count: 6, key: key).passed)
        // Landmarks forged into the sketch (here: another recording's) are not what the revealed
        // fingerprint regenerates.
        var forged = honestSketch
        let victim = response.answers[0].index
        forged.entries[victim].landmarks = Sketch(items: AudioFixtures.originals, miner: "x", key: key).entries[0].landmarks
        let v = Verification.verify(response: response, sketch: forged, seed: "later", count: 6, key: key)
        #expect(!v.passed && v.reason == "item \(victim): fingerprint does not regenerate the sketch's keyed landmarks")
        // One shifted anchor is enough.
        var nudged = honestSketch
        var records = published(nudged.entries[victim])
        try #require(!records.isEmpty)
        records[0].time += 1
        nudged.entries[victim].landmarks = Sketch.encodeLandmarks(records)
        #expect(!Verification.verify(response: response, sketch: nudged, seed: "later", count: 6, key: key).passed)
    }

    @Test func sketchesAreDeterministicKeyedAndSmall() throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        let a = try encoder.encode(Sketch(items: AudioFixtures.originals, miner: "m", key: key))
        let b = try encoder.encode(Sketch(items: AudioFixtures.originals.reversed(), miner: "m", key: key))
        #expect(a == b)
        let other = Sketch(items: AudioFixtures.originals, miner: "m", key: RoundKey(round: "r7", seed: "0xother"))
        let mine = Sketch(items: AudioFixtures.originals, miner: "m", key: key)
        for (x, y) in zip(mine.entries, other.entries) { #expect(x.landmarks != y.landmarks) }
        // Records round-trip, and keyed keys are not the raw keys.
        let f = try #require(AudioFixtures.originals[0].audio)
        let keyed = try #require(Sketch.keyedLandmarks(AudioFixtures.originals[0], key: key))
        #expect(Sketch.decodeLandmarks(Sketch.encodeLandmarks(keyed)) == keyed)
        let raw = Set(f.landmarks.map(\.key))
        #expect(keyed.filter { raw.contains($0.key) }.count <= 1)
        // The keyed subsample keeps about one in `landmarkKeepOneIn`.
        let share = Double(keyed.count) / Double(f.landmarks.count)
        #expect(share > 0.5 / Double(Sketch.landmarkKeepOneIn) && share < 2 / Double(Sketch.landmarkKeepOneIn))
        // Audio entries carry landmarks, not a (meaningless, all-zero) MinHash signature.
        #expect(mine.entries.allSatisfy { $0.signature == nil && $0.landmarks != nil })
        // Schema.
        let schemas = repositoryRoot.appendingPathComponent("schemas")
        #expect(try JSONSchemaValidator(directory: schemas, root: "audit-sketch.schema.json").validate(data: a).isEmpty)
        // Size: a record takes about 7 bytes (a one-byte time delta in anchor order).
        let bytes = keyed.count == 0 ? 0 : Data(base64Encoded: Sketch.encodeLandmarks(keyed))?.count ?? 0
        #expect(bytes <= 8 * keyed.count)
    }

    @Test func landmarkRecordsRoundTripAnyTimesAndRejectMalformedText() throws {
        var rng = SplitMix64(seed: 42)
        for trial in 0..<200 {
            let n = Int(rng.next() % 40)
            let records = (0..<n).map { _ in
                // Times in any order, including both ends of the 32-bit range.
                let t: Int32 =
                    switch rng.next() % 8 {
                    case 0: .min
                    case 1: .max
                    case 2: Int32(truncatingIfNeeded: rng.next())
                    default: Int32(rng.next() % 5_000)
                    }
                return AudioLandmark(
                    key: UInt32(truncatingIfNeeded: rng.next()), time: t,
                    pitch: UInt8(truncatingIfNeeded: rng.next()), span: UInt8(truncatingIfNeeded: rng.next()))
            }
            #expect(Sketch.decodeLandmarks(Sketch.encodeLandmarks(records)) == records, "trial \(trial)")
        }
        let good = Sketch.encodeLandmarks([AudioLandmark(key: 7, time: 300, pitch: 9, span: 20)])
        var bytes = [UInt8](try #require(Data(base64Encoded: good)))
        // Truncated record, unterminated varint, a delta past the 32-bit range, not base64.
        #expect(Sketch.decodeLandmarks(Data(bytes.dropLast()).base64EncodedString()) == nil)
        #expect(Sketch.decodeLandmarks(Data([0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF]).base64EncodedString()) == nil)
        let far = Sketch.encodeLandmarks([AudioLandmark(key: 1, time: .max, pitch: 0, span: 0), AudioLandmark(key: 1, time: .max, pitch: 0, span: 0)])
        var farBytes = [UInt8](try #require(Data(base64Encoded: far)))
        farBytes[11] = 0x02  // the second record's delta (after 5 + 6 bytes): 0 becomes +1, past Int32.max
        #expect(Sketch.decodeLandmarks(Data(farBytes).base64EncodedString()) == nil)
        #expect(Sketch.decodeLandmarks("not base64!") == nil)
        bytes.removeAll()
        #expect(Sketch.decodeLandmarks(Data(bytes).base64EncodedString()) == [])
    }
}
