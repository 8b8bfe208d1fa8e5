/// Strips Scream Tracker 3 modules (S3M): see `ChipCanonicalForm`. The layout follows what
/// libopenmpt reads: the 96-byte header, the order list, the sample and pattern parapointers (×16)
/// and the channel panning table, each 80-byte sample header, each pattern (walked row by row, as
/// the player ignores its stated length) and the sample data.
extension ModuleStripper {
    /// Blanks the song title and each sample header's DOS filename and name; keeps everything
    /// else the player reads (tracker version, reserved fields it fingerprints, GUS addresses),
    /// zeroes unreferenced bytes and cuts the file after the last referenced byte. A parapointer
    /// or sample data outside the file, or a text field overlapping other structures, leaves the
    /// file without a canonical form.
    static func s3m(_ input: [UInt8]) throws(ChipError) -> [UInt8]? {
        let f = ChipBytes(input)
        guard f.matches("SCRM", at: 44) else { throw .open("not an S3M file") }
        guard f.count >= 96, let orders = f.le16(32), let samples = f.le16(34), let patterns = f.le16(36),
            let format = f.le16(42), let fileType = f.u8(29), let panning = f.u8(53)
        else { throw .open("truncated S3M header") }
        guard fileType == 0x10, format == 1 || format == 2 else { throw .open("not a Scream Tracker 3 module") }
        let pointers = 96 + orders
        let tableEnd = pointers + 2 * (samples + patterns)
        guard tableEnd <= f.count else { throw .open("truncated S3M order list or parapointers") }
        var layout = ModuleLayout(count: f.count)
        layout.blank(0, 28)
        layout.keep(28, tableEnd - 28)
        if panning == 0xFC {
            // The panning table: only entries of channels the song has are used (some files
            // state a table that overlaps the first sample header).
            let last: Int? = (0..<32).last { f.bytes[64 + $0] != 0xFF }
            layout.keep(tableEnd, last.map { $0 + 1 } ?? 4)
        }
        for s in 0..<min(samples, 3_999) {
            let p = 16 * (f.le16(pointers + 2 * s) ?? 0)
            guard f.has(p, 80), let type = f.u8(p), let length = f.le32(p + 16), let flags = f.u8(p + 31), let pack = f.u8(p + 30),
                let hi = f.u8(p + 13), let lo = f.le16(p + 14)
            else { return nil }
            layout.keep(p, 1)
            layout.blank(p + 1, 12)  // DOS filename
            layout.keep(p + 13, 35)
            layout.blank(p + 48, 28)  // sample name
            layout.keep(p + 76, 4)
            // Types 0 (empty) and 1 (PCM) seek to their data when the length is not zero; only PCM reads it.
            guard type < 2, length != 0 else { continue }
            let offset = hi << 20 | lo << 4
            // A seek to the very end is valid (an empty sample); the stripped file keeps the
            // offset within it, so stripping it again finds the same (the fuzzer found a type-0
            // sample whose offset became the stripped file's end).
            guard offset <= f.count else { return nil }
            layout.reach(offset)
            guard type == 1 else { continue }
            let frames = min(length, 0x1000_0000)
            let adpcm = pack == 4 && flags & 0x06 == 0
            let size = adpcm ? 16 + (frames + 1) / 2 : frames * (flags & 4 != 0 ? 2 : 1) * (flags & 2 != 0 ? 2 : 1)
            layout.keep(offset, size)
        }
        for k in 0..<min(patterns, 255) {
            let pointer = f.le16(pointers + 2 * (samples + k)) ?? 0
            guard pointer != 0 else { continue }
            guard let end = s3mPatternEnd(f, at: 16 * pointer, layout: &layout) else { return nil }
            layout.keep(16 * pointer, end - 16 * pointer)
        }
        return layout.apply(to: input)
    }

    /// Where the player stops reading the pattern at `start`: after a 2-byte length it ignores,
    /// packed cells until 64 end-of-row bytes (reads past the end of the file give 0). Nil when
    /// the pattern starts outside the file or the walk exceeds the layout's budget.
    static func s3mPatternEnd(_ f: ChipBytes, at start: Int, layout: inout ModuleLayout) -> Int? {
        guard start < f.count else { return nil }
        var p = start + 2
        var row = 0
        while row < 64, p < f.count {
            guard layout.spend(1) else { return nil }
            let info = f.bytes[p]
            p += 1
            if info == 0 {
                row += 1
                continue
            }
            if info & 0x20 != 0 { p += 2 }
            if info & 0x40 != 0 { p += 1 }
            if info & 0x80 != 0 { p += 2 }
        }
        return min(p, f.count)
    }
}
