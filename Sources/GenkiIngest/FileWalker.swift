import GenkiAudio
import GenkiModel

#if canImport(Glibc)
import Glibc
#endif

/// One thing found while walking the inputs.
public enum WalkItem: Equatable, Sendable {
    /// A regular file to look at.
    case file(path: String)
    /// An input that cannot be processed at all (reported as an error record).
    case failed(path: String, reason: String)
    /// Something deliberately passed over (special file inside a folder, symlink loop, hidden).
    case skipped(path: String, reason: String)
}

/// Walks files and folders depth-first in byte order of names, one folder listing at a time
/// (memory grows with depth, not with collection size).
///
/// Symlinks are followed, but each folder (device, inode) is entered once, so symlink loops end.
/// Hidden names (leading dot) inside folders are passed over unless `includeHidden`. Nothing is
/// ever opened for reading here, so FIFOs and devices cannot block the walk.
public struct FileWalker: Sequence {
    /// Inputs as given by the user.
    public let roots: [String]
    /// Whether to descend into / report dot-files found inside folders.
    public let includeHidden: Bool

    public init(roots: [String], includeHidden: Bool = false) {
        self.roots = roots
        self.includeHidden = includeHidden
    }

    public func makeIterator() -> Iterator { Iterator(roots: roots, includeHidden: includeHidden) }

    /// The walk state: pending roots and a stack of open folder listings.
    public struct Iterator: IteratorProtocol {
        private struct Frame {
            var directory: String
            var names: [String]
            var index: Int
        }

        private struct DirectoryID: Hashable {
            var device: UInt64
            var inode: UInt64
        }

        private var roots: [String]
        private var rootIndex = 0
        private let includeHidden: Bool
        private var stack: [Frame] = []
        private var visited: Set<DirectoryID> = []

        init(roots: [String], includeHidden: Bool) {
            self.roots = roots
            self.includeHidden = includeHidden
        }

        public mutating func next() -> WalkItem? {
            while true {
                if var top = stack.popLast() {
                    guard top.index < top.names.count else { continue }
                    let name = top.names[top.index]
                    top.index += 1
                    let dir = top.directory
                    stack.append(top)
                    let path = dir.hasSuffix("/") ? dir + name : dir + "/" + name
                    if let item = visit(path, explicit: false) { return item }
                } else {
                    guard rootIndex < roots.count else { return nil }
                    let root = roots[rootIndex]
                    rootIndex += 1
                    if let item = visit(root, explicit: true) { return item }
                }
            }
        }

        private static func kindName(_ mode: mode_t) -> String {
            switch mode & S_IFMT {
            case S_IFIFO: return "a FIFO"
            case S_IFCHR: return "a character device"
            case S_IFBLK: return "a block device"
            case S_IFSOCK: return "a socket"
            default: return "not a regular file"
            }
        }

        private static func errnoText() -> String { String(cString: strerror(errno)) }

        /// Classifies one path; pushes folders onto the stack. Returns nil when nothing is reported.
        private mutating func visit(_ path: String, explicit: Bool) -> WalkItem? {
            var st = stat()
            guard FileSystemPath.withCPath(path, { lstat($0, &st) }) == 0 else {
                // An input naming one subtune of a chip file (`<file>/subtune-<n>`, as dedup lists
                // print it) goes to the ingestor, which renders that subtune.
                if explicit, errno == ENOTDIR, let locator = SubtuneLocator(path: path), FileSystemPath.isRegularFile(locator.file) {
                    return .file(path: path)
                }
                return .failed(path: path, reason: "cannot stat: \(Self.errnoText())")
            }
            if (st.st_mode & S_IFMT) == S_IFLNK {
                guard FileSystemPath.withCPath(path, { stat($0, &st) }) == 0 else {
                    return explicit
                        ? .failed(path: path, reason: "dangling symlink: \(Self.errnoText())")
                        : .skipped(path: path, reason: "dangling symlink")
                }
            }
            switch st.st_mode & S_IFMT {
            case S_IFREG:
                return .file(path: path)
            case S_IFDIR:
                let id = DirectoryID(device: UInt64(st.st_dev), inode: UInt64(st.st_ino))
                guard visited.insert(id).inserted else {
                    return .skipped(path: path, reason: "folder already visited (symlink loop or repeated input)")
                }
                guard let names = list(path) else {
                    return .failed(path: path, reason: "cannot read folder: \(Self.errnoText())")
                }
                stack.append(Frame(directory: path, names: names, index: 0))
                return nil
            default:
                let reason = "\(Self.kindName(st.st_mode)), not a regular file"
                return explicit ? .failed(path: path, reason: reason) : .skipped(path: path, reason: reason)
            }
        }

        private func list(_ path: String) -> [String]? {
            guard let dir = FileSystemPath.withCPath(path, { opendir($0) }) else { return nil }
            defer { closedir(dir) }
            var names: [String] = []
            while let entry = readdir(dir) {
                // Raw bytes, kept lossless (`FileSystemPath`): a Latin-1 name is not another file's.
                let name = withUnsafeBytes(of: entry.pointee.d_name) { raw in
                    FileSystemPath.string(fromBytes: raw.prefix { $0 != 0 })
                }
                if name.isEmpty { continue }
                if name == "." || name == ".." { continue }
                if !includeHidden && name.hasPrefix(".") { continue }
                names.append(name)
            }
            names.sort { $0.utf8.lexicographicallyPrecedes($1.utf8) }
            return names
        }
    }

    /// Counts regular files the walk would yield (for progress ETA); cheap: stat only.
    public func countFiles() -> Int {
        var n = 0
        for case .file in self { n += 1 }
        return n
    }
}
