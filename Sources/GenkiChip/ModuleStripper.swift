/// Strips the text fields of tracker modules (ProTracker-family MOD, XM 1.04; S3M and IT in their
/// own files): see `ChipCanonicalForm`. libopenmpt guesses the tracker that wrote a module from a
/// few header details (and plays it accordingly), so where a text field takes part in that guess
/// the stripped field keeps the same answer: an XM's tracker name is reduced to its tracker family,
/// and blank names keep the space/NUL pattern the guess reads.
enum ModuleStripper {
    // MARK: MOD

    /// The channel count a ProTracker-family tag at 1080 states; nil for tags whose layout the
    /// stripper does not handle (FLT8 stores its patterns in halves; unknown tags).
    static func modChannels(_ tag: [UInt8]) -> Int? {
        let s = String(decoding: tag, as: UTF8.self)
        switch s {
        case "M.K.", "M!K!", "M&K!", "N.T.", "FLT4": return 4
        case "CD81", "OKTA", "OCTA": return 8
        default: break
        }
        let digits: ClosedRange<UInt8> = 0x30...0x39
        if tag.count == 4, (0x31...0x39).contains(tag[0]), s.hasSuffix("CHN") { return Int(tag[0] - 0x30) }
        if tag.count == 4, (0x31...0x39).contains(tag[0]), digits.contains(tag[1]), s.hasSuffix("CH") || s.hasSuffix("CN") {
            return Int(tag[0] - 0x30) * 10 + Int(tag[1] - 0x30)
        }
        return nil
    }

    /// Blanks the title and the 31 sample names; keeps the sample headers' numbers, the order
    /// list, the tag, the patterns and the sample data (including what a loop reaching past its
    /// sample's end reads), and drops the rest. Layouts libopenmpt resolves by file size (pattern
    /// numbers of 128 and up, hidden patterns in 4-channel non-M.K. files, Mod's Grave WOW files)
    /// and ADPCM samples have no canonical form.
    static func mod(_ input: [UInt8]) throws(ChipError) -> [UInt8]? {
        var f = ChipBytes(input)
        let patternStart = 1_084
        guard f.count >= patternStart else { throw .open("truncated MOD header") }
        let tag = Array(f.bytes[1_080..<1_084])
        guard let channels = modChannels(tag) else { return nil }
        let isMK = tag == Array("M.K.".utf8)
        let orders = Array(f.bytes[952..<1_080])
        guard orders.allSatisfy({ $0 < 128 }) else { return nil }
        var songLength = Int(f.bytes[950])
        if songLength > 128 { songLength = 128 }
        if songLength == 0 {
            songLength = 128
            while songLength > 1, orders[songLength - 1] == 0 { songLength -= 1 }
        }
        let patterns = Int(orders.max() ?? 0) + 1
        let official = Int(orders.prefix(songLength).max() ?? 0) + 1
        if patterns != official, channels == 4, !isMK { return nil }
        let patternEnd = patternStart + patterns * channels * 256
        guard patternEnd <= f.count else { throw .open("truncated MOD patterns") }
        // Sample data: each sample starts where the previous one's length ends, but a loop
        // reaching past the sample's end reads on into the next one (or into the file's end).
        var position = patternEnd
        var end = patternEnd
        var total = 0
        for s in 0..<31 {
            let h = 20 + 30 * s
            let length = (f.be16(h + 22) ?? 0) * 2
            let loopEnd = ((f.be16(h + 26) ?? 0) + (f.be16(h + 28) ?? 0)) * 2
            total += length
            guard length > 0 else { continue }
            if f.matches("ADPCM", at: position) { return nil }
            end = max(end, position + max(length, loopEnd))
            position += length
        }
        let kept = min(f.count, end)
        let wow = patternStart + total + patterns * 8 * 256
        if isMK, f.count == wow || kept == wow { return nil }
        f.truncate(to: kept)
        f.fill(0, 20)
        for s in 0..<31 { f.fill(20 + 30 * s, 22) }
        return f.bytes
    }

    // MARK: XM

    /// Bytes allowed in a tracker version string kept in an XM tracker name.
    static let versionBytes = Set(Array("0123456789ABCDEFabcdef. ".utf8) + [0])

    /// The tracker name reduced to what libopenmpt reads from it (the tracker family and, for
    /// OpenMPT and MilkyTracker, the version); nil when a version field holds other text.
    static func canonicalTrackerName(_ name: [UInt8]) -> [UInt8]? {
        func text(_ s: String) -> [UInt8] { Array(s.utf8) }
        func starts(_ s: String) -> Bool { name.starts(with: text(s)) }
        func padded(_ prefix: [UInt8], with byte: UInt8 = 0) -> [UInt8] { prefix + [UInt8](repeating: byte, count: 20 - prefix.count) }
        for exact in ["FastTracker v2.00   ", "FastTracker v 2.00  ", "Fasttracker II clone"] where name == text(exact) { return name }
        if starts("OpenMPT ") || starts("MilkyTracker") {
            let fixed = starts("OpenMPT ") ? 8 : 12
            return name[fixed...].allSatisfy { versionBytes.contains($0) } ? name : nil
        }
        if starts("FastTracker ") { return padded(text("FastTracker "), with: 0x20) }
        for prefix in ["MadTracker 2.0\0", "Skale Tracker\0", "Sk@le Tracker\0"] where starts(prefix) { return padded(text(prefix)) }
        if starts("*Converted ") {
            let suffix = text("-File*")
            return text("*Converted ") + [0, 0, 0] + (name[14...].elementsEqual(suffix) ? suffix : [UInt8](repeating: 0, count: 6))
        }
        return [UInt8](repeating: 0, count: 20)
    }

    /// A blank song title in the same class libopenmpt's FastTracker 2 detection reads: no NUL,
    /// a NUL only at the end, a NUL followed by spaces only, or other.
    static func blankTitle(_ title: [UInt8]) -> [UInt8] {
        guard let firstNull = title.firstIndex(of: 0) else { return [UInt8](repeating: 0x20, count: 20) }
        if firstNull == 19 { return [UInt8](repeating: 0x20, count: 19) + [0] }
        if title[(firstNull + 1)...].allSatisfy({ $0 == 0x20 }) { return [0] + [UInt8](repeating: 0x20, count: 19) }
        return [UInt8](repeating: 0, count: 20)
    }

    /// Blanks the module name, the tracker name (to its family: `canonicalTrackerName`), every
    /// instrument and sample name, unused header bytes, each instrument header's 15 reserved
    /// bytes and the whole header body of an instrument without samples; keeps the header, order list,
    /// patterns, instruments and sample data. After the last sample, the OpenMPT `text`, `PNAM`
    /// and `CNAM` chunks become empty (their presence steers libopenmpt's tracker detection) and
    /// anything else is dropped; a MIDI macro, plugin or extended-property chunk there leaves the
    /// file without a canonical form, as do XM versions before 1.04 and ADPCM samples.
    static func xm(_ input: [UInt8]) throws(ChipError) -> [UInt8]? {
        var f = ChipBytes(input)
        guard f.matches("Extended Module: ", at: 0) else { throw .open("not an XM file") }
        guard f.count >= 80, let version = f.le16(58), let headerSize = f.le32(60), let orders = f.le16(64),
            let channels = f.le16(68), let patterns = f.le16(70), let instruments = f.le16(72)
        else { throw .open("truncated XM header") }
        guard version == 0x0104, headerSize >= 20, orders <= headerSize - 20, instruments < 256 else { return nil }
        guard (1...127).contains(channels) else { throw .open("bad XM channel count") }
        let patternStart = 60 + headerSize
        guard patternStart <= f.count else { throw .open("the XM header runs past the end") }
        let minimumSize = orders + 4 * (patterns + instruments)
        // Names.
        let trackerName = Array(f.bytes[38..<58])
        guard let tracker = canonicalTrackerName(trackerName) else { return nil }
        let ft2 = trackerName == Array("FastTracker v2.00   ".utf8) && headerSize == 276
        let title = ft2 ? blankTitle(Array(f.bytes[17..<37])) : [UInt8](repeating: 0, count: 20)
        f.bytes.replaceSubrange(17..<37, with: title)
        f.bytes.replaceSubrange(38..<58, with: tracker)
        f.fill(80 + orders, patternStart - (80 + orders))  // unused order entries and unknown header bytes
        // Patterns.
        var p = patternStart
        for _ in 0..<patterns {
            guard let size = f.le32(p), let packed = f.le16(p + 7) else { throw .open("truncated XM pattern header") }
            guard size >= 9 else { return nil }
            guard f.has(p, size), f.has(p + size, packed) else { throw .open("an XM pattern runs past the end") }
            f.fill(p + 9, size - 9)
            p += size + packed
        }
        // Instruments: header (name at +4, sample count at +27), sample headers (40 bytes, name at
        // +18), sample data. A file cut short keeps what it has.
        instrumentLoop: for _ in 0..<instruments {
            guard let stated = f.le32(p) else {
                p = f.count
                break
            }
            let size = stated == 0 ? 263 : stated
            func field(_ k: Int) -> Int { k < size ? (f.u8(p + k) ?? 0) : 0 }
            let samples = field(27) | field(28) << 8
            f.fill(p + 4, min(22, size - 4))
            if size > 263 { f.fill(p + 263, size - 263) }
            if samples == 0 {
                // Nothing of an instrument without samples reaches the render.
                if size > 29 { f.fill(p + 29, min(size, 263) - 29) }
            } else if size >= 263 {
                // The 15 reserved bytes after the MIDI fields (no player reads them).
                f.fill(p + 248, 15)
            }
            guard f.has(p, size) else {
                p = f.count
                break
            }
            p += size
            var lengths: [Int] = []
            for _ in 0..<samples {
                guard f.has(p, 40), let length = f.le32(p) else {
                    f.fill(p + 18, 22, with: 0x20)
                    p = f.count
                    break instrumentLoop
                }
                let reserved = Int(f.bytes[p + 17])
                if reserved == 0xAD { return nil }
                let name = Array(f.bytes[(p + 18)..<(p + 40)])
                f.fill(p + 18, 22, with: 0x20)
                if reserved < 22, name[reserved...].contains(where: { $0 != 0x20 }) { f.bytes[p + 39] = 0 }
                lengths.append(length)
                p += 40
            }
            for length in lengths {
                guard f.has(p, length) else {
                    p = f.count
                    break instrumentLoop
                }
                p += length
            }
        }
        // OpenMPT's chunks after the last sample.
        let dataEnd = p
        var tail: [UInt8] = []
        for id in ["text", "MIDI", "PNAM", "CNAM"] where f.matches(id, at: p) {
            if id == "MIDI" { return nil }
            guard let length = f.le32(p + 4), f.has(p + 8, length) else { return nil }
            tail += Array(id.utf8) + [0, 0, 0, 0]
            p += 8 + length
        }
        if f.has(p, 4), f.bytes[p..<(p + 4)].allSatisfy({ ChipBytes.isChunkIDByte($0) }) { return nil }
        f.truncate(to: dataEnd)
        f.bytes += tail
        guard f.count - 80 >= minimumSize || input.count - 80 < minimumSize else { return nil }
        return f.bytes
    }
}
