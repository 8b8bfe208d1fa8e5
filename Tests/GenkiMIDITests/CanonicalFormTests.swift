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
            .init(tick: 30, message: .noteOn(channel: 0, key: 60, velocity: 0)),  // closes the second
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
        let sysex: [UInt8] = [0xF0, 0x05, 0x7E, 0x7F, 0x09, 0x01]
        let sequencer: [UInt8] = [0xFF, 0x7F, 0x06, 0x00, 0x00, 0x41]
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

/// Text stuffed into every meta kind, into oversized tempo / time / key signature payloads and
/// into sysex never reaches the canonical bytes (issue 13).
@Suite struct CanonicalStuffingTests {
    static let marker = Array("MARK hidden".utf8)

    static func stuffedFile() -> MIDIFile {
        var conductor: [MIDIEvent] = []
        for type: UInt8 in [0x00, 0x01, 0x02, 0x03, 0x04, 0x05, 0x06, 0x07, 0x08, 0x09, 0x0F, 0x20, 0x21, 0x54, 0x60, 0x7F] {
            conductor.append(MIDIEvent(tick: 0, message: .meta(type: type, data: marker)))
        }
        // The kept kinds, each with the marker after (and, for the signatures, inside) its value.
        conductor.append(MIDIEvent(tick: 0, message: .meta(type: MetaType.tempo, data: [0x07, 0xA1, 0x20] + marker)))
        conductor.append(MIDIEvent(tick: 0, message: .meta(type: MetaType.timeSignature, data: [4, 2] + marker)))
        conductor.append(MIDIEvent(tick: 0, message: .meta(type: MetaType.keySignature, data: [0x4D, 0x41] + marker)))
        conductor.append(MIDIEvent(tick: 0, message: .sysex(data: [0x7E] + marker + [0xF7], escape: false)))
        conductor.append(MIDIEvent(tick: 5, message: .sysex(data: marker, escape: true)))
        var notes: [MIDIEvent] = []
        for k in 0..<16 {
            notes.append(MIDIEvent(tick: k * 240, message: .noteOn(channel: 0, key: UInt8(60 + k % 12), velocity: 100)))
            notes.append(MIDIEvent(tick: k * 240 + 200, message: .noteOff(channel: 0, key: UInt8(60 + k % 12), velocity: 0)))
        }
        return MIDIFile(format: 1, division: .ppq(480), tracks: [conductor, notes])
    }

    static func contains(_ hay: [UInt8], _ needle: [UInt8]) -> Bool {
        guard needle.count <= hay.count else { return false }
        return (0...(hay.count - needle.count)).contains { Array(hay[$0..<($0 + needle.count)]) == needle }
    }

    @Test func noStuffedByteSurvivesAndTheMusicIsKept() throws {
        let original = SMFWriter().write(Self.stuffedFile())
        #expect(Self.contains(original, Self.marker))
        let parsed = try MIDIParser.parse(original).file
        let (canonical, _) = CanonicalMIDIWriter.write(parsed)
        #expect(!Self.contains(canonical, Self.marker))
        // Kept meta events have their standard lengths and clamped values.
        let reparsed = try MIDIParser.parse(canonical).file
        for event in reparsed.tracks.flatMap({ $0 }) {
            guard case .meta(let type, let data) = event.message else { continue }
            switch type {
            case MetaType.tempo: #expect(data == [0x07, 0xA1, 0x20])
            case MetaType.timeSignature: #expect(data == [4, 2, 24, 8])
            case MetaType.keySignature: #expect(data == [7, 1])
            case MetaType.endOfTrack: #expect(data.isEmpty)
            default: Issue.record("meta type \(type) survived")
            }
        }
        // Same notes, same canonical stream.
        #expect(try NoteStream(reparsed).canonicalHash == NoteStream(parsed).canonicalHash)
    }
}

/// The byte-level stuffed file (`StuffedMIDI`: every meta type 0x00…0xFF, oversized tempo and
/// signatures, sysex, a payload on end-of-track, an unknown chunk, trailing junk) canonicalises
/// to the same notes with none of its marker left, every kept meta event at its standard length.
@Suite struct StuffedMIDITests {
    @Test func theMarkerIsNowhereInTheCanonicalBytes() throws {
        let input = StuffedMIDI.bytes()
        #expect(StuffedMIDI.contains(input, StuffedMIDI.marker))
        let parsed = try MIDIParser.parse(input).file
        let (canonical, report) = CanonicalMIDIWriter.write(parsed)
        for needle in [StuffedMIDI.marker, Array("MARK".utf8), Array("hidden".utf8), Array("7f3a".utf8)] {
            #expect(!StuffedMIDI.contains(canonical, needle), "\(String(decoding: needle, as: UTF8.self)) survived")
        }
        #expect(report.droppedSysexEvents == 3)
        let reparsed = try MIDIParser.parse(canonical)
        #expect(reparsed.warnings.isEmpty)
        var metaLengths: [UInt8: Set<Int>] = [:]
        for event in reparsed.file.tracks.flatMap({ $0 }) {
            if case .meta(let type, let data) = event.message { metaLengths[type, default: []].insert(data.count) }
            if case .sysex = event.message { Issue.record("sysex survived") }
        }
        #expect(metaLengths == [MetaType.tempo: [3], MetaType.timeSignature: [4], MetaType.keySignature: [2]])
        let before = NoteStream(parsed)
        let after = NoteStream(reparsed.file)
        #expect(before.notes.count == StuffedMIDI.noteCount)
        #expect(after.notes == before.notes)
        #expect(after.canonicalHash == before.canonicalHash)
    }
}
