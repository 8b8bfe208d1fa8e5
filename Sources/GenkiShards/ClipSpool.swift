import Foundation

/// Clips rendered ahead of the shard writer: each clipped source is decoded once and all its
/// clips are rendered from that one decode, then parked on disk until the writer, which goes
/// in key order (clips of one source are spread over the shards), takes them. Memory stays at
/// one source per job; the spool lives in the system's temporary folder and is removed at the
/// end.
final class ClipSpool: @unchecked Sendable {
    private let directory: URL
    private let lock = NSLock()
    private var failures: [String: ShardError] = [:]
    private var stored = Set<String>()

    init() throws(ShardError) {
        let token = String(UInt64.random(in: .min ... .max), radix: 16)
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("genki-clips-\(token)")
        do {
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: false, attributes: [.posixPermissions: 0o700])
        } catch {
            throw .write("the clip spool cannot be created in the temporary folder: \(error.localizedDescription)")
        }
    }

    /// Parks a rendered sample (or its failure); returns why the spool could not take it.
    func put(_ key: String, _ result: Result<[UInt8], ShardError>) -> ShardError? {
        switch result {
        case .success(let bytes):
            do { try Data(bytes).write(to: directory.appendingPathComponent(key)) } catch {
                return .write("the clip spool cannot be written: \(error.localizedDescription)")
            }
            lock.withLock { _ = stored.insert(key) }
        case .failure(let error):
            lock.withLock { failures[key] = error }
        }
        return nil
    }

    /// Takes a parked sample out (nil when the key was not spooled).
    func take(_ key: String) -> Result<[UInt8], ShardError>? {
        let (isStored, failure) = lock.withLock { (stored.contains(key), failures[key]) }
        if let failure { return .failure(failure) }
        guard isStored else { return nil }
        let url = directory.appendingPathComponent(key)
        defer { try? FileManager.default.removeItem(at: url) }
        guard let data = FileManager.default.contents(atPath: url.path) else { return .failure(.write("a spooled clip cannot be read")) }
        return .success([UInt8](data))
    }

    /// Removes the spool.
    func remove() { try? FileManager.default.removeItem(at: directory) }
}
