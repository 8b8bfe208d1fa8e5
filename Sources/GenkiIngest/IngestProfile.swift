import GenkiAudio

/// A target rate and converter for the resampled stream.
public enum IngestProfile: String, Sendable, CaseIterable, Codable {
    /// 44.1 kHz, what the upstream genki-dama trainer expects (best-quality sinc).
    case genki
    /// 48 kHz for CLAP-style embedders (best-quality sinc).
    case clap
    /// 11,025 Hz for fingerprints (fastest sinc).
    case fp

    /// Output sample rate in Hz.
    public var sampleRate: Int {
        switch self {
        case .genki: return 44_100
        case .clap: return 48_000
        case .fp: return 11_025
        }
    }

    /// libsamplerate converter used for this profile.
    public var quality: ResamplerQuality {
        switch self {
        case .genki, .clap: return .sincBest
        case .fp: return .sincFastest
        }
    }
}
