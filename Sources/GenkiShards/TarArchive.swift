/// Deterministic POSIX ustar writing and defensive reading, for WebDataset shards.
///
/// Written headers are normalised: mode 0644, uid/gid 0, empty user and group names, mtime 0,
/// regular files only, no PAX records; the archive ends with two zero blocks. The reader
/// accepts only such plain archives and rejects everything a hostile archive could use:
/// absolute names, `..`, directories, links and devices, bad checksums, sizes beyond the
/// archive or a limit, and truncation.
public enum TarArchive {
    public static let block = 512
    /// Largest member the reader accepts (1 GiB).
    public static let maximumMemberSize = 1 << 30

    /// Header + data + padding of one regular-file member.
    public static func member(name: String, data: [UInt8]) -> [UInt8] {
        var out = header(name: name, size: data.count)
        out += data
        let pad = (block - data.count % block) % block
        out += [UInt8](repeating: 0, count: pad)
        return out
    }

    /// The two zero blocks that end an archive.
    public static let end = [UInt8](repeating: 0, count: 2 * block)

    /// A normalised ustar header (names must be ASCII and at most 100 bytes).
    public static func header(name: String, size: Int) -> [UInt8] {
        var h = [UInt8](repeating: 0, count: block)
        func put(_ text: String, at offset: Int, width: Int) {
            for (i, byte) in text.utf8.prefix(width).enumerated() { h[offset + i] = byte }
        }
        func octal(_ value: Int, at offset: Int, width: Int) {
            let digits = String(value, radix: 8)
            put(String(repeating: "0", count: max(0, width - 1 - digits.count)) + digits, at: offset, width: width - 1)
        }
        put(name, at: 0, width: 100)
        octal(0o644, at: 100, width: 8)
        octal(0, at: 108, width: 8)
        octal(0, at: 116, width: 8)
        octal(size, at: 124, width: 12)
        octal(0, at: 136, width: 12)
        h[156] = UInt8(ascii: "0")
        put("ustar", at: 257, width: 6)
        put("00", at: 263, width: 2)
        for i in 148..<156 { h[i] = UInt8(ascii: " ") }
        let sum = h.reduce(0) { $0 + Int($1) }
        let digits = String(sum, radix: 8)
        put(String(repeating: "0", count: max(0, 6 - digits.count)) + digits, at: 148, width: 6)
        h[154] = 0
        h[155] = UInt8(ascii: " ")
        return h
    }

    /// One member read back.
    public struct Member: Sendable, Equatable {
        public var name: String
        public var data: [UInt8]
        /// Whether the header is normalised the way genki writes it.
        public var normalised: Bool
    }

    /// Reads every member of an archive, rejecting anything but plain, well-formed regular files.
    public static func read(_ bytes: [UInt8], maximumMemberSize: Int = TarArchive.maximumMemberSize) throws(ShardError) -> [Member] {
        var members: [Member] = []
        var offset = 0
        var sawEnd = false
        while offset + block <= bytes.count {
            let h = Array(bytes[offset..<(offset + block)])
            if h.allSatisfy({ $0 == 0 }) {
                sawEnd = true
                break
            }
            let stored = parseOctal(h[148..<156])
            var copy = h
            for i in 148..<156 { copy[i] = UInt8(ascii: " ") }
            guard let stored, stored == copy.reduce(0, { $0 + Int($1) }) else { throw .badArchive("header checksum mismatch at offset \(offset)") }
            let name = cString(h[0..<100])
            let prefix = cString(h[345..<500])
            let full = prefix.isEmpty ? name : prefix + "/" + name
            let type = h[156]
            guard type == UInt8(ascii: "0") || type == 0 else {
                switch type {
                case UInt8(ascii: "1"): throw .badArchive("hard link member")
                case UInt8(ascii: "2"): throw .badArchive("symbolic link member")
                case UInt8(ascii: "5"): throw .badArchive("directory member")
                case UInt8(ascii: "x"), UInt8(ascii: "g"): throw .badArchive("PAX extended header")
                default: throw .badArchive("unsupported member type")
                }
            }
            guard !full.isEmpty, !full.hasPrefix("/"), !full.split(separator: "/").contains(".."), !full.contains("\\") else {
                throw .badArchive("unsafe member name")
            }
            guard let size = parseOctal(h[124..<136]), size >= 0 else { throw .badArchive("malformed size field") }
            guard size <= maximumMemberSize else { throw .badArchive("member larger than \(maximumMemberSize) bytes") }
            let start = offset + block
            guard start + size <= bytes.count else { throw .badArchive("truncated member data") }
            let normalised =
                parseOctal(h[100..<108]) == 0o644 && parseOctal(h[108..<116]) == 0 && parseOctal(h[116..<124]) == 0
                && parseOctal(h[136..<148]) == 0 && cString(h[265..<297]).isEmpty && cString(h[297..<329]).isEmpty && prefix.isEmpty
            members.append(Member(name: full, data: Array(bytes[start..<(start + size)]), normalised: normalised))
            offset = start + (size + block - 1) / block * block
        }
        guard sawEnd else { throw .badArchive("truncated archive (no end-of-archive blocks)") }
        return members
    }

    /// Header fields by byte range, to name the first one that differs from the normalised form.
    static let fields: [(name: String, range: Range<Int>)] = [
        ("name", 0..<100), ("mode", 100..<108), ("uid", 108..<116), ("gid", 116..<124), ("size", 124..<136),
        ("mtime", 136..<148), ("checksum", 148..<156), ("type", 156..<157), ("link name", 157..<257),
        ("magic and version", 257..<265), ("user name", 265..<297), ("group name", 297..<329),
        ("device numbers", 329..<345), ("name prefix", 345..<500), ("header padding", 500..<512),
    ]

    /// Reads an archive that must be byte for byte what genki writes: every header identical to
    /// `header(name:size:)` for its member, zero padding after each member, then exactly the two
    /// zero end blocks and nothing after them. The reason names the member and what is wrong.
    public static func readCanonical(_ bytes: [UInt8]) throws(ShardError) -> [Member] {
        let members = try read(bytes)
        var offset = 0
        for (index, m) in members.enumerated() {
            let label = "member \(index + 1) (\(printable(m.name)))"
            let expected = header(name: m.name, size: m.data.count)
            let actual = bytes[offset..<(offset + block)]
            if !actual.elementsEqual(expected) {
                // The checksum follows from the other fields: name it only when nothing else differs.
                let differing = fields.filter { !actual[(offset + $0.range.lowerBound)..<(offset + $0.range.upperBound)].elementsEqual(expected[$0.range]) }
                let field = differing.first { $0.name != "checksum" } ?? differing.first
                throw .badArchive("\(label): non-normalised header (\(field?.name ?? "header") differs from genki's)")
            }
            let dataEnd = offset + block + m.data.count
            let padded = offset + block + (m.data.count + block - 1) / block * block
            guard bytes[dataEnd..<padded].allSatisfy({ $0 == 0 }) else { throw .badArchive("\(label): data hidden in the padding after the member") }
            offset = padded
        }
        guard bytes.count >= offset + 2 * block, bytes[offset..<(offset + 2 * block)].allSatisfy({ $0 == 0 }) else {
            throw .badArchive("the archive does not end with two zero blocks")
        }
        let trailing = bytes.count - offset - 2 * block
        guard trailing == 0 else { throw .badArchive("\(trailing) bytes of trailing data after the end-of-archive blocks") }
        return members
    }

    /// A member name safe to show: printable ASCII kept, anything else as `\u{…}`, at most 120 characters.
    public static func printable(_ name: String) -> String {
        var out = ""
        for scalar in name.unicodeScalars.prefix(120) {
            if scalar.isASCII, scalar.value >= 0x20, scalar.value < 0x7F { out.unicodeScalars.append(scalar) } else { out += "\\u{\(String(scalar.value, radix: 16))}" }
        }
        return name.unicodeScalars.count > 120 ? out + "…" : out
    }

    static func cString(_ bytes: ArraySlice<UInt8>) -> String {
        String(decoding: bytes.prefix { $0 != 0 }, as: UTF8.self)
    }

    static func parseOctal(_ bytes: ArraySlice<UInt8>) -> Int? {
        var value = 0
        var digits = 0
        for b in bytes {
            if b == 0 || b == UInt8(ascii: " ") {
                if digits > 0 { break } else { continue }
            }
            guard (48...55).contains(b) else { return nil }
            value = value * 8 + Int(b - 48)
            digits += 1
            if value > Int(Int32.max) * 8 { return nil }
        }
        return digits > 0 ? value : nil
    }
}
