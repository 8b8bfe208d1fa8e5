import Foundation
import GenkiFixtures
import GenkiIngest
import GenkiModel
import GenkiSchema
import Testing

@Suite struct MIDIIngestTests {
    let midi = repositoryRoot.appendingPathComponent("fixtures/midi")

    @Test func goodMIDIFixturesShareTheCanonicalHashAndValidate() async throws {
        let validator = try recordValidator()
        let encoder = RecordEncoder()
        let (outcomes, summary) = await runIngest([midi.appendingPathComponent("good").path])
        let records = outcomes.compactMap(\.record)
        #expect(records.count == MIDIFixtures.good.count)
        #expect(summary.failed == 0)
        #expect(summary.midiSeconds > 0)
        #expect(summary.audioSeconds == 0)
        let hashes = Set(records.compactMap { $0.midi?.canonicalXXH3 })
        #expect(hashes.count == 1, "one piece, one canonical hash: \(hashes)")
        #expect(Set(records.compactMap { $0.midi?.minHashXXH3 }).count == 1)
        #expect(Set(records.compactMap(\.fileXXH3)).count == records.count, "the files themselves differ")
        for r in records {
            #expect(r.kind == .midi)
            #expect(r.midi?.notes == MIDIFixtures.piece.notes.count)
            #expect(r.midi?.drumNotes == MIDIFixtures.piece.notes.filter { $0.channel == 9 }.count)
            #expect((r.midi?.fingerprintShingles ?? 0) > 20)
            let violations = try validator.validate(data: encoder.encode(r))
            #expect(violations.isEmpty, "\(r.path): \(violations)")
        }
    }

    @Test func badMIDIFixturesAreRepairedWithWarningsOrRejected() async throws {
        let validator = try recordValidator()
        let encoder = RecordEncoder()
        let (outcomes, _) = await runIngest([midi.appendingPathComponent("bad").path])
        let byName = Dictionary(uniqueKeysWithValues: outcomes.compactMap(\.record).map { (URL(fileURLWithPath: $0.path).lastPathComponent, $0) })
        #expect(byName.count == MIDIFixtures.bad.count)
        for fixture in MIDIFixtures.bad {
            let r = try #require(byName[fixture.name])
            #expect(try validator.validate(data: encoder.encode(r)).isEmpty, "\(fixture.name)")
            switch fixture.outcome {
            case .parses(let warning):
                #expect(r.isOK, "\(fixture.name): \(r.reason ?? "")")
                #expect((r.warnings ?? []).contains { $0.contains(warning) }, "\(fixture.name)")
            case .rejected(let reason):
                #expect(!r.isOK)
                if fixture.bytes.isEmpty {
                    #expect(r.stage == .sniff)
                } else {
                    #expect(r.stage == .parse)
                    #expect(r.reason?.contains(reason) == true, "\(fixture.name): \(r.reason ?? "")")
                }
            }
        }
    }

    @Test func textBehindAMIDINameIsAParseError() throws {
        let dir = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let path = dir.appendingPathComponent("song.mid").path
        try Data("not midi at all".utf8).write(to: URL(fileURLWithPath: path))
        guard case .record(let r) = FileIngestor(profile: .fp).ingest(path: path) else {
            Issue.record("a .mid file must get a record")
            return
        }
        #expect(r.stage == .parse)
        #expect(r.reason?.contains("no MThd header") == true)
    }
}
