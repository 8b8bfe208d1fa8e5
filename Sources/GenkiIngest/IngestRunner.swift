import Foundation

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
    public var files = 0
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
        case audioSeconds = "audio_seconds"
        case midiSeconds = "midi_seconds"
    }

    /// Folds one outcome into the totals.
    public mutating func add(_ outcome: IngestOutcome) {
        switch outcome {
        case .record(let r):
            files += 1
            if r.isOK {
                ok += 1
                audioSeconds += r.format?.durationSeconds ?? 0
                midiSeconds += r.midi?.durationSeconds ?? 0
                bytes += r.sizeBytes ?? 0
            } else {
                failed += 1
            }
        case .skipped:
            skipped += 1
        }
    }
}

/// Runs the ingestor over a walk, `jobs` files at a time, and hands outcomes to `emit` in walk
/// order (so output is identical whatever `jobs` is). At most `4 × jobs` outcomes wait in memory.
public enum IngestRunner {
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
        await withTaskGroup(of: (Int, IngestOutcome).self) { group in
            var walk = FileWalker(roots: paths, includeHidden: options.includeHidden).makeIterator()
            var nextIndex = 0
            var nextToEmit = 0
            var inFlight = 0
            var ready: [Int: IngestOutcome] = [:]
            var walkDone = false

            func flush() {
                while let outcome = ready.removeValue(forKey: nextToEmit) {
                    summary.add(outcome)
                    emit(outcome)
                    nextToEmit += 1
                }
            }
            func refill() {
                while !walkDone, inFlight < jobs, nextIndex - nextToEmit < window {
                    guard let item = walk.next() else {
                        walkDone = true
                        break
                    }
                    if case .file(let path) = item, let filter = options.fileFilter, !filter(path) { continue }
                    let index = nextIndex
                    nextIndex += 1
                    switch item {
                    case .file(let path):
                        inFlight += 1
                        if let pool {
                            group.addTask { (index, await pool.ingest(path: path)) }
                        } else {
                            group.addTask { (index, ingestor.ingest(path: path)) }
                        }
                    case .failed(let path, let reason):
                        ready[index] = .record(.failure(path: path, stage: .walk, reason: reason))
                        flush()
                    case .skipped(let path, let reason):
                        ready[index] = .skipped(path: path, reason: reason)
                        flush()
                    }
                }
                flush()
            }

            refill()
            while inFlight > 0 {
                guard let (index, outcome) = await group.next() else { break }
                inFlight -= 1
                ready[index] = outcome
                flush()
                refill()
            }
            flush()
        }
        return summary
    }
}
