import Crypto
import Foundation

/// The upstream model commitment a miner publishes on chain:
/// `namespace:name:commit:secure_hash:competition_id`, with
/// `secure_hash = base64(sha256(dir_hash + hotkey))` and the upstream directory hash:
/// base64(sha256 of the concatenated base64 SHA-256 digests of every file, walked as Python's
/// `os.walk` with sorted folders and files — a folder's files first, then its subfolders).
public struct ModelCommitment: Sendable, Equatable {
    public var namespace: String
    public var name: String
    public var commit: String
    public var secureHash: String
    public var competitionID: String

    /// Parses `namespace:name:commit:secure_hash:competition_id` (nil when malformed).
    public init?(_ text: String) {
        let parts = text.split(separator: ":", omittingEmptySubsequences: false).map(String.init)
        guard parts.count == 5, !parts[0].isEmpty, !parts[1].isEmpty, parts[3].count == 44 else { return nil }
        (namespace, name, commit, secureHash, competitionID) = (parts[0], parts[1], parts[2], parts[3], parts[4])
    }

    public var text: String { [namespace, name, commit, secureHash, competitionID].joined(separator: ":") }

    /// The upstream directory hash of a model folder.
    public static func directoryHash(_ root: URL) throws -> String {
        var digest = SHA256()
        try walk(root) { file in
            var fileHash = SHA256()
            let handle = try FileHandle(forReadingFrom: file)
            defer { try? handle.close() }
            while let chunk = try handle.read(upToCount: 1 << 16), !chunk.isEmpty { fileHash.update(data: chunk) }
            digest.update(data: Data(Data(fileHash.finalize()).base64EncodedString().utf8))
        }
        return Data(digest.finalize()).base64EncodedString()
    }

    /// base64(sha256(directory hash + hotkey)).
    public static func secureHash(directoryHash: String, hotkey: String) -> String {
        Data(SHA256.hash(data: Data((directoryHash + hotkey).utf8))).base64EncodedString()
    }

    /// Whether the model folder and hotkey reproduce this commitment's secure hash.
    public func matches(directory: URL, hotkey: String) throws -> Bool {
        Self.secureHash(directoryHash: try Self.directoryHash(directory), hotkey: hotkey) == secureHash
    }

    /// Pre-order walk: a folder's regular files (following file symlinks, like os.walk), sorted by
    /// code point, then its subfolders (not followed through symlinks), sorted.
    static func walk(_ dir: URL, _ visit: (URL) throws -> Void) throws {
        let names = try FileManager.default.contentsOfDirectory(atPath: dir.path).sorted { Array($0.utf8).lexicographicallyPrecedes(Array($1.utf8)) }
        var folders: [URL] = []
        for name in names {
            let url = dir.appendingPathComponent(name)
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: url.path, isDirectory: &isDirectory) else { continue }
            if isDirectory.boolValue {
                let attributes = try FileManager.default.attributesOfItem(atPath: url.path)
                if attributes[.type] as? FileAttributeType != .typeSymbolicLink { folders.append(url) }
            } else {
                try visit(url)
            }
        }
        for folder in folders { try walk(folder, visit) }
    }
}
