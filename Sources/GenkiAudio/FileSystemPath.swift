import Foundation

/// File names are bytes; Swift strings are Unicode. genki keeps every name lossless: bytes
/// that are valid UTF-8 read as themselves, and each byte of an invalid sequence (say `\xFF` in
/// a Latin-1 name) becomes the private-use scalar U+10FF00 + byte, which maps back to exactly
/// that byte whenever the path is used. Valid names that themselves hold U+10FF00…U+10FFFF are
/// escaped byte by byte the same way, so the mapping is a bijection. Every source file genki
/// opens goes through `withCPath` / `open`.
public enum FileSystemPath {
    static let escapeBase: UInt32 = 0x10_FF00

    /// The string for a name's raw bytes.
    public static func string<C: Collection>(fromBytes bytes: C) -> String where C.Element == UInt8 {
        let raw = Array(bytes)
        var out = String.UnicodeScalarView()
        var parser = Unicode.UTF8.ForwardParser()
        var iterator = raw.makeIterator()
        var offset = 0
        func escape(_ count: Int) {
            for k in offset..<(offset + count) {
                if let s = Unicode.Scalar(escapeBase + UInt32(raw[k])) { out.append(s) }
            }
        }
        loop: while true {
            switch parser.parseScalar(from: &iterator) {
            case .valid(let encoded):
                let scalar = Unicode.UTF8.decode(encoded)
                if scalar.value >= escapeBase { escape(encoded.count) } else { out.append(scalar) }
                offset += encoded.count
            case .error(let length):
                escape(length)
                offset += length
            case .emptyInput:
                break loop
            }
        }
        return String(out)
    }

    /// The bytes `path` names on disk.
    public static func bytes(_ path: String) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(path.utf8.count)
        for s in path.unicodeScalars {
            if s.value >= escapeBase && s.value <= escapeBase + 0xFF {
                out.append(UInt8(s.value - escapeBase))
            } else {
                out += Array(String(s).utf8)
            }
        }
        return out
    }

    /// Calls `body` with the NUL-terminated on-disk form of `path`.
    public static func withCPath<R>(_ path: String, _ body: (UnsafePointer<CChar>) throws -> R) rethrows -> R {
        let c = bytes(path).map { CChar(bitPattern: $0) } + [0]
        return try body(c)
    }

    /// `open(2)` on the on-disk form of `path`.
    public static func open(_ path: String, _ flags: Int32) -> Int32 {
        withCPath(path) { Glibc.open($0, flags) }
    }

    /// Whether `path` names a regular file (following symlinks), without opening it.
    public static func isRegularFile(_ path: String) -> Bool {
        var st = stat()
        return withCPath(path) { stat($0, &st) } == 0 && (st.st_mode & S_IFMT) == S_IFREG
    }

    /// The whole file (nil when it cannot be read or is larger than `limit` bytes).
    public static func contents(_ path: String, limit: Int) -> [UInt8]? {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { return nil }
        defer { close(fd) }
        var out: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 1 << 16)
        while true {
            let n = chunk.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
            if n < 0 && errno == EINTR { continue }
            guard n >= 0 else { return nil }
            if n == 0 { return out }
            out += chunk[0..<n]
            guard out.count <= limit else { return nil }
        }
    }
}
