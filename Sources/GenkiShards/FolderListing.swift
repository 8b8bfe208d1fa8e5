import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// The entries of a shard folder, and the names genki's writer gives its files.
struct FolderListing {
    /// The clear files beside the shards, in checksum order.
    static let clearFiles = ["SHA256SUMS", "croissant.json", "dataset.json", "manifest.jsonl"]
    /// Every entry, hidden ones included, sorted.
    var names: [String]
    /// Entries that are not regular files (directories, symbolic links, devices, sockets).
    var irregular: Set<String>

    /// Lists `directory` without following links; nil when it cannot be listed.
    static func read(_ directory: URL) -> FolderListing? {
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: directory.path) else { return nil }
        var irregular = Set<String>()
        for name in names {
            var info = stat()
            if lstat(directory.appendingPathComponent(name).path, &info) != 0 || info.st_mode & S_IFMT != S_IFREG { irregular.insert(name) }
        }
        return FolderListing(names: names.sorted(), irregular: irregular)
    }

    /// Whether the folder is a sealed one (`genki shard --encrypt-to`).
    var isSealed: Bool {
        names.contains { $0 == SealedManifest.fileName || $0 == "recipient.json" || $0.hasSuffix(".tar.sealed") }
    }

    /// The shard index of `file` when it is `NAME-%06d.tar` (with `suffix` appended), else nil.
    static func shardIndex(_ file: String, name: String, suffix: String = "") -> Int? {
        // Bytes, not `String` equality: Swift compares strings up to canonical equivalence, and
        // U+212A KELVIN SIGN equals "K" there.
        let bytes = Array(file.utf8)
        let stem = Array((name + "-").utf8)
        let tail = Array((".tar" + suffix).utf8)
        guard bytes.count == stem.count + 6 + tail.count, bytes.starts(with: stem), bytes.suffix(tail.count).elementsEqual(tail) else { return nil }
        let digits = bytes.dropFirst(stem.count).prefix(6)
        guard digits.allSatisfy({ $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9") }) else { return nil }
        return Int(String(decoding: digits, as: UTF8.self))
    }

    /// The dataset name the shards carry, for a folder whose card cannot say: the prefix of the
    /// first `NAME-%06d.tar`.
    func inferredName(suffix: String = "") -> String? {
        let tail = "-000000.tar" + suffix
        return names.first { $0.hasSuffix(tail) && $0.utf8.count > tail.utf8.count }.map { String($0.dropLast(tail.count)) }
    }

    /// The shard names in order (`NAME-000000.tar`, … with no gap), reporting every entry that is
    /// not part of the layout: unlisted names, gaps, hidden files, folders and links. The clear
    /// files belong to plain folders only (`clearFilesAllowed`); `extra` names any others.
    func layout(name: String, suffix: String = "", extra: Set<String> = [], clearFilesAllowed: Bool = true, log: inout ProblemLog) -> [String] {
        var indexed: [Int: String] = [:]
        for entry in names {
            let ascii = entry.utf8.allSatisfy { $0 >= 0x20 && $0 < 0x7F }
            if ascii, let index = Self.shardIndex(entry, name: name, suffix: suffix) {
                indexed[index] = entry
            } else if !ascii || (!(clearFilesAllowed && Self.clearFiles.contains(entry)) && !extra.contains(entry)) {
                log.add(entry, nil, "stray file: not part of the shard layout (not a \(name)-NNNNNN.tar\(suffix) shard or a listed file)")
            }
        }
        var shards: [String] = []
        while let next = indexed[shards.count] { shards.append(next) }
        for (index, entry) in indexed.sorted(by: { $0.key < $1.key }) where index >= shards.count {
            log.add(entry, nil, "stray shard: shard \(shards.count) is missing, so the shards are not numbered 0…n-1 without gaps")
        }
        for entry in names where irregular.contains(entry) {
            log.add(entry, nil, "not a regular file (folder, link or device)")
        }
        return shards
    }
}
