/// Strips Impulse Tracker modules (IT): see `ChipCanonicalForm`. The walk follows what libopenmpt
/// reads, in its order: the 192-byte header, orders and parapointers, the edit history, the MIDI
/// configuration, OpenMPT's pattern and channel names and plugin chunks, the song message, the
/// instruments, the samples and their data (IT 2.14/2.15 compressed data is walked block by
/// block), the patterns, then OpenMPT's instrument (`XTPM`) and song (`STPM`) extensions, which it
/// looks for right after the last sample or pattern.
extension ModuleStripper {
    /// Blanks the song name, the song message (its length becomes 0: the player then skips it,
    /// while its offset, which bounds the edit history and plugin area, stays), the edit history
    /// entries, the names in `PNAM` and `CNAM` (their lengths stay: the channel count depends on
    /// them), each instrument's and sample's DOS filename and name, and the instrument names and
    /// filenames and the author in OpenMPT's extensions. Keeps everything else the player reads,
    /// zeroes the rest and cuts the file after the last referenced byte. Plugin chunks (their
    /// names are text), unknown extension fields, OpenMPT 1.17's MPTM-in-IT files, external or
    /// OPL samples and parapointers outside the file leave the file without a canonical form.
    static func it(_ input: [UInt8]) throws(ChipError) -> [UInt8]? {
        let f = ChipBytes(input)
        guard f.matches("IMPM", at: 0) else { throw .open("not an IT file") }
        guard f.count >= 192, let orders = f.le16(32), let instruments = f.le16(34), let samples = f.le16(36),
            let patterns = f.le16(38), let cwtv = f.le16(40), let cmwt = f.le16(42), let flags = f.le16(44),
            let special = f.le16(46), let messageLength = f.le16(54), let messageOffset = f.le32(56),
            let reserved = f.le32(60), let highlights = f.le16(30), let pwd = f.u8(53)
        else { throw .open("truncated IT header") }
        guard instruments <= 255, samples < 4_000 else { throw .open("bad IT instrument or sample count") }
        let tables = 192 + orders
        var p = tables + 4 * (instruments + samples + patterns)
        guard p <= f.count else { throw .open("truncated IT order list or parapointers") }
        if cwtv > 0x888, cwtv <= 0xFFF { return nil }  // OpenMPT 1.17: the player looks for MPTM data at the file's end
        let instrumentAt = (0..<instruments).map { f.le32(tables + 4 * $0) ?? 0 }
        let sampleAt = (0..<samples).map { f.le32(tables + 4 * (instruments + $0)) ?? 0 }
        let patternAt = (0..<patterns).map { f.le32(tables + 4 * (instruments + samples + $0)) ?? 0 }
        var first = (instrumentAt + sampleAt + patternAt).filter { $0 > 0 }.min() ?? 0xFFFF_FFFF
        if special & 1 != 0 { first = min(first, messageOffset) }
        var layout = ModuleLayout(count: f.count)
        layout.keep(0, 4)
        layout.blank(4, 26)  // song name
        layout.keep(30, p - 30)
        // UNMO3's reserved instrument parapointers and edit-history length.
        let unmo3 = cmwt == 0x214 && (cwtv == 0x214 || cwtv == 0) && highlights == 0 && pwd == 0 && reserved == 0 && flags & 0xC0 == 0
        if unmo3, instruments == 0, samples > 0, p + 4 * samples + 2 <= first {
            guard f.has(p, 4 * samples) else { return nil }
            layout.keep(p, 4 * samples)
            if (0..<samples).allSatisfy({ f.le32(p + 4 * $0) == 0 }) { p += 4 * samples }
        }
        if special & 2 != 0 {
            guard let entries = f.le16(p) else { return nil }
            layout.keep(p, 2)
            if f.has(p + 2, 8 * entries), p + 2 + 8 * entries <= first {
                layout.blank(p + 2, 8 * entries)  // edit history: dates and times
                p += 2 + 8 * entries
                layout.reach(p)
            }
        } else if unmo3, special <= 1 {
            guard let value = f.le16(p) else { return nil }
            layout.keep(p, 2)
            if value == 0 { p += 2 }
        }
        if flags & 0x80 != 0 || special & 8 != 0 {
            guard f.has(p, 4_896) else { return nil }
            layout.keep(p, 4_896)  // MIDI macros: playback data
            p += 4_896
        }
        for id in ["PNAM", "CNAM"] {
            guard f.matches(id, at: p) else { continue }
            guard let length = f.le32(p + 4), f.has(p + 8, length) else { return nil }
            layout.keep(p, 8)
            layout.blank(p + 8, length)
            p += 8 + length
            layout.reach(p)
        }
        guard itPluginArea(f, from: p, to: first >= p ? min(first, f.count) : f.count, layout: &layout) else { return nil }
        if special & 1 != 0, messageLength > 0 { layout.blank(messageOffset, messageLength) }
        // Instruments (read in instrument mode only): the old and new headers both hold the DOS
        // filename at +4 and the name at +32.
        var allocated = 0
        if flags & 4 != 0 {
            for at in instrumentAt.prefix(255) where at > 0 {
                guard f.has(at, 554) else { return nil }
                allocated += 1
                var size = 554
                if cmwt >= 0x200 {
                    if !f.matches("IMPI", at: at) {
                        size = 0
                    } else if f.matches("MPTX", at: at + 550) || f.matches("XTPM", at: at + 550) {
                        size = 674  // OpenMPT's extended sample map
                        guard f.has(at, size) else { return nil }
                    }
                    if f.matches("MSNI", at: at + size) {
                        guard let length = f.le32(at + size + 4), f.has(at + size + 8, length) else { return nil }
                        size += 8 + length
                    }
                }
                layout.keep(at, 4)
                layout.blank(at + 4, 13)
                layout.keep(at + 17, 15)
                layout.blank(at + 32, 26)
                layout.keep(at + 58, max(size, 554) - 58)
            }
        }
        // Samples: header (filename at +4, name at +20), then data where the header points.
        var lastOffset = samples > 0 ? sampleAt[samples - 1] + 80 : 0
        for at in sampleAt where at > 0 {
            guard f.has(at, 80), let sampleFlags = f.u8(at + 18), let convert = f.u8(at + 46), let length = f.le32(at + 48),
                let data = f.le32(at + 72)
            else { return nil }
            layout.keep(at, 4)
            layout.blank(at + 4, 13)
            layout.keep(at + 17, 3)
            layout.blank(at + 20, 26)
            layout.keep(at + 46, 34)
            guard f.matches("IMPS", at: at) else { continue }  // the player reads nothing more
            if convert == 0x40 || convert == 0x80 { return nil }  // OPL or external sample (MPTM)
            guard data <= f.count else {
                if length > 0 { return nil }
                continue
            }
            layout.reach(data)
            guard let size = itSampleSize(f, at: data, length: length, flags: sampleFlags, convert: convert, cwtv: cwtv, layout: &layout)
            else { return nil }
            layout.keep(data, size)
            lastOffset = max(lastOffset, data + size)
        }
        // Patterns (the first 240): length, rows, 4 reserved bytes, packed data.
        for at in patternAt.prefix(240) where at > 0 {
            guard let length = f.le16(at), let rows = f.le16(at + 2), f.has(at, 8) else { return nil }
            layout.keep(at, 8)
            guard (1...1_024).contains(rows) else { continue }
            let end = min(at + 8 + length, f.count)
            layout.keep(at + 8, end - at - 8)
            lastOffset = max(lastOffset, end)
        }
        guard lastOffset > 0, lastOffset <= f.count else { return nil }
        guard itExtensions(f, at: lastOffset, instruments: allocated, layout: &layout) else { return nil }
        guard var out = layout.apply(to: input) else { return nil }
        if special & 1 != 0, out.count >= 56 { out.replaceSubrange(54..<56, with: [0, 0]) }  // message length
        return out
    }

    /// The plugin area between the names and the first parapointer: libopenmpt reads chunks
    /// there until one it takes for a structure or one that does not fit. Channel-plugin
    /// assignments (`CHFX`, numbers) are kept; chunks it skips keep their ID and size (the walk
    /// depends on them) and lose their contents; plugin data (`FXnn`, `Fnnn`, with plugin names)
    /// makes the file unstrippable (false).
    static func itPluginArea(_ f: ChipBytes, from start: Int, to end: Int, layout: inout ModuleLayout) -> Bool {
        var p = start
        while end - p >= 9 {
            guard layout.spend(1), let size = f.le32(p + 4) else { return false }
            if ["IMPI", "IMPS", "XTPM", "STPM"].contains(where: { f.matches($0, at: p) }) {
                layout.keep(p, 4)
                return true
            }
            layout.keep(p, 8)
            if size > end - p - 8 { return true }
            let code = f.bytes[p..<(p + 4)]
            let digit: ClosedRange<UInt8> = 0x30...0x39
            if code.first == 0x46, code.dropFirst().first == 0x58 || digit.contains(code[p + 1]), digit.contains(code[p + 2]),
                digit.contains(code[p + 3])
            {
                return false
            }
            if f.matches("CHFX", at: p) { layout.keep(p + 8, size) } else { layout.blank(p + 8, size) }
            p += 8 + size
        }
        layout.keep(p, end - p)
        return true
    }

    /// OpenMPT's instrument extension fields (as stored: the magic reversed) libopenmpt reads;
    /// `n[..` and `fn[.` hold instrument names and filenames.
    static let itInstrumentFields: Set<String> = [
        "..OF", "..Fd", "..VG", "...P", ".SLV", ".ELV", ".BSV", ".ESV", ".SLP", ".ELP", ".BSP", ".ESP", "SLiP", "ELiP",
        "BSiP", "ESiP", ".ANN", ".TCD", ".AND", "..SP", "..SV", ".CFI", ".RFI", "..BM", "..PM", "..CM", ".SPP", ".CPP",
        ".[PV", ".[PP", "[PiP", ".[EV", ".[EP", "[EiP", ".[MN", "..[K", "..[n", ".[nf", ".PiM", "..RV", "..SC", "..SR",
        "..MF", "HEVP", "HOVP", "NREP", "NREA", "NREV", "GLFP", "GLFA", "GLFV", "DWPM", "...R", "LTTP", "PTTF", "..EV",
        "..EP", ".EiP",
    ]

    /// OpenMPT's song extension fields libopenmpt reads (or that hold tracker-only numbers:
    /// `MIMA`, `CCOL`); `AUTH` holds the author.
    static let itSongFields: Set<String> = [
        "..TD", "DTFR", ".BPR", ".MPR", "...C", "..MT", ".MMP", ".VWC", "VWSL", ".APS", "VTSV", ".VGD", "..PR", "RSMP",
        "AMIM", "CCOL", "AUTH", "SnhC", "CUES", "SWNG", ".FSM",
    ]

    /// Walks OpenMPT's `XTPM` (each field: ID, size, then that many bytes per allocated
    /// instrument) and `STPM` (ID, size, data) extensions at `offset` as libopenmpt does, keeping
    /// the fields and blanking the names and author. False when a field is unknown. Whatever
    /// follows the fields the player reads is dropped.
    static func itExtensions(_ f: ChipBytes, at offset: Int, instruments: Int, layout: inout ModuleLayout) -> Bool {
        func id(_ at: Int) -> String { String(decoding: f.bytes[at..<(at + 4)], as: UTF8.self) }
        func ascii(_ at: Int) -> Bool {
            let b = f.bytes[at..<(at + 4)]
            return b.allSatisfy { $0 & 0x80 == 0 } && b.contains { $0 & 0x60 != 0 }
        }
        var p = offset
        if f.matches("XTPM", at: p) {
            layout.keep(p, 4)
            p += 4
            while f.count - p >= 6, id(p) != "STPM", id(p) != "228\u{4}", ascii(p) {
                guard layout.spend(1), let size = f.le16(p + 4), itInstrumentFields.contains(id(p)) else { return false }
                let total = size * instruments
                layout.keep(p, 6)
                if id(p) == "..[n" || id(p) == ".[nf" { layout.blank(p + 6, total) } else { layout.keep(p + 6, total) }
                p = total > f.count - p - 6 ? f.count : p + 6 + total
                layout.reach(p)
            }
        }
        guard f.matches("STPM", at: p) else { return true }
        layout.keep(p, 4)
        p += 4
        while f.count - p >= 7, id(p) != "228\u{4}", ascii(p) {
            guard let size = f.le16(p + 4), size <= f.count - p - 6 else { break }
            guard layout.spend(1), itSongFields.contains(id(p)) else { return false }
            layout.keep(p, 6)
            if id(p) == "AUTH" { layout.blank(p + 6, size) } else { layout.keep(p + 6, size) }
            // libopenmpt reads a field only when 7 bytes are left from its start: an empty last
            // field keeps a (zeroed) byte after it, or the stripped file would lose it.
            layout.reach(p + max(7, 6 + size))
            p += 6 + size
        }
        return true
    }
}
