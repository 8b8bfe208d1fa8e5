import Foundation
import GenkiFixtures
import GenkiMIDI
import GenkiSchema
import Testing

@Suite struct MIDICLITests {
    let good = repositoryRoot.appendingPathComponent("fixtures/midi/good")

    @Test func canonWritesAMetadataFreeFile() throws {
        let dir = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let out = dir.appendingPathComponent("canon.mid").path
        let result = try genki("midi", "canon", good.appendingPathComponent("piece-format1.mid").path, out)
        #expect(result.status == 0)
        #expect(result.stdoutText.contains("dropped"))
        let bytes = try Data(contentsOf: URL(fileURLWithPath: out))
        for text in MIDIFixtures.piece.metadata {
            #expect(bytes.range(of: Data(text.utf8)) == nil, "\(text) survived")
        }
        // The canonical file carries the same music.
        let a = try genki("midi", "info", out, "--json")
        let b = try genki("midi", "info", good.appendingPathComponent("piece-format1.mid").path, "--json")
        let ja = try JSONValue.parse(a.stdout)
        let jb = try JSONValue.parse(b.stdout)
        #expect(ja["midi"]?["canonical_xxh3_128"] == jb["midi"]?["canonical_xxh3_128"])
        let validator = try JSONSchemaValidator(directory: repositoryRoot.appendingPathComponent("schemas"), root: "ingest-record.schema.json")
        #expect(try validator.validate(ja).isEmpty)
    }

    @Test func renderWritesAudioThatIngests() throws {
        let dir = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let out = dir.appendingPathComponent("render.wav").path
        let result = try genki("midi", "render", good.appendingPathComponent("piece-rmid.rmi").path, out, "--rate", "22050")
        #expect(result.status == 0, "\(result.stderrText)")
        let ingest = try genki("ingest", out, "--jsonl")
        #expect(ingest.status == 0)
        let record = try JSONValue.parse(ingest.stdout)
        #expect(record["format"]?["sample_rate"] == .number(22_050))
        #expect(record["format"]?["channels"] == .number(1))
        // Deterministic: a second render is byte-identical.
        let again = dir.appendingPathComponent("again.wav").path
        #expect(try genki("midi", "render", good.appendingPathComponent("piece-rmid.rmi").path, again, "--rate", "22050").status == 0)
        #expect(try Data(contentsOf: URL(fileURLWithPath: out)) == Data(contentsOf: URL(fileURLWithPath: again)))
    }

    @Test func compareTellsSameFromDifferent() throws {
        let same = try genki("midi", "compare", good.appendingPathComponent("piece-format1.mid").path, good.appendingPathComponent("piece-96ppq-reversed-tracks.mid").path)
        #expect(same.status == 0)
        #expect(same.stdoutText.contains("same piece"))
        let dir = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let other = dir.appendingPathComponent("other.mid")
        try Data(GenkiMIDIBytes.piece(seed: 77)).write(to: other)
        let different = try genki("midi", "compare", good.appendingPathComponent("piece-format1.mid").path, other.path)
        #expect(different.stdoutText.contains("different pieces"))
    }

    @Test func unusableInputIsAnErrorWithoutPaths() throws {
        let bad = repositoryRoot.appendingPathComponent("fixtures/midi/bad/bad-garbage.mid").path
        for args in [["midi", "info", bad], ["midi", "canon", bad, "/tmp/never.mid"], ["midi", "render", bad, "/tmp/never.wav"]] {
            let result = try run(genkiBinary, args)
            #expect(result.status == 1, "\(args)")
            #expect(result.stderrText.contains("no MThd header"))
            #expect(!result.stderrText.contains(bad))
        }
        #expect(try genki("midi", "render", bad, "/tmp/x.wav", "--rate", "5").status == 2)
    }

    /// `genki midi canon` on a file stuffing a marker into every meta type, the signatures,
    /// sysex, an unknown chunk and trailing junk: the marker is in the input, nowhere in the
    /// output or the command's text, and the output parses to the same notes (issue 13).
    @Test func canonLeavesNoStuffedByte() throws {
        let dir = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let input = dir.appendingPathComponent("stuffed.mid")
        let output = dir.appendingPathComponent("canon.mid")
        let stuffed = StuffedMIDI.bytes()
        try Data(stuffed).write(to: input)
        #expect(StuffedMIDI.contains([UInt8](try Data(contentsOf: input)), StuffedMIDI.marker))
        let result = try genki("midi", "canon", input.path, output.path)
        #expect(result.status == 0, "\(result.stderrText)")
        let canonical = [UInt8](try Data(contentsOf: output))
        for needle in [StuffedMIDI.marker, Array("MARK".utf8), Array("hidden".utf8)] {
            #expect(!StuffedMIDI.contains(canonical, needle))
            #expect(!StuffedMIDI.contains([UInt8](result.stdout) + [UInt8](result.stderr), needle))
        }
        let before = NoteStream(try MIDIParser.parse(stuffed).file)
        let after = NoteStream(try MIDIParser.parse(canonical).file)
        #expect(before.notes.count == StuffedMIDI.noteCount)
        #expect(after.notes == before.notes)
    }
}
