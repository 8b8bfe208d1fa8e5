import Foundation
import GenkiFixtures
import GenkiMIDI
import Testing

@Suite struct CanonicalFormTests {
    @Test func encodingsOfOnePieceShareTheCanonicalStream() throws {
        let streams = try MIDIFixtures.good.map { try stream($0.bytes) }
        let reference = beatNotes(streams[0])
        #expect(reference.count > 50)
        for (fixture, s) in zip(MIDIFixtures.good, streams) {
            #expect(beatNotes(s) == reference, "\(fixture.name)")
            #expect(s.canonicalHash == streams[0].canonicalHash, "\(fixture.name)")
            #expect(abs(s.durationSeconds - streams[0].durationSeconds) < 1e-9)
        }
    }

    @Test func differentMusicGivesADifferentHash() throws {
        let a = try stream(SMFWriter().write(MIDIFixtures.piece.file()))
        let b = try stream(SMFWriter().write(MIDIFixtures.piece.transposed(1).file()))
        let c = try stream(SMFWriter().write(MIDIFixtures.piece.tempoScaled(1.1).file()))
        #expect(a.canonicalHash != b.canonicalHash)
        #expect(a.canonicalHash != c.canonicalHash, "tempo is part of the exact tier")
    }

    @Test func notesCarryProgramDrumAndSeconds() throws {
        let piece = MIDIFixtures.piece
        let s = try stream(SMFWriter().write(piece.file()))
        let secondsPerBeat = Double(piece.microsecondsPerQuarter) / 1_000_000
        for n in s.notes {
            #expect(abs(n.onsetSeconds - n.onsetBeats * secondsPerBeat) < 1e-9)
            #expect(n.isDrum == (n.channel == 9))
            if !n.isDrum { #expect(Int(n.program) == piece.programs[Int(n.channel)]) }
        }
        #expect(s.programs == piece.programs.values.sorted())
        #expect(s.notes.count == piece.notes.count)
    }

    @Test func overlappingAndUnterminatedNotesAreResolved() throws {
        let events: [MIDIEvent] = [
            .init(tick: 0, message: .noteOn(channel: 0, key: 60, velocity: 100)),
            .init(tick: 10, message: .noteOn(channel: 0, key: 60, velocity: 90)),  // same key again
            .init(tick: 20, message: .noteOff(channel: 0, key: 60, velocity: 0)),  // closes the first
            .init(tick: 30, message: .noteOn(channel: 0, key: 60, velocity: 0)),   // closes the second
            .init(tick: 35, message: .noteOff(channel: 0, key: 61, velocity: 0)),  // orphan
            .init(tick: 40, message: .noteOn(channel: 1, key: 50, velocity: 80)),  // never closed
            .init(tick: 96, message: .meta(type: MetaType.text, data: [])),
        ]
        let s = NoteStream(MIDIFile(format: 0, division: .ppq(96), tracks: [events]))
        let onsets: [Double] = [0, 10.0 / 96, 40.0 / 96]
        let durations: [Double] = [20.0 / 96, 20.0 / 96, 56.0 / 96]
        #expect(s.notes.map(\.onsetBeats) == onsets)
        #expect(s.notes.map(\.durationBeats) == durations)
        #expect(s.unterminatedNotes == 1)
        #expect(s.orphanNoteOffs == 1)
    }

    @Test func canonicalWriterDropsEveryIdentifyingByte() throws {
        let piece = MIDIFixtures.piece
        let original = SMFWriter().write(piece.file())
        let (canonical, report) = CanonicalMIDIWriter.write(try MIDIParser.parse(original).file)
        // Every metadata string is in the original and in no way in the canonical bytes.
        for text in piece.metadata + ["Synth 0", "Synth 1"] {
            let needle = Array(text.utf8)
            #expect(contains(original, needle), "\(text) should be in the source")
            #expect(!contains(canonical, needle), "\(text) survived")
        }
        let sysex: [UInt8] = [0xF0, 0x05, 0x7E, 0x7F, 0x09, 0x01], sequencer: [UInt8] = [0xFF, 0x7F, 0x06, 0x00, 0x00, 0x41]
        #expect(contains(original, sysex) && !contains(canonical, sysex))
        #expect(contains(original, sequencer) && !contains(canonical, sequencer))
        // No meta types other than tempo, time and key signature, and end of track.
        let parsed = try MIDIParser.parse(canonical).file
        for track in parsed.tracks {
            for event in track {
                if case .meta(let type, _) = event.message { #expect(CanonicalMIDIWriter.keptMetaTypes.contains(type)) }
                if case .sysex = event.message { Issue.record("sysex survived") }
            }
        }
        #expect(report.droppedSysexEvents == 1)
        #expect(report.droppedMetaEvents >= 8)
        // The music is intact.
        #expect(beatNotes(NoteStream(parsed)) == beatNotes(try stream(original)))
    }

    @Test func canonicalBytesAreTheSameForEveryEncoding() throws {
        let outputs = try MIDIFixtures.good.map { CanonicalMIDIWriter.write(try MIDIParser.parse($0.bytes).file).bytes }
        // PPQ is kept, so compare within equal resolutions; all encodings at 480 PPQ match exactly.
        let at480 = zip(MIDIFixtures.good, outputs).filter { !$0.0.name.contains("96ppq") }.map(\.1)
        #expect(Set(at480).count == 1)
        // Canonicalising twice changes nothing.
        let again = CanonicalMIDIWriter.write(try MIDIParser.parse(outputs[0]).file).bytes
        #expect(again == outputs[0])
    }

    private func contains(_ haystack: [UInt8], _ needle: [UInt8]) -> Bool {
        guard !needle.isEmpty, haystack.count >= needle.count else { return false }
        for i in 0...(haystack.count - needle.count) where haystack[i] == needle[0] {
            if Array(haystack[i..<(i + needle.count)]) == needle { return true }
        }
        return false
    }
}
