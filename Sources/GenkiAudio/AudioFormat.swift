import CSndFile

/// Human-readable names for libsndfile container (major) and codec (subtype) formats.
public enum AudioFormatNames {
    /// Short lowercase container name, e.g. `wav`, `flac`, `ogg`, `mp3`.
    public static func container(_ format: Int32) -> String {
        switch format & Int32(SF_FORMAT_TYPEMASK) {
        case Int32(SF_FORMAT_WAV): return "wav"
        case Int32(SF_FORMAT_WAVEX): return "wavex"
        case Int32(SF_FORMAT_RF64): return "rf64"
        case Int32(SF_FORMAT_W64): return "w64"
        case Int32(SF_FORMAT_AIFF): return "aiff"
        case Int32(SF_FORMAT_AU): return "au"
        case Int32(SF_FORMAT_FLAC): return "flac"
        case Int32(SF_FORMAT_OGG): return "ogg"
        case Int32(SF_FORMAT_MPEG): return "mp3"
        case Int32(SF_FORMAT_CAF): return "caf"
        case Int32(SF_FORMAT_RAW): return "raw"
        default: return "other"
        }
    }

    /// Short lowercase codec name, e.g. `pcm_16`, `float`, `vorbis`, `opus`, `mp3`.
    public static func codec(_ format: Int32) -> String {
        switch format & Int32(SF_FORMAT_SUBMASK) {
        case Int32(SF_FORMAT_PCM_S8): return "pcm_s8"
        case Int32(SF_FORMAT_PCM_U8): return "pcm_u8"
        case Int32(SF_FORMAT_PCM_16): return "pcm_16"
        case Int32(SF_FORMAT_PCM_24): return "pcm_24"
        case Int32(SF_FORMAT_PCM_32): return "pcm_32"
        case Int32(SF_FORMAT_FLOAT): return "float"
        case Int32(SF_FORMAT_DOUBLE): return "double"
        case Int32(SF_FORMAT_ULAW): return "ulaw"
        case Int32(SF_FORMAT_ALAW): return "alaw"
        case Int32(SF_FORMAT_IMA_ADPCM): return "ima_adpcm"
        case Int32(SF_FORMAT_MS_ADPCM): return "ms_adpcm"
        case Int32(SF_FORMAT_VORBIS): return "vorbis"
        case Int32(SF_FORMAT_OPUS): return "opus"
        case Int32(SF_FORMAT_MPEG_LAYER_I): return "mp1"
        case Int32(SF_FORMAT_MPEG_LAYER_II): return "mp2"
        case Int32(SF_FORMAT_MPEG_LAYER_III): return "mp3"
        default: return "other"
        }
    }

    /// Codec names (as `codec(_:)` gives them) that store samples exactly: PCM and float, in any
    /// container (FLAC reports its PCM depth).
    public static let exactCodecNames: Set<String> = ["pcm_s8", "pcm_u8", "pcm_16", "pcm_24", "pcm_32", "float", "double"]

    /// True for 16-bit PCM (WAV, AIFF, FLAC …): samples read exactly as `Int16`.
    public static func is16BitPCM(_ format: Int32) -> Bool {
        format & Int32(SF_FORMAT_SUBMASK) == Int32(SF_FORMAT_PCM_16)
    }

    /// True for integer PCM codecs: their decoded floats are always finite.
    public static func isIntegerPCM(_ format: Int32) -> Bool {
        switch format & Int32(SF_FORMAT_SUBMASK) {
        case Int32(SF_FORMAT_PCM_S8), Int32(SF_FORMAT_PCM_U8), Int32(SF_FORMAT_PCM_16), Int32(SF_FORMAT_PCM_24), Int32(SF_FORMAT_PCM_32):
            return true
        default:
            return false
        }
    }

    /// True when the codec is lossless PCM-like (so decoded samples equal the written ones).
    public static func isLossless(_ format: Int32) -> Bool {
        switch format & Int32(SF_FORMAT_SUBMASK) {
        case Int32(SF_FORMAT_VORBIS), Int32(SF_FORMAT_OPUS), Int32(SF_FORMAT_MPEG_LAYER_I),
            Int32(SF_FORMAT_MPEG_LAYER_II), Int32(SF_FORMAT_MPEG_LAYER_III),
            Int32(SF_FORMAT_ULAW), Int32(SF_FORMAT_ALAW), Int32(SF_FORMAT_IMA_ADPCM),
            Int32(SF_FORMAT_MS_ADPCM):
            return false
        default:
            return true
        }
    }
}

/// The output encodings genki writes (fixtures, shards, renders).
public enum AudioFileFormat: String, CaseIterable, Sendable {
    case wavPCM16 = "wav-pcm16"
    case wavPCM24 = "wav-pcm24"
    case wavFloat = "wav-float"
    case flac16 = "flac-16"
    case flac24 = "flac-24"
    case oggVorbis = "ogg-vorbis"
    case oggOpus = "ogg-opus"
    case mp3 = "mp3"

    /// The libsndfile format word.
    public var sndfileFormat: Int32 {
        switch self {
        case .wavPCM16: return Int32(SF_FORMAT_WAV | SF_FORMAT_PCM_16)
        case .wavPCM24: return Int32(SF_FORMAT_WAV | SF_FORMAT_PCM_24)
        case .wavFloat: return Int32(SF_FORMAT_WAV | SF_FORMAT_FLOAT)
        case .flac16: return Int32(SF_FORMAT_FLAC | SF_FORMAT_PCM_16)
        case .flac24: return Int32(SF_FORMAT_FLAC | SF_FORMAT_PCM_24)
        case .oggVorbis: return Int32(SF_FORMAT_OGG | SF_FORMAT_VORBIS)
        case .oggOpus: return Int32(SF_FORMAT_OGG | SF_FORMAT_OPUS)
        case .mp3: return Int32(SF_FORMAT_MPEG | SF_FORMAT_MPEG_LAYER_III)
        }
    }

    /// Conventional file extension.
    public var fileExtension: String {
        switch self {
        case .wavPCM16, .wavPCM24, .wavFloat: return "wav"
        case .flac16, .flac24: return "flac"
        case .oggVorbis: return "ogg"
        case .oggOpus: return "opus"
        case .mp3: return "mp3"
        }
    }

    /// Whether this libsndfile build can write the format at the given rate and channel count.
    public func isWritable(sampleRate: Int, channels: Int) -> Bool {
        var info = SF_INFO()
        info.samplerate = Int32(sampleRate)
        info.channels = Int32(channels)
        info.format = sndfileFormat
        return sf_format_check(&info) != 0
    }
}
