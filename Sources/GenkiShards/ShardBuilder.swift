import Crypto
import Foundation
import GenkiAudio
import GenkiCore
import GenkiFingerprint
import GenkiIngest
import GenkiMIDI
import GenkiModel
import GenkiSynth

/// Options of `genki shard`.
public struct ShardOptions: Sendable {
    /// Dataset name: shards are `NAME-%06d.tar`.
    public var name = "genki"
    public var profile: IngestProfile = .genki
    public var maxSamples = 1_000
    public var maxBytes = 1 << 30
    /// Pieces shorter than this are dropped.
    public var minimumSeconds = 30.0
    /// When set, pieces are cut into clips of this many seconds (a shorter last clip is dropped).
    public var clipSeconds: Double?
    /// Add `KEY.mid` (canonical, metadata-free) for MIDI files.
    public var includeMIDI = false
    /// Render MIDI files with the built-in chiptune renderer into `KEY.wav`.
    public var renderMIDI = false
    /// Add the tracker module a render came from, in its metadata-free canonical form
    /// (`KEY.mod`, `KEY.xm`, `KEY.s3m`, `KEY.it`; `ChipSourceMember`), where genki has one.
    public var includeSource = false
    /// Keep near and exact duplicates instead of dropping them.
    public var keepDuplicates = false
    public var jobs = ProcessInfo.processInfo.activeProcessorCount
    /// Where the ingest pass decodes files (`IngestIsolation`). Files that decoded cleanly there
    /// are decoded again in this process to write their samples.
    public var isolation: IngestIsolation = .inProcess
    /// Subtunes ingested per chip file (`IngestOptions.subtunes`).
    public var subtunes = IngestOptions.defaultSubtunes
    public var includeHidden = false
    /// Write `KEY.flac` (16-bit FLAC) instead of `KEY.wav`.
    public var flac = false
    /// Audio sources longer than this are not sharded (their decoded audio is held in memory).
    public var maxSourceSeconds = 3.0 * 3_600
    /// MIDI pieces longer than this are not rendered (or clipped).
    public var maxRenderSeconds = ChiptuneRenderer.defaultMaxSeconds
    /// Told what the run is doing (from the calling task and from worker tasks).
    public var progress: (@Sendable (ShardProgress) -> Void)?

    public init() {}
}

/// Where a `genki shard` run is, for a progress display.
public enum ShardProgress: Sendable, Equatable {
    /// One more input analysed (its audio length; 0 for MIDI, skipped or failed inputs).
    case analysed(audioSeconds: Double)
    /// Duplicate matching over this many analysed inputs has started.
    case matching(items: Int)
    /// Clipped sources decoded and cut so far, of the total.
    case cutting(done: Int, total: Int)
    /// Samples written so far, of the total to write in this run.
    case writing(done: Int, total: Int)
}

/// What a `genki shard` run did. Paths appear only here, in the local report.
public struct ShardReport: Sendable {
    public var samples = 0
    public var shards = 0
    public var resumedShards = 0
    public var durationSeconds = 0.0
    /// (path, reason) of every input not in the shards.
    public var failed: [(path: String, reason: String)] = []
    public var duplicates: [String] = []
    public var tooShort: [String] = []
    /// (path, reason) of every input that was not analysed (not media, an unsupported format).
    public var skipped: [(path: String, reason: String)] = []
    /// MIDI files left out because neither `renderMIDI` nor `includeMIDI` was asked for.
    public var midiLeftOut: [String] = []
    /// Chip items (files, or subtunes of a file) whose samples written in this run carry no
    /// source under `includeSource`: not a tracker module, or a module whose layout the
    /// stripper is not certain of (`ChipSourceMember`).
    public var sourceLeftOut: [String] = []
    /// The ingest records (fingerprint profile) of the sources the folder now holds samples of,
    /// in path order: what `--registry` records, so an audit sketch covers what was sharded.
    public var shardedSources: [IngestRecord] = []
    /// Sources decoded (or rendered) to write samples: each clipped source counts once.
    public var sourceDecodes = 0

    public init() {}
}

/// Deterministic WebDataset shards with keyed names, sidecars, manifest, checksums, dataset card
/// and Croissant description, from analysed (and deduplicated) sources. The ingest and dedup
/// passes that come first live in `GenkiPipeline` (`ShardPipeline.build`).
public enum ShardBuilder {
    /// Checks the options and creates the output folder; run before any analysis, so a bad name
    /// or clip length fails at once.
    public static func prepare(out: URL, options: ShardOptions) throws(ShardError) {
        if let problem = ShardOptions.nameProblem(options.name) { throw .write("invalid dataset name: \(problem)") }
        if let clip = options.clipSeconds, !ShardOptions.clipRange.contains(clip) {
            throw .write("clip length must be between \(ShardOptions.clipRange.lowerBound) and \(ShardOptions.clipRange.upperBound) s")
        }
        do {
            try FileManager.default.createDirectory(at: out, withIntermediateDirectories: true)
        } catch {
            throw .write("the output folder cannot be created")
        }
    }

    /// Plans and writes the samples of `records` (successful fingerprint-profile ingest records)
    /// except the paths in `dropped`, resuming complete shards already in `out`, and rebuilds the
    /// folder's manifest, checksums, card and Croissant. `report` arrives with what the analysis
    /// found (failures, skips, duplicates, MIDI left out) and leaves with the run's totals.
    public static func write(records: [IngestRecord], dropped: Set<String>, report: ShardReport, out: URL, secret: ShardSecret, options: ShardOptions) async throws(ShardError) -> ShardReport {
        var report = report
        // 1. Plan samples, sorted by key.
        let plan = ShardPlanner.plan(records: records, dropped: dropped, secret: secret, options: options)
        report.failed += plan.failed
        report.duplicates += plan.duplicates
        report.tooShort += plan.tooShort
        let planned = plan.samples
        // 2. Resume: samples already in complete shards are skipped. Each shard is read once per
        //    run: the index made here also feeds the manifest and checksums at the end.
        var index = try ShardFolderIndex(folder: out, name: options.name)
        let done = index.keys
        report.resumedShards = index.shards.count
        let todo = planned.filter { !done.contains($0.key) }
        var sharded = Set(planned.filter { done.contains($0.key) }.map(\.path))
        var writtenNow = Set<String>()
        // 3a. Clipped sources: decoded once each, all their clips rendered into a spool.
        let spool = try await SampleRenderer.spoolClips(of: todo, options: options) { decoded in report.sourceDecodes += decoded }
        defer { spool?.remove() }
        // 3. Render members in order (a bounded window in parallel), write shards.
        let writer = ShardWriter(directory: out, name: options.name, maxSamples: options.maxSamples, maxBytes: options.maxBytes, firstIndex: index.shards.count)
        let window = min(max(1, options.jobs), IngestOptions.maxJobs) * 2
        var start = 0
        while start < todo.count {
            let batch = Array(todo[start..<min(todo.count, start + window)])
            let rendered: [(Int, Result<[UInt8], ShardError>)] = await withTaskGroup(of: (Int, Result<[UInt8], ShardError>).self) { group in
                for (i, sample) in batch.enumerated() {
                    if let spooled = spool?.take(sample.key) {
                        group.addTask { (i, spooled) }
                    } else {
                        group.addTask { (i, Result { () throws(ShardError) -> [UInt8] in try SampleRenderer.members(for: sample, options: options) }) }
                    }
                }
                var out: [(Int, Result<[UInt8], ShardError>)] = []
                for await r in group { out.append(r) }
                return out.sorted { $0.0 < $1.0 }
            }
            report.sourceDecodes += batch.filter { $0.clip == nil }.count
            for (i, result) in rendered {
                switch result {
                case .success(let bytes):
                    try writer.add(rendered: bytes)
                    sharded.insert(batch[i].path)
                    writtenNow.insert(batch[i].path)
                case .failure(let error):
                    report.failed.append((batch[i].path, error.description))
                }
            }
            start += window
            options.progress?(.writing(done: min(start, todo.count), total: todo.count))
        }
        try writer.finish()
        report.shardedSources = plan.sources.filter { sharded.contains($0.path) }
        if options.includeSource {
            // Samples of a resumed folder stay as they were written.
            report.sourceLeftOut = report.shardedSources.filter { writtenNow.contains($0.path) && $0.chip != nil && !ChipSourceMember.carries($0) }.map(\.path)
        }
        // 4. Manifest, checksums, dataset card, Croissant: rebuilt from the shards themselves
        //    (the new ones read once here).
        try index.addNewShards()
        let summary = try index.writeSidecarFiles(options: options)
        report.samples = summary.samples
        report.shards = summary.shards
        report.durationSeconds = summary.duration
        return report
    }

    /// `NAME-%06d.tar`.
    public static func shardName(_ name: String, _ index: Int) -> String { String(format: "%@-%06d.tar", name, index) }

    /// Complete shards in the folder, in order. Temporary files are ignored and never removed:
    /// genki deletes only the temporary files it created in this run (`AtomicFile`).
    static func completeShards(in dir: URL, name: String) throws(ShardError) -> [URL] {
        let files = Set((try? FileManager.default.contentsOfDirectory(atPath: dir.path)) ?? [])
        var out: [URL] = []
        while files.contains(shardName(name, out.count)) { out.append(dir.appendingPathComponent(shardName(name, out.count))) }
        return out
    }

    static func readShard(_ url: URL) throws(ShardError) -> [TarArchive.Member] {
        guard let data = FileManager.default.contents(atPath: url.path) else { throw .verification("a shard cannot be read") }
        return try TarArchive.read([UInt8](data))
    }

    /// Writes to a fresh hidden temporary file of genki's own in the same folder, syncs, then
    /// renames; on failure only that temporary file is removed.
    public static func writeAtomically(_ bytes: [UInt8], to url: URL) throws(ShardError) {
        do { try AtomicFile.write(bytes, to: url) } catch { throw .write(error.message) }
    }

    /// Rewrites manifest.jsonl, dataset.json, croissant.json and SHA256SUMS from the shards.
    static func writeSidecarFiles(out: URL, options: ShardOptions) throws(ShardError) -> (samples: Int, shards: Int, duration: Double) {
        try ShardFolderIndex(folder: out, name: options.name).writeSidecarFiles(options: options)
    }

    static func sha256Hex(_ bytes: [UInt8]) -> String { Hex.encode(SHA256.hash(data: bytes)) }
}
