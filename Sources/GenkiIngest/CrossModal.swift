import Foundation
import GenkiAudio
import GenkiFingerprint
import GenkiMIDI
import GenkiModel
import GenkiSynth

/// Cross-modal matching: a MIDI file is rendered with the built-in chiptune voices straight at
/// the fingerprint rate, and the render's chroma fingerprint is compared with audio files. Chroma
/// follows pitch content rather than timbre, so a recording of the same music made with another
/// synth still matches.
public enum CrossModal {
    /// Renders longer than this are not fingerprinted.
    public static let maxSeconds = 900.0

    /// The chroma fingerprint of a MIDI file's render, or nil when it cannot be parsed, has no
    /// pitched notes, or is too long.
    public static func renderFingerprint(midi bytes: [UInt8]) -> AudioFingerprint? {
        guard let parsed = try? MIDIParser.parse(bytes) else { return nil }
        return renderFingerprint(NoteStream(parsed.file))
    }

    /// The chroma fingerprint of a parsed note stream's render (ingest reuses the stream it
    /// already parsed), or nil when it has no pitched notes or is too long.
    public static func renderFingerprint(_ stream: NoteStream) -> AudioFingerprint? {
        guard stream.notes.contains(where: { !$0.isDrum }) else { return nil }
        let renderer = ChiptuneRenderer(sampleRate: IngestProfile.fp.sampleRate, maxSeconds: maxSeconds)
        guard let samples = try? renderer.render(stream) else { return nil }
        return try? AudioFingerprinter.fingerprint(mono: samples, sampleRate: IngestProfile.fp.sampleRate)
    }
}
