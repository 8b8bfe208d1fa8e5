import Foundation
import GenkiAudio
import GenkiFixtures
import GenkiMIDI
import GenkiSynth
import Testing

func singleNote(pitch: UInt8, program: UInt8 = 80, channel: UInt8 = 0, seconds: Double = 1) -> NoteStream {
    let ppq = 480
    let ticks = Int(seconds * 2 * Double(ppq))  // 120 BPM
    let events: [MIDIEvent] = [
        .init(tick: 0, message: .programChange(channel: channel, program: program)),
        .init(tick: 0, message: .noteOn(channel: channel, key: pitch, velocity: 127)),
        .init(tick: ticks, message: .noteOff(channel: channel, key: pitch, velocity: 0)),
    ]
    return NoteStream(MIDIFile(format: 0, division: .ppq(ppq), tracks: [events]))
}

@Suite struct ChiptuneRendererTests {
    @Test(arguments: [UInt8(0), 8, 16])
    func a4RendersAt440Hz(program: UInt8) throws {
        let renderer = ChiptuneRenderer(sampleRate: 44_100)
        let samples = try renderer.render(singleNote(pitch: 69, program: program))
        let f = FrequencyEstimate.zeroCrossings(samples[4_410..<40_000], sampleRate: 44_100)
        #expect(abs(f - 440) / 440 < 0.005, "\(f) Hz")
    }

    @Test func bassUsesTheTriangleAndKeepsPitch() throws {
        let note = singleNote(pitch: 45, program: 33).notes[0]
        #expect(ChiptuneRenderer.wave(for: note) == .triangle)
        let samples = try ChiptuneRenderer(sampleRate: 44_100).render(singleNote(pitch: 45, program: 33))
        let f = FrequencyEstimate.zeroCrossings(samples[4_410..<40_000], sampleRate: 44_100)
        #expect(abs(f - 110) / 110 < 0.005, "\(f) Hz")
    }

    @Test func dutyFollowsTheProgramFamily() {
        let duties = (0..<3).map { family in
            ChiptuneRenderer.wave(for: singleNote(pitch: 72, program: UInt8(family * 8)).notes[0])
        }
        #expect(duties == ChiptuneRenderer.duties.map { .pulse(duty: $0) })
        // 25 % duty: the wave is high a quarter of each period.
        let samples = try? ChiptuneRenderer(sampleRate: 48_000).render(singleNote(pitch: 69, program: 8))
        let body = samples?[4_800..<40_000] ?? []
        let high = Double(body.filter { $0 > 0 }.count) / Double(body.count)
        #expect(abs(high - 0.25) < 0.01)
    }

    @Test func drumsAreNoiseAndNotSilent() throws {
        let drum = singleNote(pitch: 38, channel: 9, seconds: 0.3)
        #expect(ChiptuneRenderer.wave(for: drum.notes[0]) == .noise(short: false))
        let samples = try ChiptuneRenderer().render(drum)
        let energy = samples.reduce(0) { $0 + $1 * $1 }
        #expect(energy > 1)
    }

    @Test func renderingIsDeterministicAndBounded() throws {
        let s = try stream(MIDIFixtures.good[0].bytes)
        let renderer = ChiptuneRenderer(sampleRate: 22_050, voices: 6)
        let a = try renderer.render(s)
        let b = try renderer.render(s)
        #expect(a == b)
        #expect(a.count == Int((s.notes.map { $0.onsetSeconds + $0.durationSeconds }.max()! + 0.25) * 22_050))
        #expect(a.allSatisfy { $0.isFinite && abs($0) <= 1.5 })
        #expect(a.contains { abs($0) > 0.05 })
    }

    @Test func refusesRendersOverTheLimit() {
        let far: [MIDIEvent] = [
            .init(tick: 0, message: .noteOn(channel: 0, key: 60, velocity: 100)),
            .init(tick: 0x0FFF_FFFF, message: .noteOff(channel: 0, key: 60, velocity: 0)),
        ]
        let s = NoteStream(MIDIFile(format: 0, division: .ppq(24), tracks: [far]))
        #expect(throws: MIDIError.self) { try ChiptuneRenderer(maxSeconds: 600).render(s) }
    }

    @Test func writesAWavThatDecodesBack() throws {
        let dir = try makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let path = dir.appendingPathComponent("a4.wav").path
        let renderer = ChiptuneRenderer(sampleRate: 32_000)
        try renderer.write(singleNote(pitch: 69), to: path)
        let decoder = try AudioDecoder(path: path)
        #expect(decoder.info.sampleRate == 32_000)
        #expect(decoder.info.channels == 1)
        #expect(decoder.info.declaredFrames == Int64(Double(32_000) * 1.25))
    }
}

func stream(_ bytes: [UInt8]) throws -> NoteStream { NoteStream(try MIDIParser.parse(bytes).file) }
