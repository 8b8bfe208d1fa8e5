/// A file's bytes under edit, with bounds-checked reads and writes: every read of a field that
/// lies (partly) outside the file is nil, every write outside it is ignored. The strippers read
/// offsets and lengths from hostile files only through this type.
struct ChipBytes {
    var bytes: [UInt8]

    init(_ bytes: [UInt8]) { self.bytes = bytes }

    var count: Int { bytes.count }

    /// Whether `length` bytes from `offset` lie inside the file.
    func has(_ offset: Int, _ length: Int) -> Bool {
        offset >= 0 && length >= 0 && offset <= count && length <= count - offset
    }

    func u8(_ offset: Int) -> Int? { has(offset, 1) ? Int(bytes[offset]) : nil }

    func le16(_ offset: Int) -> Int? {
        guard has(offset, 2) else { return nil }
        return Int(bytes[offset]) | Int(bytes[offset + 1]) << 8
    }

    func be16(_ offset: Int) -> Int? {
        guard has(offset, 2) else { return nil }
        return Int(bytes[offset]) << 8 | Int(bytes[offset + 1])
    }

    func le24(_ offset: Int) -> Int? {
        guard has(offset, 3) else { return nil }
        return Int(bytes[offset]) | Int(bytes[offset + 1]) << 8 | Int(bytes[offset + 2]) << 16
    }

    func le32(_ offset: Int) -> Int? {
        guard has(offset, 4) else { return nil }
        return (0..<4).reduce(0) { $0 | Int(bytes[offset + $1]) << (8 * $1) }
    }

    /// Whether the file holds `text` (ASCII) at `offset`.
    func matches(_ text: String, at offset: Int) -> Bool {
        let ascii = Array(text.utf8)
        return has(offset, ascii.count) && bytes[offset..<(offset + ascii.count)].elementsEqual(ascii)
    }

    /// Fills the part of `offset..<offset+length` inside the file with `value`.
    mutating func fill(_ offset: Int, _ length: Int, with value: UInt8 = 0) {
        guard length > 0 else { return }
        let start = max(0, offset)
        let end = offset > count - length ? count : offset + length
        guard start < end else { return }
        for i in start..<end { bytes[i] = value }
    }

    mutating func setLE(_ value: Int, at offset: Int, width: Int) {
        guard has(offset, width) else { return }
        for k in 0..<width { bytes[offset + k] = UInt8(truncatingIfNeeded: value >> (8 * k)) }
    }

    /// Keeps the first `length` bytes (no-op when the file is shorter).
    mutating func truncate(to length: Int) {
        if length >= 0, length < count { bytes.removeSubrange(length...) }
    }

    /// Whether `byte` may appear in a chunk ID (letters, digits, `.`).
    static func isChunkIDByte(_ byte: UInt8) -> Bool {
        (0x41...0x5A).contains(byte) || (0x61...0x7A).contains(byte) || (0x30...0x39).contains(byte) || byte == 0x2E
    }
}
