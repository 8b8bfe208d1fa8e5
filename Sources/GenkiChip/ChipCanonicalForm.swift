/// The metadata-free canonical ("stripped") form of a chip-music file: the same bytes with every
/// text field (titles, authors, sample and instrument names, tags) blanked or removed, and
/// everything the parser does not understand (trailing data, unknown chunks) dropped. Two files
/// that differ only in metadata strip to the same bytes (so a hash of the stripped form is an
/// exact-duplicate key), and the stripped form still renders to the same PCM through
/// `ChipRenderer`.
///
/// Fields a renderer reads as playback settings stay, even where they sit among text: an SPC's
/// ID666 song length, an NSFe's playlist and track times, an XM's tracker name where libopenmpt
/// derives playback quirks from it (reduced to the tracker family).
///
/// Stripped: PSID/RSID, NSF, NSFe, GBS, VGM, VGZ, SPC, ProTracker-family MOD (31 samples,
/// tagged), XM 1.04, S3M and IT. A VGZ's canonical form is that of the VGM inside it (a plain
/// VGM, `form(of:)`), so a VGZ and its VGM share it. Every other format, and any file whose
/// layout the stripper cannot be certain of, has no canonical form (`nil`).
public enum ChipCanonicalForm {
    /// The file with every text field blanked or removed, or nil when genki cannot strip
    /// `format` (then it has no canonical form) or cannot strip this file with certainty.
    /// Throws `ChipError.open(reason)` when the bytes are malformed for the format (truncated
    /// header, offsets out of range, a VGZ that does not inflate). Never longer than `bytes`
    /// (for a VGZ, than the VGM inside it).
    public static func stripped(_ bytes: [UInt8], format: ChipFormat) throws(ChipError) -> [UInt8]? {
        let result: [UInt8]?
        switch format {
        case .sid: result = try ChipLogStripper.sid(bytes)
        case .nsf: result = try ChipLogStripper.nsf(bytes)
        case .nsfe: result = try ChipLogStripper.nsfe(bytes)
        case .gbs: result = try ChipLogStripper.gbs(bytes)
        case .vgm: result = try ChipLogStripper.vgm(bytes)
        case .vgz: return try stripped(GzipInflater.inflate(bytes), format: .vgm)
        case .spc: result = try ChipLogStripper.spc(bytes)
        case .mod: result = try ModuleStripper.mod(bytes)
        case .xm: result = try ModuleStripper.xm(bytes)
        case .s3m: result = try ModuleStripper.s3m(bytes)
        case .it: result = try ModuleStripper.it(bytes)
        case .mtm, .mptm, .mo3, .stm, .med, .okt, .far, .ult, .umx, .dbm, .amf, .psm, .s669: return nil
        case .gym, .hes, .kss, .ay, .sap: return nil
        }
        guard let result, result.count <= bytes.count else { return nil }
        return result
    }

    /// Whether genki can strip `format` at all (a file of such a format may still have no
    /// canonical form, when its layout is ambiguous).
    public static func canStrip(_ format: ChipFormat) -> Bool {
        switch format {
        case .sid, .nsf, .nsfe, .gbs, .vgm, .vgz, .spc, .mod, .xm, .s3m, .it: return true
        case .mtm, .mptm, .mo3, .stm, .med, .okt, .far, .ult, .umx, .dbm, .amf, .psm, .s669: return false
        case .gym, .hes, .kss, .ay, .sap: return false
        }
    }

    /// The format of `format`'s stripped form: a VGZ strips to a plain VGM, every other format
    /// to its own.
    public static func form(of format: ChipFormat) -> ChipFormat {
        format == .vgz ? .vgm : format
    }
}
