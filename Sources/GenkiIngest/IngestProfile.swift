import GenkiAudio

/// A target rate and converter for the resampled stream.
public enum IngestProfile: String, Sendable, CaseIterable, Codable {
    /// 44.1 kHz, what the upstream genki-dama trainer expects (libsoxr VHQ).
    case genki
    /// 48 kHz for CLAP-style embedders (libsoxr VHQ).
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

    /// The converter used for this profile: libsoxr VHQ where audio is written, libsamplerate's
    /// fastest sinc (after half-band stages) for fingerprints.
    public var quality: ResamplerQuality {
        switch self {
        case .genki, .clap: return .soxrVHQ
        case .fp: return .sincFastest
        }
    }
}
