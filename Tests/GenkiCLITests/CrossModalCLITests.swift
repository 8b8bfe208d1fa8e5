import Foundation
import GenkiAudio
import GenkiFixtures
import GenkiMIDI
import GenkiSchema
import Testing

@Suite struct CrossModalCLITests {
    @Test func aMIDIFileMatchesRecordingsOfItMadeWithAnySynth() throws {
        let dir = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let piece = GeneratedPiece.make(seed: 31, bars: 16)
        let midi = dir.appendingPathComponent("song.mid")
        try Data(SMFWriter().write(piece.file())).write(to: midi)
        let stream = NoteStream(try MIDIParser.parse(SMFWriter().write(piece.file())).file)
        let writer = try AudioWriter(path: dir.appendingPathComponent("song-sines.wav").path, format: .wavPCM16, sampleRate: 22_050, channels: 1)
        try writer.write(SineRenderer.render(stream, sampleRate: 22_050))
        try writer.close()
        // An unrelated recording of similar length.
        let other = ChiptuneSynth().render(.init(seed: 77, duration: stream.durationSeconds, sampleRate: 22_050, channels: 1))
        let w2 = try AudioWriter(path: dir.appendingPathComponent("other.wav").path, format: .wavPCM16, sampleRate: 22_050, channels: 1)
        try w2.write(other)
        try w2.close()

        let without = try genki("dedup", dir.path, "--jsonl")
        #expect(without.status == 0)
        #expect(without.stdout.isEmpty, "without --cross-modal MIDI and audio never meet")
        let with = try genki("dedup", dir.path, "--jsonl", "--cross-modal")
        #expect(with.status == 0, "\(with.stderrText)")
        let lines = with.stdoutText.split(separator: "\n")
        #expect(lines.count == 1, "\(with.stdoutText)")
        let cluster = try JSONValue.parse(Data(lines.first.map { Data($0.utf8) } ?? Data()))
        let validator = try JSONSchemaValidator(directory: repositoryRoot.appendingPathComponent("schemas"), root: "dedup-cluster.schema.json")
        #expect(try validator.validate(cluster).isEmpty)
        #expect(with.stdoutText.contains("\"reason\":\"cross-modal\""))
        #expect(with.stdoutText.contains("song-sines.wav"))
        #expect(!with.stdoutText.contains("other.wav"))
    }
}
