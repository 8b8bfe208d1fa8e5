import Foundation
import GenkiCore

/// Streams samples into `NAME-%06d.tar` shards, starting a new shard when the next sample would
/// pass `maxSamples` or `maxBytes`. Each shard goes to a hidden temporary file that is synced
/// and renamed when complete, so no half shard is ever visible under its final name.
public final class ShardWriter {
    public let directory: URL
    public let name: String
    public let maxSamples: Int
    public let maxBytes: Int
    /// Whether a finished shard is fsync'ed before its rename (crash safety; on by default).
    public var sync = true
    /// Index of the next shard to write.
    public private(set) var nextIndex: Int
    /// Shards written by this writer.
    public private(set) var written = 0
    /// The shard being written, a temporary file of this writer's own.
    private var temp: AtomicFile?
    private var bytes = 0
    private var samples = 0
    private static let zeros = [UInt8](repeating: 0, count: 2 * TarArchive.block)

    public init(directory: URL, name: String, maxSamples: Int, maxBytes: Int, firstIndex: Int = 0) {
        self.directory = directory
        self.name = name
        self.maxSamples = max(1, maxSamples)
        self.maxBytes = maxBytes
        nextIndex = firstIndex
    }

    /// An abandoned shard (the run failed part-way) is removed: it is this writer's own file.
    deinit { temp?.discard() }

    var finalURL: URL { directory.appendingPathComponent(ShardBuilder.shardName(name, nextIndex)) }

    /// The open temporary shard, created on first use.
    private func current() throws(ShardError) -> AtomicFile {
        if let temp { return temp }
        let created: AtomicFile
        do { created = try AtomicFile(for: finalURL) } catch { throw .write(error.message) }
        temp = created
        return created
    }

    /// Adds one sample as (member name, bytes) pairs, in order.
    public func add(_ members: [(name: String, data: [UInt8])]) throws(ShardError) {
        let size = members.reduce(0) { $0 + TarArchive.block + ($1.data.count + TarArchive.block - 1) / TarArchive.block * TarArchive.block }
        if samples > 0 && (samples + 1 > maxSamples || bytes + size + 2 * TarArchive.block > maxBytes) { try flush() }
        _ = try current()
        for m in members {
            try put(TarArchive.header(name: m.name, size: m.data.count))
            try put(m.data)
            let pad = (TarArchive.block - m.data.count % TarArchive.block) % TarArchive.block
            if pad > 0 { try put(Self.zeros, count: pad) }
        }
        bytes += size
        samples += 1
    }

    /// Adds one sample already rendered as tar members (`TarArchive.member` output).
    public func add(rendered: [UInt8]) throws(ShardError) {
        if samples > 0 && (samples + 1 > maxSamples || bytes + rendered.count + 2 * TarArchive.block > maxBytes) { try flush() }
        _ = try current()
        try put(rendered)
        bytes += rendered.count
        samples += 1
    }

    /// Completes the last, partial shard.
    public func finish() throws(ShardError) { try flush() }

    private func put(_ data: [UInt8], count: Int? = nil) throws(ShardError) {
        let file = try current()
        do {
            try file.write(data, count: count)
        } catch {
            file.discard()
            temp = nil
            throw .write(error.message)
        }
    }

    private func flush() throws(ShardError) {
        guard samples > 0, let file = temp else { return }
        try put(Self.zeros)
        temp = nil
        do { try file.commit(sync: sync) } catch { throw .write(error.message) }
        nextIndex += 1
        written += 1
        bytes = 0
        samples = 0
    }
}
