import Foundation

/// The layout of a sealed folder: `NAME-%06d.tar.sealed` shards, `index.sealed`, `sealed.json`
/// and `recipient.json`, nothing else (format 3: no clear manifest, checksums or card); and the
/// checks that need no key.
enum SealedFolder {
    static let recipientFile = "recipient.json"
    static let indexFile = "index.sealed"
    static let suffix = ".sealed"

    /// Checks the folder against its `sealed.json` without the key: every entry is part of the
    /// layout, every committed file is present with its size and digest, no shard is missing
    /// or added. Returns the (not yet authenticated) manifest when it can be read.
    static func check(directory: URL, listing: FolderListing, log: inout ProblemLog) -> SealedManifest? {
        let extra: Set<String> = [SealedManifest.fileName, recipientFile, indexFile]
        guard listing.names.contains(SealedManifest.fileName), !listing.irregular.contains(SealedManifest.fileName),
            let raw = FileManager.default.contents(atPath: directory.appendingPathComponent(SealedManifest.fileName).path)
        else {
            log.add(SealedManifest.fileName, nil, "missing: without it the folder cannot be checked for dropped or added shards (a format 1 sealed folder: re-seal it)")
            _ = listing.layout(name: listing.inferredName(suffix: suffix) ?? "genki", suffix: suffix, extra: extra, clearFilesAllowed: false, log: &log)
            return nil
        }
        let manifest: SealedManifest
        do { manifest = try SealedManifest.decode([UInt8](raw)) } catch {
            log.add(SealedManifest.fileName, nil, error.description)
            return nil
        }
        let name = manifest.shards.first.map { String($0.name.dropLast("-000000.tar.sealed".count)) } ?? listing.inferredName(suffix: suffix) ?? "genki"
        let expected = (0..<max(0, min(manifest.shardCount, 1_000_000))).map { ShardBuilder.shardName(name, $0) + suffix }
        if manifest.shards.map(\.name) != expected || ShardOptions.nameProblem(name) != nil {
            log.add(SealedManifest.fileName, nil, "its shard list is not \(manifest.shardCount) shards named NAME-000000.tar.sealed onwards")
        }
        let present = listing.layout(name: name, suffix: suffix, extra: extra, clearFilesAllowed: false, log: &log)
        for entry in manifest.shards where !present.contains(entry.name) {
            log.add(entry.name, nil, "listed in sealed.json but missing (a dropped shard)")
        }
        for file in present where !manifest.shards.contains(where: { $0.name == file }) {
            log.add(file, nil, "not listed in sealed.json (an added shard)")
        }
        if manifest.index.name != indexFile {
            log.add(SealedManifest.fileName, nil, "its index is not \(indexFile)")
        }
        for file in [recipientFile, indexFile] where !listing.names.contains(file) { log.add(file, nil, "missing") }
        for entry in manifest.shards + [manifest.index] where listing.names.contains(entry.name) {
            if let problem = committedProblem(directory: directory, entry: entry).problem { log.add(entry.name, nil, problem) }
        }
        return manifest
    }

    /// Reads a committed file and checks its size and digest against `entry`: (bytes, problem).
    static func committedProblem(directory: URL, entry: SealedManifest.Entry) -> (bytes: [UInt8]?, problem: String?) {
        guard let data = FileManager.default.contents(atPath: directory.appendingPathComponent(entry.name).path) else {
            return (nil, "cannot be read")
        }
        let bytes = [UInt8](data)
        if bytes.count != entry.bytes || ShardBuilder.sha256Hex(bytes) != entry.sha256 {
            return (nil, "differs from sealed.json (\(bytes.count) bytes, SHA-256 \(ShardBuilder.sha256Hex(bytes))): changed, swapped or rewritten")
        }
        return (bytes, nil)
    }

    /// The first problem of a log as one error, with a count of the others.
    static func failure(_ log: ProblemLog) -> ShardError {
        let all = log.all
        let more = all.count > 1 ? " (and \(all.count - 1) more problems)" : ""
        return .verification((all.first?.description ?? "unknown problem") + more)
    }
}
