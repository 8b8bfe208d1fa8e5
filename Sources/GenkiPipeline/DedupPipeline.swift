import Foundation
import GenkiDedup
import GenkiIngest
import GenkiModel
import GenkiRegistry

/// `genki dedup`: ingest (fingerprint profile, with fingerprints) → items → either this rank's
/// partition file (distributed runs) or clusters, recorded in the registry when asked.
public enum DedupPipeline {
    /// What the analysis pass found: the items to match, and the inputs that failed or were skipped.
    public struct Analysis: Sendable {
        public var items: [CatalogItem]
        public var scan: CatalogScan
    }

    /// Ingests `paths` (only the files `options.fileFilter` admits) into dedup items; with
    /// `crossModal`, each MIDI item also gets the fingerprint of its built-in render, made in the
    /// parallel ingest from the notes it parsed. Successful records go to `sink` as they arrive.
    public static func analyse(paths: [String], options: IngestOptions, crossModal: Bool, sink: RegistrySink?, analysed: ((Double) -> Void)? = nil) async -> Analysis {
        var ingest = options
        ingest.profile = .fp
        ingest.fingerprints = true
        ingest.renders = crossModal
        let scan = await CatalogScan.run(paths: paths, options: ingest, sink: sink, analysed: analysed)
        return Analysis(items: scan.records.compactMap(\.catalogItem), scan: scan)
    }

    /// Clusters `items` (against an earlier index's items when given, which count as registered
    /// first) and records the run in the sink's registry.
    public static func cluster(_ items: [CatalogItem], engine: DedupEngine, against reference: [CatalogItem]? = nil, sink: RegistrySink?) async throws(RegistryError) -> DedupResult {
        let result: DedupResult
        if let reference {
            result = await engine.run(items, against: reference)
        } else {
            result = await engine.run(items)
        }
        if let sink {
            try sink.finish()
            try sink.registry.recordDedupRun(
                dataset: sink.dataset, items: result.items,
                clusters: result.clusters.map { c in (c.cluster, c.members.map { ($0.path, $0.role == .kept) }) },
                dropped: result.dropped.count, audioThreshold: engine.audioThreshold, midiThreshold: engine.midiThreshold
            )
        }
        return result
    }

    /// The items of an earlier index: a registry database (its items with stored fingerprints,
    /// in registration order) or the partition folder of a finished run.
    public static func reference(_ path: String) throws -> [CatalogItem] {
        var isDirectory: ObjCBool = false
        if FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory), !isDirectory.boolValue {
            return try Registry(path: path, migrate: false).items()
        }
        let directory = URL(fileURLWithPath: path)
        guard let worldSize = PartitionFile.finishedWorldSize(directory: directory) else { throw PipelineError.notAnIndex }
        return try PartitionFile.load(directory: directory, worldSize: worldSize)
    }
}
