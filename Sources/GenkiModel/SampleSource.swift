/// Where a shard sample's audio came from. The raw values are the sidecar's `genki.source` field.
public enum SampleSource: String, Codable, Sendable, CaseIterable {
    /// Decoded from an audio file.
    case audio
    /// A MIDI file rendered by genki's built-in chiptune synth.
    case midiRender = "midi-render"
    /// A MIDI file carried as canonical MIDI only (no audio member).
    case midi
}
