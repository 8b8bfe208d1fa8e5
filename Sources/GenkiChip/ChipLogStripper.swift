/// Strips the text fields of chip logs and rips (PSID/RSID, NSF, NSFe, GBS, VGM, SPC): see
/// `ChipCanonicalForm`. Each function returns the stripped bytes, nil when the file cannot be
/// stripped with certainty, or throws `ChipError.open` when the bytes are malformed.
enum ChipLogStripper {
    // MARK: PSID / RSID

    /// Blanks name, author and released (32 bytes each from 0x16); keeps the header and the C64
    /// payload. A PSID flagged as a Compute! Sidplayer (MUS) tune carries its song text inside the
    /// payload: no canonical form.
    static func sid(_ input: [UInt8]) throws(ChipError) -> [UInt8]? {
        var f = ChipBytes(input)
        let rsid = f.matches("RSID", at: 0)
        guard rsid || f.matches("PSID", at: 0) else { throw .open("not a PSID/RSID file") }
        guard let version = f.be16(4), let dataOffset = f.be16(6), let load = f.be16(8) else { throw .open("truncated SID header") }
        guard (1...4).contains(version), dataOffset == (version == 1 ? 0x76 : 0x7C) else { throw .open("unexpected SID header version or size") }
        guard f.count > dataOffset else { throw .open("no C64 data") }
        var start = load
        var payload = f.count - dataOffset
        if load == 0 {
            guard let embedded = f.le16(dataOffset), payload > 2 else { throw .open("no load address") }
            start = embedded
            payload -= 2
        }
        guard start + payload <= 0x1_0000 else { throw .open("the C64 data runs past the 64 KB address space") }
        if version >= 2, !rsid, let flags = f.be16(0x76), flags & 1 != 0 { return nil }
        f.fill(0x16, 3 * 32)
        return f.bytes
    }

    // MARK: NSF

    /// Blanks title, artist and copyright (32 bytes each from 0x0E). An NSF2 file with a metadata
    /// region (program length at 0x7D) keeps only its program data; the region is dropped and the
    /// length cleared (0: the program runs to the end of the file), unless the header marks the
    /// metadata as required for playback (no canonical form).
    static func nsf(_ input: [UInt8]) throws(ChipError) -> [UInt8]? {
        var f = ChipBytes(input)
        guard f.matches("NESM\u{1A}", at: 0) else { throw .open("not an NSF file") }
        let header = 0x80
        guard f.count > header, let version = f.u8(5) else { throw .open("truncated NSF header") }
        f.fill(0x0E, 3 * 32)
        if version >= 2 {
            let flags = f.u8(0x7C) ?? 0
            let program = f.le24(0x7D) ?? 0
            if program != 0 {
                if flags & 0x80 != 0 { return nil }
                guard program <= f.count - header else { throw .open("the NSF2 program length runs past the end") }
                f.truncate(to: header + program)
                f.setLE(0, at: 0x7D, width: 3)
            }
        } else {
            f.fill(0x7C, 4)  // reserved in NSF 1
        }
        return f.bytes
    }

    // MARK: NSFe

    /// NSFe chunks that carry no text and that playback may read.
    static let nsfeKept: Set<String> = ["INFO", "DATA", "BANK", "RATE", "NSF2", "VRC7", "time", "fade", "regn", "plst"]
    /// NSFe chunks that carry text (or only presentation) and are dropped.
    static let nsfeDropped: Set<String> = ["auth", "tlbl", "taut", "text", "psfx", "mixe"]

    /// Keeps the chunks playback reads (`nsfeKept`, in file order), drops text and unknown
    /// optional (lowercase) chunks, ends with an empty NEND and drops anything after it. The
    /// playlist (`plst`) stays: libgme maps subtunes through it. An unknown required (uppercase)
    /// chunk leaves the file without a canonical form.
    static func nsfe(_ input: [UInt8]) throws(ChipError) -> [UInt8]? {
        let f = ChipBytes(input)
        guard f.matches("NSFE", at: 0) else { throw .open("not an NSFe file") }
        var out = Array("NSFE".utf8)
        var p = 4
        while true {
            guard let size = f.le32(p), f.has(p + 4, 4) else { throw .open("no NEND chunk") }
            let tag = f.bytes[(p + 4)..<(p + 8)]
            guard f.has(p + 8, size) else { throw .open("an NSFe chunk runs past the end") }
            let fourCC = String(decoding: tag, as: UTF8.self)
            if fourCC == "NEND" {
                out += [0, 0, 0, 0] + Array(tag)
                return out
            }
            if nsfeKept.contains(fourCC) {
                out += f.bytes[p..<(p + 8 + size)]
            } else if !nsfeDropped.contains(fourCC), let first = tag.first, (0x41...0x5A).contains(first) {
                return nil  // an unknown chunk the spec marks as required
            }
            p += 8 + size
        }
    }

    // MARK: GBS

    /// Blanks title, author and copyright (32 bytes each from 0x10).
    static func gbs(_ input: [UInt8]) throws(ChipError) -> [UInt8]? {
        var f = ChipBytes(input)
        guard f.matches("GBS\u{01}", at: 0) else { throw .open("not a GBS file") }
        guard f.count > 0x70 else { throw .open("truncated GBS header") }
        f.fill(0x10, 3 * 32)
        return f.bytes
    }

    // MARK: VGM

    /// Drops the bytes after the end-of-data offset, then removes the GD3 tag: its offset is
    /// cleared, and the tag is cut off when it ends the file (the end-of-data offset follows) or
    /// zero-filled where it sits.
    static func vgm(_ input: [UInt8]) throws(ChipError) -> [UInt8]? {
        var f = ChipBytes(input)
        guard f.matches("Vgm ", at: 0) else { throw .open("not a VGM file") }
        let header = 0x40
        guard f.count > header, let eofField = f.le32(0x04), let gd3Field = f.le32(0x14) else { throw .open("truncated VGM header") }
        let end = eofField + 0x04
        guard end > header, end <= f.count else { throw .open("the VGM end-of-data offset is out of range") }
        f.truncate(to: end)
        guard gd3Field != 0 else { return f.bytes }
        let start = gd3Field + 0x14
        guard start >= header, f.matches("Gd3 ", at: start), let length = f.le32(start + 8), f.has(start + 12, length) else {
            throw .open("the GD3 offset does not point at a GD3 tag")
        }
        f.setLE(0, at: 0x14, width: 4)
        if start + 12 + length == f.count {
            f.truncate(to: start)
            f.setLE(start - 0x04, at: 0x04, width: 4)
        } else {
            f.fill(start, 12 + length)
        }
        return f.bytes
    }

    // MARK: SPC

    /// The SPC layout: ID666 tag, the ID666 song length (which libgme plays), the unused block
    /// after the DSP registers, and the end of the snapshot (the xid6 tag follows).
    static let id666 = 0x2E..<0x100
    static let songLength = 0xA9..<0xAC
    static let author = 0xB0
    static let unused = 0x1_0180..<0x1_01C0
    static let snapshotEnd = 0x1_0200

    /// Zero-fills the ID666 tag (0x2E..<0x100) and the reserved header bytes, keeping only the
    /// song length (libgme plays a track for it); marks the tag absent (0x23 = 27) when no length
    /// is left; zero-fills the unused block after the DSP registers and drops everything after
    /// 0x10200 (the xid6 tag). Registers, RAM, DSP registers and the IPL-area RAM stay.
    static func spc(_ input: [UInt8]) throws(ChipError) -> [UInt8]? {
        var f = ChipBytes(input)
        guard f.matches("SNES-SPC700 Sound File Data", at: 0) else { throw .open("not an SPC file") }
        guard f.count >= unused.lowerBound else { throw .open("truncated SPC snapshot") }
        var length = Array(f.bytes[songLength])
        // libgme ignores a one-digit text length unless the author field starts at its second
        // byte; once the author is blanked that reading is lost, so keep the digit as binary.
        let digit: (UInt8) -> Bool = { (0x30...0x39).contains($0) }
        if digit(length[0]), !digit(length[1]), f.bytes[author] == 0, f.bytes[author + 1] != 0 {
            length = [length[0] - 0x30, 0, 0]
        }
        f.fill(id666.lowerBound, id666.count)
        f.fill(0x2C, 2)
        for (k, byte) in length.enumerated() { f.bytes[songLength.lowerBound + k] = byte }
        f.bytes[0x23] = length.allSatisfy { $0 == 0 } ? 27 : 26
        f.fill(unused.lowerBound, unused.count)
        f.truncate(to: snapshotEnd)
        return f.bytes
    }
}
