import GenkiIngest

/// What one pass over the inputs found: every successful record, and every input that failed or
/// was skipped with its reason. Paths appear only here, for local reports.
public struct CatalogScan: Sendable {
    /// Successful records, in input order.
    public var records: [IngestRecord] = []
    /// (path, reason) of each input that could not be analysed.
    public var failed: [(path: String, reason: String)] = []
    /// (path, reason) of each input passed over on purpose (not media, a format genki cannot read yet).
    public var skipped: [(path: String, reason: String)] = []

    public init() {}

    /// Ingests every input under `paths` (in parallel, decoded where `options.isolation` says),
    /// queueing successful records into `sink` as they arrive. `analysed` is told each input's
    /// audio length (0 for MIDI, skipped and failed inputs) as it finishes.
    public static func run(paths: [String], options: IngestOptions, sink: RegistrySink? = nil, analysed: ((Double) -> Void)? = nil) async -> CatalogScan {
        var scan = CatalogScan()
        _ = await IngestRunner.run(paths: paths, options: options) { outcome in
            switch outcome {
            case .record(let r):
                sink?.add(r)
                if r.isOK { scan.records.append(r) } else { scan.failed.append((r.path, r.reason ?? "unknown")) }
                // Progress counts walked files: a chip file's later subtunes are not files.
                if (r.chip?.subtune ?? 1) == 1 { analysed?(r.format?.durationSeconds ?? 0) }
            case .skipped(let path, let reason):
                scan.skipped.append((path, reason))
                analysed?(0)
            }
        }
        return scan
    }
}
