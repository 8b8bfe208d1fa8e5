/// Music formats genki recognises but cannot decode yet. Each is skipped with a reason that
/// says what it is and what to do, never silently (issue 14): a miner whose collection is M4A or
/// tracker modules must learn why nothing was ingested.
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
    /// A tracker module (MOD, XM, S3M, IT, MPTM and relatives): the name of its family.
    case trackerModule(String)
    /// A chip-music file (SID, NSF, VGM, SPC, GBS, HES, KSS, AY, SAP): the name of its format.
    case chipMusic(String)

    /// Why it is skipped and what to do, for reports.
    public var reason: String {
        switch self {
        case .aac: return "AAC/M4A: no decoder in genki; convert to FLAC (e.g. ffmpeg -i in.m4a out.flac)"
        case .wma: return "WMA: no decoder in genki; convert to FLAC"
        case .matroska: return "Matroska/WebM audio: no decoder in genki; convert to FLAC"
        case .ape: return "Monkey's Audio (APE): no decoder in genki; convert to FLAC"
        case .wavPack: return "WavPack: no decoder in genki; convert to FLAC"
        case .trackerModule(let family):
            return "tracker module (\(family)): not supported yet; render it to WAV or FLAC (e.g. openmpt123 --render)"
        case .chipMusic(let format):
            return "chip music (\(format)): not supported yet; render it to WAV or FLAC with its player"
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
        if starts("Extended Module: ") { return .trackerModule("XM") }
        if starts("IMPM") { return .trackerModule("IT") }
        if starts("SCRM", at: 44) { return .trackerModule("S3M") }
        if starts("MTM") && h.count > 3 && h[3] == 0x10 { return .trackerModule("MTM") }
        if starts("PSID") || starts("RSID") { return .chipMusic("SID") }
        if starts("NESM\u{1A}") { return .chipMusic("NSF") }
        if starts("NSFE") { return .chipMusic("NSFe") }
        if starts("Vgm ") { return .chipMusic("VGM") }
        if starts("SNES-SPC700") { return .chipMusic("SPC") }
        if starts("GBS\u{01}") { return .chipMusic("GBS") }
        if starts("HESM") { return .chipMusic("HES") }
        if starts("KSCC") || starts("KSSX") { return .chipMusic("KSS") }
        if starts("ZXAYEMUL") { return .chipMusic("AY") }
        if starts("SAP\r\n") { return .chipMusic("SAP") }
        if h.count >= 1084 {
            let tag = String(decoding: h[1080..<1084], as: UTF8.self)
            let known = ["M.K.", "M!K!", "M&K!", "FLT4", "FLT8", "4CHN", "6CHN", "8CHN", "CD81", "OKTA", "OCTA"]
            let digits = tag.utf8.prefix(2).allSatisfy { $0 >= 0x30 && $0 <= 0x39 }
            if known.contains(tag) || (digits && (tag.hasSuffix("CH") || tag.hasSuffix("CN"))) { return .trackerModule("MOD") }
        }
        return nil
    }

    /// Recognises a format by its extension alone (content unknown, e.g. a gzip-packed VGZ or a
    /// signature-less 15-sample MOD).
    static func byExtension(_ ext: String) -> UnsupportedMedia? {
        switch ext {
        case "m4a", "m4b", "mp4", "aac", "3gp", "alac": return .aac
        case "wma": return .wma
        case "mka", "webm": return .matroska
        case "ape": return .ape
        case "wv": return .wavPack
        case "mod", "xm", "s3m", "it", "mptm", "mtm", "669", "med", "okt", "stm", "far", "ult", "umx", "dbm", "amf", "psm", "mo3":
            return .trackerModule(ext.uppercased())
        case "sid", "psid": return .chipMusic("SID")
        case "nsf": return .chipMusic("NSF")
        case "nsfe": return .chipMusic("NSFe")
        case "vgm", "vgz": return .chipMusic(ext.uppercased())
        case "spc", "gbs", "hes", "kss", "ay", "sap", "gym": return .chipMusic(ext.uppercased())
        default: return nil
        }
    }
}
