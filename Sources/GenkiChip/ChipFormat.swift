/// A tracker-module or chip-music format, recognised by content.
public enum ChipFormat: String, Sendable, CaseIterable, Codable {
    // Tracker modules (libopenmpt).
    case mod, xm, s3m, it, mtm, mptm, mo3, stm, med, okt, far, ult, umx, dbm, amf, psm
    case s669 = "669"
    // C64 (libsidplayfp).
    case sid
    // Chip logs and rips (libgme).
    case nsf, nsfe, vgm, vgz, gym, spc, gbs, hes, kss, ay, sap

    /// The library that renders the format.
    public var engine: ChipEngine {
        switch self {
        case .mod, .xm, .s3m, .it, .mtm, .mptm, .mo3, .stm, .med, .okt, .far, .ult, .umx, .dbm, .amf, .psm, .s669: return .openmpt
        case .sid: return .sidplayfp
        case .nsf, .nsfe, .vgm, .vgz, .gym, .spc, .gbs, .hes, .kss, .ay, .sap: return .gme
        }
    }

    /// Whether the format is a tracker module.
    public var isModule: Bool { engine == .openmpt }

    /// The name reports use (`XM`, `NSFe`, …).
    public var displayName: String {
        switch self {
        case .nsfe: return "NSFe"
        default: return rawValue.uppercased()
        }
    }

    /// The format a file's extension names (content unknown: a signature-less 15-sample MOD,
    /// a module family recognised by name only); the library then decides.
    public static func byExtension(_ ext: String) -> ChipFormat? {
        switch ext.lowercased() {
        case "psid": return .sid
        default: return ChipFormat(rawValue: ext.lowercased())
        }
    }

    /// Bytes `sniff` needs: a ProTracker MOD's signature sits at offset 1,080.
    public static let headerLength = 1_084

    /// Recognises a format from the first bytes of a file (up to `headerLength`) and, for
    /// gzip-compressed VGM only, its name.
    public static func sniff(_ h: [UInt8], fileName: String) -> ChipFormat? {
        func starts(_ s: String, at offset: Int = 0) -> Bool {
            let bytes = Array(s.utf8)
            return h.count >= offset + bytes.count && h[offset..<(offset + bytes.count)].elementsEqual(bytes)
        }
        if starts("Extended Module: ") { return .xm }
        if starts("IMPM") { return .it }
        if starts("SCRM", at: 44) { return .s3m }
        if starts("MTM"), h.count > 3, h[3] == 0x10 { return .mtm }
        if starts("PSID") || starts("RSID") { return .sid }
        if starts("NESM\u{1A}") { return .nsf }
        if starts("NSFE") { return .nsfe }
        if starts("Vgm ") { return .vgm }
        if starts("SNES-SPC700") { return .spc }
        if starts("GBS\u{01}") { return .gbs }
        if starts("HESM") { return .hes }
        if starts("KSCC") || starts("KSSX") { return .kss }
        if starts("ZXAYEMUL") { return .ay }
        if starts("SAP\r\n") { return .sap }
        if h.count >= 2, h[0] == 0x1F, h[1] == 0x8B, fileName.lowercased().hasSuffix(".vgz") { return .vgz }
        if h.count >= 1_084, isProTrackerSignature(Array(h[1_080..<1_084])) { return .mod }
        return nil
    }

    /// The 4-byte tags ProTracker-family MODs carry at offset 1,080: `M.K.`, `M!K!`, `FLT4`,
    /// `FLT8`, `4CHN`…`9CHN`, `10CH`…`32CH`, `CD81`, `OKTA`, `OCTA`.
    static func isProTrackerSignature(_ tag: [UInt8]) -> Bool {
        let s = String(decoding: tag, as: UTF8.self)
        if ["M.K.", "M!K!", "M&K!", "N.T.", "FLT4", "FLT8", "CD81", "OKTA", "OCTA"].contains(s) { return true }
        let digits = Set("0123456789".utf8)
        if tag.count == 4, digits.contains(tag[0]), s.hasSuffix("CHN") { return true }
        if tag.count == 4, digits.contains(tag[0]), digits.contains(tag[1]), s.hasSuffix("CH") || s.hasSuffix("CN") { return true }
        return false
    }
}

/// The library behind a chip format.
public enum ChipEngine: String, Sendable, Codable {
    case openmpt = "libopenmpt"
    case gme = "libgme"
    case sidplayfp = "libsidplayfp"
}
