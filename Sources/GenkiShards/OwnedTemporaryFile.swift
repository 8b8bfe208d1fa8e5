import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// A hidden temporary file that genki created itself, next to the file it will become:
/// `.genki-tmp-<16 random hex digits>-<final name>`, created with `O_EXCL` so it can never be
/// a file that was already there. Only such a file is ever removed by genki, and only by the
/// run that created it: a user's `.draft.tmp` in the output folder is never touched.
struct OwnedTemporaryFile {
    /// The marker every temporary name starts with.
    static let prefix = ".genki-tmp-"

    let url: URL
    let finalURL: URL
    /// The open descriptor (write-only).
    let fd: Int32

    /// Creates a fresh temporary file beside `finalURL`.
    init(for finalURL: URL) throws(ShardError) {
        let directory = finalURL.deletingLastPathComponent()
        var generator = SystemRandomNumberGenerator()
        for _ in 0..<8 {
            let token = String(UInt64.random(in: .min ... .max, using: &generator), radix: 16)
            let padded = String(repeating: "0", count: 16 - token.count) + token
            let candidate = directory.appendingPathComponent(Self.prefix + padded + "-" + finalURL.lastPathComponent)
            let fd = open(candidate.path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o644)
            if fd >= 0 {
                url = candidate
                self.finalURL = finalURL
                self.fd = fd
                return
            }
            guard errno == EEXIST else { break }
        }
        throw .write("a temporary file for \(finalURL.lastPathComponent) cannot be created: \(String(cString: strerror(errno)))")
    }

    /// Writes all of `bytes` (`count` of them when given), or throws naming the OS reason.
    func write(_ bytes: [UInt8], count: Int? = nil) throws(ShardError) {
        let total = min(count ?? bytes.count, bytes.count)
        var offset = 0
        while offset < total {
            let n = bytes.withUnsafeBytes { raw in systemWrite(fd, raw.baseAddress.map { $0 + offset }, total - offset) }
            if n < 0 && errno == EINTR { continue }
            guard n > 0 else {
                let reason = n < 0 ? String(cString: strerror(errno)) : "no bytes written"
                throw .write("\(finalURL.lastPathComponent) cannot be written: \(reason)")
            }
            offset += n
        }
    }

    /// Syncs (when asked), closes and renames the file into place.
    func commit(sync: Bool = true) throws(ShardError) {
        if sync { fsync(fd) }
        close(fd)
        guard rename(url.path, finalURL.path) == 0 else {
            let reason = String(cString: strerror(errno))
            unlink(url.path)
            throw .write("\(finalURL.lastPathComponent) cannot be renamed into place: \(reason)")
        }
    }

    /// Closes and removes the temporary file (after a failure).
    func discard() {
        close(fd)
        unlink(url.path)
    }
}

/// `write(2)`, reachable from a type with its own `write` method.
private func systemWrite(_ fd: Int32, _ buffer: UnsafeRawPointer?, _ count: Int) -> Int {
    write(fd, buffer, count)
}
