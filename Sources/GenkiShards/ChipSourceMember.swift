import GenkiChip
import GenkiIngest

/// `KEY.<format>` (`KEY.mod`, `KEY.xm`, `KEY.s3m`, `KEY.it`): the tracker module a sample's audio
/// was rendered from, in its metadata-free canonical form (`ChipCanonicalForm`), added by
/// `genki shard --include-source`. The member is the whole file: the sidecar's `genki.subtune`
/// says which subtune the audio plays.
///
/// Only tracker modules get a member: their text lives in fields genki blanks (title, sample
/// and instrument names and file names, the song message, edit history), and what stays is what
/// the player reads (orders, patterns, instrument parameters, sample data). The other chip
/// formats are stripped of their tags for the exact tier but never ride along: SID, NSF, NSFe,
/// GBS and SPC carry 6502, Z80 or SPC700 program code and RAM, where credits are often text only
/// the tune's author could remove, and a VGM's command stream and data blocks are kept whole.
/// Nor does a module whose layout the stripper is not certain of (the run reports both).
///
/// `verify` accepts a member only when stripping it again gives the same bytes, which a file
/// with any text left in a field the stripper knows does not.
enum ChipSourceMember {
    /// The formats that get a member; the member's extension is the format's raw value.
    static let formats: Set<ChipFormat> = [.mod, .xm, .s3m, .it]

    /// The member extensions.
    static var extensions: Set<String> { Set(formats.map(\.rawValue)) }

    /// The format a member extension stands for, or nil.
    static func format(extension ext: String) -> ChipFormat? {
        ChipFormat(rawValue: ext).flatMap { formats.contains($0) ? $0 : nil }
    }

    /// The canonical form of a chip file to add as a member, or nil when it gets none.
    static func member(_ bytes: [UInt8], format: ChipFormat) -> [UInt8]? {
        guard formats.contains(format) else { return nil }
        return (try? ChipCanonicalForm.stripped(bytes, format: format)) ?? nil
    }

    /// Whether a sharded chip item gets its source member: its format has members and its
    /// ingest found a canonical form (`chip.canonical_xxh3_128`).
    static func carries(_ record: IngestRecord) -> Bool {
        guard let container = record.format?.container, format(extension: container) != nil else { return false }
        return record.chip?.canonicalXXH3 != nil
    }

    /// Why a source member of `format` is not one genki writes, or nil when it is.
    static func problem(_ data: [UInt8], format: ChipFormat) -> AudioMemberCheck.Reason? {
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
