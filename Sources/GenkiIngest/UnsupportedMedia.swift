/// Music formats genki recognises but cannot decode yet. Each is skipped with a reason that
/// says what it is and what to do, never silently (issue 14): a miner whose collection is M4A or
/// WMA must learn why nothing was ingested.
public enum UnsupportedMedia: Equatable, Sendable {
    /// AAC in MP4/M4A/3GP (`ftyp`), or a raw ADTS stream.
    case aac
    /// Windows Media Audio (ASF container).
    case wma
    /// Matroska / WebM audio.
    case matroska
    /// Monkey's Audio.
    case ape
    /// WavPack.
    case wavPack
    /// Chip trackers' own song formats that no Debian library renders: AHX and HivelyTracker
    /// (`THX`, `HVL`), Klystrack (`cyd!song`), BambooTracker (`BambooTrackerMod`).
    case chipTracker(ChipTrackerSong)

    /// A chip tracker's song format (`chipTracker`).
    public enum ChipTrackerSong: String, Equatable, Sendable {
        case ahx = "AHX"
        case hively = "HivelyTracker"
        case klystrack = "Klystrack"
        case bambooTracker = "BambooTracker"
    }

    /// Why it is skipped and what to do, for reports.
    public var reason: String {
        switch self {
        case .aac: return "AAC/M4A: no decoder in genki; convert to FLAC (e.g. ffmpeg -i in.m4a out.flac)"
        case .wma: return "WMA: no decoder in genki; convert to FLAC"
        case .matroska: return "Matroska/WebM audio: no decoder in genki; convert to FLAC"
        case .ape: return "Monkey's Audio (APE): no decoder in genki; convert to FLAC"
        case .wavPack: return "WavPack: no decoder in genki; convert to FLAC"
        case .chipTracker(let song): return "\(song.rawValue) song: no library genki uses renders it; export it to WAV or FLAC from its tracker"
        }
    }

    /// Recognises a format by its first bytes (`header` holds up to `ContentSniffer.headerLength`).
    static func sniff(_ h: [UInt8]) -> UnsupportedMedia? {
        func starts(_ s: String, at offset: Int = 0) -> Bool {
            let bytes = Array(s.utf8)
            return h.count >= offset + bytes.count && h[offset..<(offset + bytes.count)].elementsEqual(bytes)
        }
        if starts("ftyp", at: 4) { return .aac }
        if h.count >= 2, h[0] == 0xFF, h[1] & 0xF6 == 0xF0 { return .aac }  // ADTS sync, layer 0
        if h.starts(with: [0x30, 0x26, 0xB2, 0x75, 0x8E, 0x66, 0xCF, 0x11]) { return .wma }
        if h.starts(with: [0x1A, 0x45, 0xDF, 0xA3]) { return .matroska }
        if starts("MAC ") { return .ape }
        if starts("wvpk") { return .wavPack }
        if h.count >= 4, starts("THX"), h[3] < 2 { return .chipTracker(.ahx) }
        if h.count >= 4, starts("HVL"), h[3] < 2 { return .chipTracker(.hively) }
        if starts("cyd!song") { return .chipTracker(.klystrack) }
        if starts("BambooTrackerMod") { return .chipTracker(.bambooTracker) }
        return nil
    }

    /// Recognises a format by its extension alone (content unknown).
    static func byExtension(_ ext: String) -> UnsupportedMedia? {
        switch ext {
        case "m4a", "m4b", "mp4", "aac", "3gp", "alac": return .aac
        case "wma": return .wma
        case "mka", "webm": return .matroska
        case "ape": return .ape
        case "wv": return .wavPack
        case "ahx", "thx": return .chipTracker(.ahx)
        case "hvl": return .chipTracker(.hively)
        case "kt": return .chipTracker(.klystrack)
        case "btm": return .chipTracker(.bambooTracker)
        default: return nil
        }
    }
}
