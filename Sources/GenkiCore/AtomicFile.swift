import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// A file write that readers see whole or not at all, and that survives a crash once it returns:
/// the bytes go to a hidden temporary that genki created itself, next to the file it becomes
/// (`.genki-tmp-<16 random hex digits>-<final name>`, created with `O_EXCL`, so it can never be
/// a file that was already there); `commit` syncs it, renames it over the final name, and syncs
/// the folder so the rename itself is durable. Only such a file is ever removed by genki, and
/// only by the run that created it: a user's `.draft.tmp` beside it is never touched.
public struct AtomicFile {
    /// The marker every temporary name starts with.
    public static let prefix = ".genki-tmp-"

    /// The temporary file.
    public let url: URL
    /// The name it becomes on `commit`.
    public let finalURL: URL
    /// The open descriptor (write-only).
    let fd: Int32

    /// Creates a fresh temporary file beside `finalURL` (mode `mode`, before the umask).
    public init(for finalURL: URL, mode: mode_t = 0o644) throws(FileWriteError) {
        let directory = finalURL.deletingLastPathComponent()
        var generator = SystemRandomNumberGenerator()
        for _ in 0..<8 {
            let candidate = directory.appendingPathComponent(Self.temporaryName(for: finalURL.lastPathComponent, using: &generator))
            let fd = open(candidate.path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, mode)
            if fd >= 0 {
                url = candidate
                self.finalURL = finalURL
                self.fd = fd
                return
            }
            guard errno == EEXIST else { break }
        }
        throw FileWriteError(file: finalURL.lastPathComponent, message: "a temporary file for \(finalURL.lastPathComponent) cannot be created", errno: errno)
    }

    /// A fresh temporary name (`.genki-tmp-<16 hex digits>-name`) for `name`.
    public static func temporaryName<G: RandomNumberGenerator>(for name: String, using generator: inout G) -> String {
        let token = String(UInt64.random(in: .min ... .max, using: &generator), radix: 16)
        return prefix + String(repeating: "0", count: 16 - token.count) + token + "-" + name
    }

    /// Writes all of `bytes` (the first `count` of them when given), or throws naming the OS reason.
    public func write(_ bytes: [UInt8], count: Int? = nil) throws(FileWriteError) {
        let total = min(count ?? bytes.count, bytes.count)
        var offset = 0
        while offset < total {
            let n = bytes.withUnsafeBytes { raw in systemWrite(fd, raw.baseAddress.map { $0 + offset }, total - offset) }
            if n < 0 && errno == EINTR { continue }
            guard n > 0 else {
                let name = finalURL.lastPathComponent
                throw n < 0
                    ? FileWriteError(file: name, message: "\(name) cannot be written", errno: errno)
                    : FileWriteError(file: name, message: "\(name) cannot be written: no bytes written")
            }
            offset += n
        }
    }

    /// Syncs (when asked), closes and renames the file into place, then syncs the folder.
    public func commit(sync: Bool = true) throws(FileWriteError) {
        if sync && fsync(fd) != 0 {
            let code = errno
            discard()
            throw FileWriteError(file: finalURL.lastPathComponent, message: "\(finalURL.lastPathComponent) cannot be flushed to disk", errno: code)
        }
        close(fd)
        guard rename(url.path, finalURL.path) == 0 else {
            let code = errno
            unlink(url.path)
            throw FileWriteError(file: finalURL.lastPathComponent, message: "\(finalURL.lastPathComponent) cannot be renamed into place", errno: code)
        }
        if sync { Self.syncDirectory(finalURL.deletingLastPathComponent()) }
    }

    /// Closes and removes the temporary file (after a failure).
    public func discard() {
        close(fd)
        unlink(url.path)
    }

    /// Writes `bytes` to `url` atomically and durably (temporary, fsync, rename, fsync folder).
    public static func write(_ bytes: [UInt8], to url: URL, mode: mode_t = 0o644) throws(FileWriteError) {
        let file = try AtomicFile(for: url, mode: mode)
        do {
            try file.write(bytes)
        } catch {
            file.discard()
            throw error
        }
        // `commit` cleans up after itself on failure: discarding again would close the
        // descriptor twice.
        try file.commit()
    }

    /// Makes a rename in `directory` durable (best effort: some file systems refuse directory fsync).
    static func syncDirectory(_ directory: URL) {
        let fd = open(directory.path, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard fd >= 0 else { return }
        _ = fsync(fd)
        close(fd)
    }
}

/// A file that cannot be written: a sentence naming the file (never a full path) and the reason,
/// with the OS's words (ENOSPC, EACCES…) when the OS gave one.
public struct FileWriteError: Error, Equatable, GenkiError {
    /// The file's name.
    public let file: String
    /// The whole sentence.
    public let message: String

    public init(file: String, message: String) {
        self.file = file
        self.message = message
    }

    /// `message` followed by the OS's words for `errno`.
    public init(file: String, message: String, errno code: Int32) {
        self.init(file: file, message: "\(message): \(String(cString: strerror(code)))")
    }

    public var description: String { message }
}

/// `write(2)`, reachable from a type with its own `write` method.
private func systemWrite(_ fd: Int32, _ buffer: UnsafeRawPointer?, _ count: Int) -> Int {
    write(fd, buffer, count)
}
