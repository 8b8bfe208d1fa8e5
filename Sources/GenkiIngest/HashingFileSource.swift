import GenkiAudio
import GenkiCore
import GenkiFingerprint

#if canImport(Glibc)
import Glibc
#endif

/// A file read by position that hashes its bytes as the decoder pulls them, so a file is read
/// once instead of twice (a hash pass, then a decode pass). Bytes reach the hash in order:
/// whatever a read adds past the hashed prefix is fed; what the decoder skips or never reads is
/// read and hashed at the end by `finishHash`.
final class HashingFileSource: AudioByteSource {
    private let fd: Int32
    let length: Int64
    private let hasher: XXH3Hasher
    private var hashed: Int64 = 0
    /// The first read error seen, if any.
    private(set) var readError: Int32?

    init(fd: Int32, length: Int64) throws {
        self.fd = fd
        self.length = length
        hasher = try XXH3Hasher()
    }

    func read(into buffer: UnsafeMutableRawPointer, count: Int, at offset: Int64) -> Int {
        var n: Int
        repeat { n = pread(fd, buffer, count, off_t(offset)) } while n < 0 && errno == EINTR
        guard n >= 0 else {
            readError = errno
            return -1
        }
        if offset <= hashed && hashed < offset + Int64(n) {
            let skip = Int(hashed - offset)
            hasher.update(UnsafeRawBufferPointer(start: buffer + skip, count: n - skip))
            hashed = offset + Int64(n)
        }
        return n
    }

    /// Hashes whatever the decoder did not read, then returns the digest of the whole file.
    func finishHash() throws(HashFailure) -> Digest128 {
        let chunk = 1 << 20
        let buffer = UnsafeMutableRawPointer.allocate(byteCount: chunk, alignment: 64)
        defer { buffer.deallocate() }
        while hashed < length {
            let n = read(into: buffer, count: min(chunk, Int(length - hashed)), at: hashed)
            if n < 0 { throw .read(String(cString: strerror(readError ?? EIO))) }
            if n == 0 { throw .read("file shrank while being read") }
        }
        return hasher.finalize()
    }

    enum HashFailure: Error, CustomStringConvertible {
        case read(String)
        var description: String {
            switch self {
            case .read(let r): return "read failed: \(r)"
            }
        }
    }
}
