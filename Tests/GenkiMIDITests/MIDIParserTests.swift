import Foundation
import GenkiFixtures
import GenkiMIDI
import Testing

@Suite struct MIDIParserTests {
    @Test(arguments: MIDIFixtures.bad.map(\.name))
    func malformedFixturesGiveTheirOutcome(name: String) throws {
        let fixture = try #require(MIDIFixtures.bad.first { $0.name == name })
        // The committed file is the generated one.
        #expect(try readFixture("bad", name) == fixture.bytes)
        switch fixture.outcome {
        case .rejected(let reason):
            do {
                _ = try MIDIParser.parse(fixture.bytes)
                Issue.record("\(name) parsed but must be rejected")
            } catch {
                #expect(error.description.contains(reason), "\(name): \(error)")
            }
        case .parses(let warning):
            let result = try MIDIParser.parse(fixture.bytes)
            #expect(result.warnings.contains { $0.contains(warning) }, "\(name): \(result.warnings)")
            // Damaged files still yield their intact notes.
            #expect(!NoteStream(result.file).notes.isEmpty, "\(name)")
        }
    }

    @Test func goodFixturesParseCleanly() throws {
        for fixture in MIDIFixtures.good {
            #expect(try readFixture("good", fixture.name) == fixture.bytes)
            let result = try MIDIParser.parse(fixture.bytes)
            #expect(result.warnings.isEmpty, "\(fixture.name): \(result.warnings)")
        }
    }

    @Test func parsesEveryMessageKindAndRoundTripsThroughTheWriter() throws {
        let events: [MIDIEvent] = [
            .init(tick: 0, message: .meta(type: MetaType.tempo, data: [0x07, 0xA1, 0x20])),
            .init(tick: 0, message: .programChange(channel: 3, program: 81)),
            .init(tick: 0, message: .controlChange(channel: 3, controller: 7, value: 99)),
            .init(tick: 10, message: .noteOn(channel: 3, key: 60, velocity: 100)),
            .init(tick: 12, message: .polyPressure(channel: 3, key: 60, pressure: 20)),
            .init(tick: 14, message: .channelPressure(channel: 3, pressure: 30)),
            .init(tick: 16, message: .pitchBend(channel: 3, value: 12_000)),
            .init(tick: 20, message: .noteOff(channel: 3, key: 60, velocity: 10)),
            .init(tick: 20, message: .sysex(data: [0x43, 0x10, 0xF7], escape: false)),
            .init(tick: 30, message: .sysex(data: [0xF3, 0x01], escape: true)),
            .init(tick: 200_000, message: .meta(type: MetaType.text, data: Array("hi".utf8))),
        ]
        for running in [false, true] {
            let file = MIDIFile(format: 0, division: .ppq(96), tracks: [events])
            let parsed = try MIDIParser.parse(SMFWriter(runningStatus: running).write(file))
            #expect(parsed.warnings.isEmpty)
            #expect(parsed.file == file)
        }
    }

    @Test func smpteDivisionAndFormat2AreRead() throws {
        let track: [MIDIEvent] = [.init(tick: 0, message: .noteOn(channel: 0, key: 69, velocity: 90)), .init(tick: 50, message: .noteOff(channel: 0, key: 69, velocity: 0))]
        let smpte = MIDIFile(format: 0, division: .smpte(framesPerSecond: 25, ticksPerFrame: 40), tracks: [track])
        let parsed = try MIDIParser.parse(SMFWriter().write(smpte))
        #expect(parsed.file.division == .smpte(framesPerSecond: 25, ticksPerFrame: 40))
        let s = NoteStream(parsed.file)
        #expect(abs(s.notes[0].durationSeconds - 0.05) < 1e-12)  // 50 ticks at 1,000 ticks/s
        let format2 = MIDIFile(format: 2, division: .ppq(100), tracks: [track, track])
        let s2 = NoteStream(try MIDIParser.parse(SMFWriter().write(format2)).file)
        let onsets: [Double] = [0, 0.5]
        #expect(s2.notes.map(\.onsetBeats) == onsets)  // the second sequence follows the first
    }

    @Test func vlqEncodingRoundTrips() {
        for value in [0, 1, 0x7F, 0x80, 0x3FFF, 0x4000, 0x1F_FFFF, 0x20_0000, 0x0FFF_FFFF] {
            let bytes = SMFWriter.vlq(value)
            var i = 0
            #expect(MIDIParser.readVLQ(bytes[...], &i) == value)
            #expect(i == bytes.count)
        }
        var i = 0
        #expect(MIDIParser.readVLQ([0x80, 0x80, 0x80, 0x80, 0x00][...], &i) == nil, "five-byte VLQ is invalid")
    }
}
