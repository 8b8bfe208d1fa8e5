import Foundation
import GenkiFixtures
import GenkiMIDI

let midiFixtures = repositoryRoot.appendingPathComponent("fixtures/midi")

func readFixture(_ sub: String, _ name: String) throws -> [UInt8] {
    [UInt8](try Data(contentsOf: midiFixtures.appendingPathComponent(sub).appendingPathComponent(name)))
}

func stream(_ bytes: [UInt8]) throws -> NoteStream { NoteStream(try MIDIParser.parse(bytes).file) }

/// Notes without seconds (which differ in the last bits between resolutions).
func beatNotes(_ s: NoteStream) -> [[Double]] {
    s.notes.map { [$0.onsetBeats, $0.durationBeats, Double($0.pitch), Double($0.velocity), Double($0.channel), Double($0.program), $0.isDrum ? 1 : 0] }
}
