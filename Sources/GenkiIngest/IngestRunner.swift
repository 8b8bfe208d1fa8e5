import Foundation
import GenkiModel

/// Options for a whole ingest run.
public struct IngestOptions: Sendable {
    /// Most files processed at once (larger requests are clamped to it).
    public static let maxJobs = 512
    public var profile: IngestProfile
    /// Files processed at once (defaults to the core count).
    public var jobs: Int
    /// Whether dot-files inside folders are included.
    public var includeHidden: Bool
    /// Whether audio records carry in-memory fingerprints (forces nothing: needs `profile: .fp`).
    public var fingerprints: Bool
    /// Whether MIDI records also carry the fingerprint of their built-in render (`--cross-modal`):
    /// rendered in the parallel ingest, from the note stream the parser already made.
    public var renders = false
    /// When set, regular files it rejects are left out entirely (e.g. another partition's).
    public var fileFilter: (@Sendable (String) -> Bool)?
    /// Where files are decoded: in this process (the library default) or in worker processes
    /// (the CLI's default), so that a decoder fault costs one file, not the run.
    public var isolation: IngestIsolation = .inProcess
    /// Subtunes ingested per chip file, each as its own item (`<file>/subtune-<n>`); a file
    /// with more gets a warning on its first item. Clamped to `1...maxSubtunesLimit`.
    public var subtunes = IngestOptions.defaultSubtunes {
        didSet { subtunes = min(max(1, subtunes), Self.maxSubtunesLimit) }
    }
    /// The default `subtunes` cap.
    public static let defaultSubtunes = 64
    /// The largest `subtunes` cap accepted.
    public static let maxSubtunesLimit = 1_024

    public init(
        profile: IngestProfile = .genki, jobs: Int = ProcessInfo.processInfo.activeProcessorCount,
        includeHidden: Bool = false, fingerprints: Bool = false
    ) {
        self.profile = profile
        // Clamped: a window of `4 × jobs` outcomes is sized from it (2^61 jobs would overflow).
        self.jobs = min(max(1, jobs), Self.maxJobs)
        self.includeHidden = includeHidden
        self.fingerprints = fingerprints
    }
}

/// Totals of a run. Deterministic: no timings.
public struct IngestSummary: Codable, Sendable, Equatable {
    /// Walked files that got a record.
    public var files = 0
    /// Records that are a second or later subtune of a chip file (each subtune is an item);
    /// `ok + failed` is `files + subtuneItems`.
    public var subtuneItems = 0
    public var ok = 0
    public var failed = 0
    public var skipped = 0
    public var audioSeconds = 0.0
    /// Total length of the MIDI files analysed.
    public var midiSeconds = 0.0
    public var bytes: Int64 = 0

    public init() {}

    enum CodingKeys: String, CodingKey {
        case files, ok, failed, skipped, bytes
        case subtuneItems = "subtune_items"
        case audioSeconds = "audio_seconds"
        case midiSeconds = "midi_seconds"
    }

    /// Folds one outcome into the totals; `laterSubtune` marks the record of a chip file's
    /// second or later subtune (its file is already counted, bytes included).
    public mutating func add(_ outcome: IngestOutcome, laterSubtune: Bool = false) {
        switch outcome {
        case .record(let r):
            if laterSubtune { subtuneItems += 1 } else { files += 1 }
            if r.isOK {
                ok += 1
                audioSeconds += r.format?.durationSeconds ?? 0
                midiSeconds += r.midi?.durationSeconds ?? 0
                if !laterSubtune { bytes += r.sizeBytes ?? 0 }
            } else {
                failed += 1
            }
        case .skipped:
            skipped += 1
        }
    }
}

/// Runs the ingestor over a walk, `jobs` files at a time, and hands outcomes to `emit` in walk
/// order (so output is identical whatever `jobs` is). At most `4 × jobs` walked files wait in
/// memory. A chip file with several subtunes becomes one item per subtune (up to
/// `IngestOptions.subtunes`), emitted in subtune order in its file's place.
public enum IngestRunner {
    /// Where an outcome goes in the output: the walked file's position, then the subtune.
    struct WorkKey: Hashable {
        var index: Int
        var subtune: Int
    }

    /// Ingests everything under `paths`; returns the totals.
    public static func run(
        paths: [String], options: IngestOptions, emit: (IngestOutcome) -> Void
    ) async -> IngestSummary {
        let ingestor = FileIngestor(profile: options.profile, fingerprints: options.fingerprints, renders: options.renders)
        let jobs = min(max(1, options.jobs), IngestOptions.maxJobs)
        let pool: WorkerPool?
        if case .workers(let limits) = options.isolation {
            pool = WorkerPool(count: jobs, limits: limits, profile: options.profile, fingerprints: options.fingerprints, renders: options.renders)
        } else {
            pool = nil
        }
        defer { pool?.shutdown() }
        let window = jobs * 4
        var summary = IngestSummary()
        await withTaskGroup(of: (WorkKey, IngestOutcome).self) { group in
            var walk = FileWalker(roots: paths, includeHidden: options.includeHidden).makeIterator()
            var nextIndex = 0
            var nextToEmit = WorkKey(index: 0, subtune: 1)
            var inFlight = 0
            var ready: [WorkKey: IngestOutcome] = [:]
            // Subtunes still to ingest (asked for when a file's first item says it has more), and
            // the last subtune expected per walked file with several.
            var pending: [(key: WorkKey, path: String)] = []
            var lastSubtune: [Int: Int] = [:]
            // The path asked for, per walked file in flight (a subtune's own path is not expanded).
            var requested: [Int: String] = [:]
            var walkDone = false

            func start(_ key: WorkKey, _ path: String) {
                inFlight += 1
                if let pool {
                    group.addTask { (key, await pool.ingest(path: path)) }
                } else {
                    group.addTask { (key, ingestor.ingest(path: path)) }
                }
            }
            func flush() {
                while let outcome = ready.removeValue(forKey: nextToEmit) {
                    summary.add(outcome, laterSubtune: nextToEmit.subtune > 1)
                    emit(outcome)
                    let last = lastSubtune[nextToEmit.index] ?? 1
                    if nextToEmit.subtune < last {
                        nextToEmit.subtune += 1
                    } else {
                        lastSubtune[nextToEmit.index] = nil
                        nextToEmit = WorkKey(index: nextToEmit.index + 1, subtune: 1)
                    }
                }
            }
            func refill() {
                while inFlight < jobs, !pending.isEmpty {
                    let next = pending.removeFirst()
                    start(next.key, next.path)
                }
                while !walkDone, inFlight < jobs, nextIndex - nextToEmit.index < window {
                    guard let item = walk.next() else {
                        walkDone = true
                        break
                    }
                    if case .file(let path) = item, let filter = options.fileFilter, !filter(path) { continue }
                    let key = WorkKey(index: nextIndex, subtune: 1)
                    nextIndex += 1
                    switch item {
                    case .file(let path):
                        requested[key.index] = path
                        start(key, path)
                    case .failed(let path, let reason):
                        ready[key] = .record(.failure(path: path, stage: .walk, reason: reason))
                        flush()
                    case .skipped(let path, let reason):
                        ready[key] = .skipped(path: path, reason: reason)
                        flush()
                    }
                }
                flush()
            }
            /// A walked file's first item that says the file has more subtunes: the others are
            /// queued (up to the cap), and a file over the cap says so on its first item.
            func expand(_ key: WorkKey, _ outcome: IngestOutcome) -> IngestOutcome {
                let asked = key.subtune == 1 ? requested.removeValue(forKey: key.index) : nil
                guard let asked, case .record(var record) = outcome, let chip = record.chip, chip.subtunes > 1,
                    let locator = SubtuneLocator(path: record.path), locator.file == asked
                else { return outcome }
                let last = min(chip.subtunes, options.subtunes)
                lastSubtune[key.index] = last
                if last >= 2 {
                    for n in 2...last {
                        pending.append((WorkKey(index: key.index, subtune: n), SubtuneLocator(file: locator.file, subtune: n).path))
                    }
                }
                if chip.subtunes > last {
                    let ingested = last == 1 ? "only the first is" : "the first \(last) are"
                    record.warnings = (record.warnings ?? []) + ["\(chip.subtunes) subtunes: \(ingested) ingested (--subtunes)"]
                }
                return .record(record)
            }

            refill()
            while inFlight > 0 {
                guard let (key, outcome) = await group.next() else { break }
                inFlight -= 1
                ready[key] = expand(key, outcome)
                flush()
                refill()
            }
            flush()
        }
        return summary
    }
}
