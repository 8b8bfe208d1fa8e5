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
            let normalised = parseOctal(h[100..<108]) == 0o644 && parseOctal(h[108..<116]) == 0 && parseOctal(h[116..<124]) == 0
                && parseOctal(h[136..<148]) == 0 && cString(h[265..<297]).isEmpty && cString(h[297..<329]).isEmpty && prefix.isEmpty
            members.append(Member(name: full, data: Array(bytes[start..<(start + size)]), normalised: normalised))
            offset = start + (size + block - 1) / block * block
        }
        guard sawEnd else { throw .badArchive("truncated archive (no end-of-archive blocks)") }
        return members
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
