import GenkiChip
import GenkiIngest

/// `KEY.<format>` (`KEY.mod`, `KEY.xm`, `KEY.s3m`, `KEY.it`, `KEY.vgm`): the chip file a sample's
/// audio was rendered from, in its metadata-free canonical form (`ChipCanonicalForm`), added by
/// `genki shard --include-source`. The member is the whole file: the sidecar's `genki.subtune`
/// says which subtune the audio plays.
///
/// Only formats whose every text field genki can blank have a member: tracker modules (title,
/// names, message) and VGM (the GD3 tag; the rest is register writes). SID, NSF, NSFe, GBS and
/// SPC are stripped of their tag fields for the exact tier, but they carry 6502, Z80 or SPC700
/// program code and RAM, where credits and greetings are often written as text that only the
/// tune's author could remove: they never get a member. Nor does a file whose layout the
/// stripper is not certain of (the run reports both).
///
/// `verify` accepts a member only when stripping it again gives the same bytes, which a file
/// with any text left in a field it knows does not.
enum ChipSourceMember {
    /// The formats with a canonical form, by member extension.
    static let formats: [String: ChipFormat] = [
        ChipFormat.mod.rawValue: .mod, ChipFormat.xm.rawValue: .xm, ChipFormat.s3m.rawValue: .s3m, ChipFormat.it.rawValue: .it,
        ChipFormat.vgm.rawValue: .vgm,
    ]

    /// The member extensions.
    static var extensions: Set<String> { Set(formats.keys) }

    /// The canonical form of a chip file to add as a member, or nil when it has none.
    static func member(_ bytes: [UInt8], format: ChipFormat) -> (ext: String, data: [UInt8])? {
        guard formats[format.rawValue] == format, let stripped = try? ChipCanonicalForm.stripped(bytes, format: format) else { return nil }
        return (format.rawValue, stripped)
    }

    /// Whether a sharded chip item gets its source member: its format has members and its
    /// ingest found a canonical form (`chip.canonical_xxh3_128`).
    static func carries(_ record: IngestRecord) -> Bool {
        guard let container = record.format?.container, formats[container] != nil else { return false }
        return record.chip?.canonicalXXH3 != nil
    }

    /// Why a `KEY.<ext>` source member is not one genki writes, or nil when it is.
    static func problem(_ data: [UInt8], ext: String) -> AudioMemberCheck.Reason? {
        guard let format = formats[ext] else { return AudioMemberCheck.Reason("is not a chip format genki strips") }
        let again: [UInt8]?
        do { again = try ChipCanonicalForm.stripped(data, format: format) } catch {
            return AudioMemberCheck.Reason("is not a readable \(format.displayName) file (\(error.description))")
        }
        guard let again else { return AudioMemberCheck.Reason("is a \(format.displayName) file genki has no metadata-free form of") }
        guard again == data else {
            return AudioMemberCheck.Reason("is not in metadata-free canonical form (stripping it changes it: a text field or unknown data is left)")
        }
        return nil
    }
}
