import Foundation
import GenkiCore

#if canImport(Glibc)
import Glibc
#endif

/// A fresh hidden folder beside an output folder, `.genki-tmp-<16 hex digits>-NAME`, created
/// exclusively. Files go in with `O_EXCL` (one can never replace another); one rename makes it
/// the output when everything is written, and on failure it is removed whole, so a failed
/// `unpack` or `open` leaves no partial output.
struct StagingFolder {
    let url: URL
    let finalURL: URL

    /// Creates the staging folder for `finalURL`, which must not exist or be an empty folder.
    init(for finalURL: URL) throws(ShardError) {
        let final = finalURL.standardizedFileURL
        let name = final.lastPathComponent
        guard !name.isEmpty, name != ".", name != "..", name != "/" else { throw .write("the output folder needs a name") }
        let parent = final.deletingLastPathComponent()
        do { try FileManager.default.createDirectory(at: parent, withIntermediateDirectories: true) } catch {
            throw .write("the output folder's parent cannot be created")
        }
        var info = stat()
        if lstat(final.path, &info) == 0 {
            let empty = (try? FileManager.default.contentsOfDirectory(atPath: final.path))?.isEmpty ?? false
            guard info.st_mode & S_IFMT == S_IFDIR, empty else { throw .write("the output folder \(TarArchive.printable(name)) exists and is not an empty folder") }
        }
        var generator = SystemRandomNumberGenerator()
        for _ in 0..<8 {
            let token = String(UInt64.random(in: .min ... .max, using: &generator), radix: 16)
            let candidate = parent.appendingPathComponent(AtomicFile.prefix + String(repeating: "0", count: 16 - token.count) + token + "-" + name)
            if mkdir(candidate.path, 0o755) == 0 {
                url = candidate
                self.finalURL = final
                return
            }
            guard errno == EEXIST else { break }
        }
        throw .write("a temporary folder for \(TarArchive.printable(name)) cannot be created: \(String(cString: strerror(errno)))")
    }

    /// Writes a new file `name` (one plain path component) in the folder; never replaces one.
    func write(_ bytes: [UInt8], as name: String) throws(ShardError) {
        guard !name.isEmpty, name != ".", name != "..", !name.utf8.contains(UInt8(ascii: "/")), !name.utf8.contains(0) else {
            throw .write("refusing the unsafe file name \(TarArchive.printable(name))")
        }
        let fd = open(url.appendingPathComponent(name).path, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0o644)
        guard fd >= 0 else {
            if errno == EEXIST { throw .write("\(TarArchive.printable(name)) would overwrite another file (repeated sample)") }
            throw .write("\(TarArchive.printable(name)) cannot be created: \(String(cString: strerror(errno)))")
        }
        defer { close(fd) }
        var offset = 0
        while offset < bytes.count {
            let n = bytes.withUnsafeBytes { raw in posixWrite(fd, raw.baseAddress.map { $0 + offset }, bytes.count - offset) }
            if n < 0 && errno == EINTR { continue }
            guard n > 0 else { throw .write("\(TarArchive.printable(name)) cannot be written: \(n < 0 ? String(cString: strerror(errno)) : "no bytes written")") }
            offset += n
        }
        guard fsync(fd) == 0 else { throw .write("\(TarArchive.printable(name)) cannot be synced: \(String(cString: strerror(errno)))") }
    }

    /// Renames the folder into place (replacing only an empty folder); removes it on failure.
    func commit() throws(ShardError) {
        guard rename(url.path, finalURL.path) == 0 else {
            let reason = String(cString: strerror(errno))
            discard()
            throw .write("the output folder cannot be renamed into place: \(reason)")
        }
    }

    /// Removes the folder and everything written in it.
    func discard() {
        try? FileManager.default.removeItem(at: url)
    }
}

/// `write(2)`, reachable from a type with its own `write` method.
private func posixWrite(_ fd: Int32, _ buffer: UnsafeRawPointer?, _ count: Int) -> Int {
    write(fd, buffer, count)
}
