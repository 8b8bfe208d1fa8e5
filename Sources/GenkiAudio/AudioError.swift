import GenkiCore

/// Errors raised by the audio stage. Reasons never contain file paths.
public enum AudioError: Error, Equatable, Sendable, GenkiError {
    /// libsndfile could not open or recognise the stream.
    case open(String)
    /// The stream opened but its parameters are unusable (no channels, absurd rate, …).
    case invalidStream(String)
    /// Decoding failed part-way.
    case decode(String)
    /// libsamplerate reported an error.
    case resample(String)
    /// Writing an audio file failed.
    case write(String)

    public var description: String {
        switch self {
        case .open(let r): return "cannot open audio: \(r)"
        case .invalidStream(let r): return "invalid audio stream: \(r)"
        case .decode(let r): return "decode failed: \(r)"
        case .resample(let r): return "resample failed: \(r)"
        case .write(let r): return "write failed: \(r)"
        }
    }
}
