import GenkiCore

/// Why a MIDI file could not be used at all. Recoverable damage becomes a warning instead.
public enum MIDIError: Error, Equatable, Sendable, GenkiError {
    /// No `MThd` header (nor an RMID wrapper around one).
    case notMIDI(String)
    /// The header is present but unusable (too short, division 0, …).
    case invalidHeader(String)
    /// The file holds no track chunks.
    case noTracks
    /// Rendering was refused (e.g. longer than the configured limit).
    case render(String)
    /// Writing failed.
    case write(String)

    public var description: String {
        switch self {
        case .notMIDI(let r): return "not a Standard MIDI File: \(r)"
        case .invalidHeader(let r): return "invalid MIDI header: \(r)"
        case .noTracks: return "no track chunks (0 tracks)"
        case .render(let r): return "render failed: \(r)"
        case .write(let r): return "write failed: \(r)"
        }
    }
}
