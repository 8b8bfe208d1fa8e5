import Foundation
import GenkiAudio
import GenkiCore

/// `--files-from LIST`: the inputs named in a file, one per line (or NUL-separated, as
/// `find -print0` writes, when the file holds a NUL byte). Names are bytes: a name that is not
/// UTF-8 is kept exactly (`FileSystemPath`). Empty lines are ignored; `-` reads stdin.
public enum FileList {
    public enum Failure: Error, Equatable, GenkiError {
        case unreadable(String)
        public var description: String {
            switch self {
            case .unreadable(let reason): return "the --files-from list cannot be read: \(reason)"
            }
        }
    }

    /// The paths in `bytes`.
    public static func paths(in bytes: [UInt8]) -> [String] {
        let separator: UInt8 = bytes.contains(0) ? 0 : 0x0A
        return bytes.split(separator: separator, omittingEmptySubsequences: true).compactMap { line in
            var name = line
            if separator == 0x0A, name.last == 0x0D { name = name.dropLast() }  // CRLF lists
            return name.isEmpty ? nil : FileSystemPath.string(fromBytes: name)
        }
    }

    /// The paths listed in the file at `path` (`-`: standard input).
    public static func read(_ path: String) throws(Failure) -> [String] {
        let data: Data?
        if path == "-" {
            data = FileHandle.standardInput.readDataToEndOfFile()
        } else {
            data = FileManager.default.contents(atPath: path)
        }
        guard let data else { throw .unreadable("no such file or no permission") }
        return paths(in: [UInt8](data))
    }
}
