import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// A recipient's private key file (`genki shard keygen`): a regular file that only its owner
/// can read (mode 0600 or stricter), holding the X25519 private key as hex.
public enum PrivateKeyFile {
    /// Largest key file read (a key is 64 hex digits and a newline).
    static let maximumBytes = 4_096

    /// Why a key file is refused or cannot be read.
    public struct Failure: Error, Equatable, GenkiError {
        public let description: String
        init(_ description: String) { self.description = description }
    }

    /// Creates `path` exclusively (never over an existing file) with mode 0600, writes `text` and
    /// syncs it; a file that cannot be written whole is removed again.
    public static func create(path: String, text: String) throws(Failure) {
        guard try createIfAbsent(path: path, text: text) else { throw Failure("the key file already exists") }
    }

    /// The same, but returns false (and writes nothing) when `path` already exists.
    public static func createIfAbsent(path: String, text: String) throws(Failure) -> Bool {
        let fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o600)
        guard fd >= 0 else {
            if errno == EEXIST { return false }
            throw Failure("the key file cannot be created: \(String(cString: strerror(errno)))")
        }
        defer { close(fd) }
        let bytes = Array(text.utf8)
        var offset = 0
        while offset < bytes.count {
            let n = bytes.withUnsafeBytes { raw in posixWrite(fd, raw.baseAddress.map { $0 + offset }, bytes.count - offset) }
            if n < 0 && errno == EINTR { continue }
            guard n > 0 else {
                let reason = n < 0 ? String(cString: strerror(errno)) : "no bytes written"
                unlink(path)
                throw Failure("the key file cannot be written: \(reason)")
            }
            offset += n
        }
        guard fsync(fd) == 0 else {
            let reason = String(cString: strerror(errno))
            unlink(path)
            throw Failure("the key file cannot be flushed to disk: \(reason)")
        }
        return true
    }

    /// The key text at `path`; refuses a file that group or others can read or write.
    public static func read(path: String) throws(PrivateKeyFile.Failure) -> String {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { throw Failure("the private key file cannot be opened: \(String(cString: strerror(errno)))") }
        defer { close(fd) }
        var info = stat()
        guard fstat(fd, &info) == 0, info.st_mode & S_IFMT == S_IFREG else { throw Failure("the private key file is not a regular file") }
        let mode = info.st_mode & 0o777
        guard mode & 0o077 == 0 else {
            throw Failure("the private key file has mode \(String(mode, radix: 8)): group or others can access it; run chmod 600 on it")
        }
        var bytes = [UInt8](repeating: 0, count: maximumBytes + 1)
        var count = 0
        while count < bytes.count {
            let n = bytes.withUnsafeMutableBytes { raw in posixRead(fd, raw.baseAddress.map { $0 + count }, raw.count - count) }
            if n < 0 && errno == EINTR { continue }
            guard n >= 0 else { throw Failure("the private key file cannot be read: \(String(cString: strerror(errno)))") }
            if n == 0 { break }
            count += n
        }
        guard count <= maximumBytes else { throw Failure("the private key file is too large to be a key") }
        return String(decoding: bytes[0..<count], as: UTF8.self)
    }
}

/// `read(2)`, reachable from a type with its own `read` method.
private func posixRead(_ fd: Int32, _ buffer: UnsafeMutableRawPointer?, _ count: Int) -> Int {
    read(fd, buffer, count)
}

/// `write(2)`, reachable from a type with its own methods of that name.
private func posixWrite(_ fd: Int32, _ buffer: UnsafeRawPointer?, _ count: Int) -> Int {
    write(fd, buffer, count)
}
