/// The item path of one subtune of a multi-song chip file (an NSF rip, a SID compilation, a
/// module with several subsongs): `<file>/subtune-<n>`, `n` counted from 1.
///
/// A regular file has no children, so no walked path has this form below a file: the name is
/// unambiguous, sorts next to its file, and serves every stage that keys items by path (dedup
/// lists, the registry). Whether a path of this form names a subtune is decided by the file
/// system: the part before the suffix must be a regular file (`open` of the whole path then
/// fails with ENOTDIR).
public struct SubtuneLocator: Sendable, Equatable, Hashable {
    /// The chip file's path as walked.
    public var file: String
    /// The subtune, from 1.
    public var subtune: Int

    static let prefix = "subtune-"

    /// Subtune `subtune` (from 1) of the chip file at `file`.
    public init(file: String, subtune: Int) {
        self.file = file
        self.subtune = subtune
    }

    /// The item path.
    public var path: String { file + "/" + Self.prefix + String(subtune) }

    /// Splits an item path of the form `<file>/subtune-<n>` (n ≥ 1, decimal, no leading zero);
    /// nil for any other path.
    public init?(path: String) {
        guard let slash = path.lastIndex(of: "/") else { return nil }
        let name = path[path.index(after: slash)...]
        guard name.hasPrefix(Self.prefix) else { return nil }
        let file = String(path[..<slash])
        let digits = name.dropFirst(Self.prefix.count)
        guard !file.isEmpty, (1...9).contains(digits.count), digits.first != "0", digits.allSatisfy({ $0.isASCII && $0.isNumber }),
            let n = Int(digits)
        else { return nil }
        self.init(file: file, subtune: n)
    }
}
