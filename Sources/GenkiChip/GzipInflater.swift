import CZlib

/// Inflates gzip data (a `.vgz`, or any gzip file given to libgme) through zlib, within a bound
/// on the inflated size, before libgme sees it. libgme 0.6.3 inflates gzip data itself with no
/// bound: a 1 MB VGZ of repeated commands inflates to 1 GiB and costs 2 GB of memory, and a
/// 64 MiB one would take the whole process (the run, under `--in-process`). Given the inflated
/// bytes, libgme never inflates anything, and `GMEPreflight` checks the VGM inside.
enum GzipInflater {
    /// The most bytes an inflated file may hold: the bound on chip files themselves.
    static let limit = 64 << 20

    /// Whether `bytes` starts like gzip data (RFC 1952's two magic bytes), as libgme tells it.
    static func isGzip(_ bytes: [UInt8]) -> Bool {
        bytes.count >= 2 && bytes[0] == 0x1F && bytes[1] == 0x8B
    }

    /// `bytes` inflated when it is gzip data, else `bytes` as it is. Gzip data inside gzip
    /// data is refused, as libgme would inflate that too.
    static func inflatedIfGzip(_ bytes: [UInt8], limit: Int = GzipInflater.limit) throws(ChipError) -> [UInt8] {
        guard isGzip(bytes) else { return bytes }
        let inflated = try inflate(bytes, limit: limit)
        guard !isGzip(inflated) else { throw .open("gzip data inside gzip data") }
        return inflated
    }

    /// The bytes of every gzip member of `bytes` in turn (members back to back are one file,
    /// as `gzip -d` reads them); bytes after a member that do not start another are ignored, as
    /// `gzip -d` ignores them. Throws `ChipError.open` when the data is corrupt (a bad header,
    /// bad deflate data, a CRC or length that does not match), cut short, or inflates to more
    /// than `limit` bytes; never holds more than `limit` bytes (plus one 64 KiB chunk) to find
    /// that out.
    static func inflate(_ bytes: [UInt8], limit: Int = GzipInflater.limit) throws(ChipError) -> [UInt8] {
        guard bytes.count <= Int(UInt32.max) else { throw .open("gzip data over 4 GiB") }
        let outcome = bytes.withUnsafeBufferPointer { input -> Result<[UInt8], ChipError> in
            guard let base = input.baseAddress else { return .failure(.open("gzip data is empty")) }
            return Self.run(base, count: input.count, limit: limit)
        }
        return try outcome.get()
    }

    /// The inflate loop of `inflate` over `count` bytes at `base`.
    private static func run(_ base: UnsafePointer<UInt8>, count: Int, limit: Int) -> Result<[UInt8], ChipError> {
        var stream = z_stream()
        // 15 + 16: a 32 KiB window, gzip framing only (a zlib or raw stream is corrupt).
        guard inflateInit2_(&stream, 15 + 16, zlibVersion(), Int32(MemoryLayout<z_stream>.size)) == Z_OK else {
            return .failure(.open("zlib could not start inflating"))
        }
        defer { inflateEnd(&stream) }
        stream.next_in = UnsafeMutablePointer(mutating: base)
        stream.avail_in = UInt32(count)
        var output: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 64 << 10)
        while true {
            let (status, produced) = chunk.withUnsafeMutableBufferPointer { out -> (Int32, Int) in
                stream.next_out = out.baseAddress
                stream.avail_out = UInt32(out.count)
                let status = CZlib.inflate(&stream, Z_NO_FLUSH)
                return (status, out.count - Int(stream.avail_out))
            }
            guard produced <= limit - output.count else {
                let bound = limit % (1 << 20) == 0 ? "\(limit >> 20) MiB" : "\(limit) bytes"
                return .failure(.open("gzip data inflates to over \(bound)"))
            }
            output.append(contentsOf: chunk[0..<produced])
            switch status {
            case Z_STREAM_END:
                // Another member follows, or the rest is ignored.
                let rest = Int(stream.avail_in)
                guard rest >= 2, let next = stream.next_in, next[0] == 0x1F, next[1] == 0x8B else { return .success(output) }
                guard inflateReset(&stream) == Z_OK else { return .failure(.open("zlib could not start the next gzip member")) }
            case Z_OK:
                // All input taken and room left in the chunk: the data ends inside a member.
                if stream.avail_in == 0, stream.avail_out > 0 { return .failure(.open("gzip data is cut short")) }
            case Z_BUF_ERROR:
                return .failure(.open("gzip data is cut short"))
            default:
                let why = stream.msg.map { String(cString: $0) } ?? "zlib error \(status)"
                return .failure(.open("gzip data is corrupt (\(why))"))
            }
        }
    }
}
