import Foundation
import GenkiDedup
import GenkiIngest
import GenkiShards

/// `genki shard`: ingest (fingerprint profile) → dedup → shards.
public enum ShardPipeline {
    /// Analyses every input, drops duplicates (unless `keepDuplicates`), and writes the shard
    /// folder `out` (resuming complete shards already there).
    public static func build(paths: [String], out: URL, secret: ShardSecret, options: ShardOptions) async throws(ShardError) -> ShardReport {
        try ShardBuilder.prepare(out: out, options: options)
        // 1. Ingest with fingerprints (for dedup).
        var ingestOptions = IngestOptions(profile: .fp, jobs: options.jobs, includeHidden: options.includeHidden, fingerprints: true)
        ingestOptions.isolation = options.isolation
        ingestOptions.subtunes = options.subtunes
        let scan = await CatalogScan.run(paths: paths, options: ingestOptions) { options.progress?(.analysed(audioSeconds: $0)) }
        var report = ShardReport()
        report.failed = scan.failed
        report.skipped = scan.skipped
        var records = scan.records
        // MIDI is left out unless it is rendered or included, before dedup, so each MIDI file
        // is counted once as left out (not as some other file's duplicate).
        if !options.includeMIDI && !options.renderMIDI {
            report.midiLeftOut = records.filter { $0.midi != nil }.map(\.path)
            records.removeAll { $0.midi != nil }
        }
        // 2. Dedup.
        var dropped = Set<String>()
        if !options.keepDuplicates {
            options.progress?(.matching(items: records.count))
            let result = await DedupEngine(jobs: options.jobs).run(records.compactMap(\.catalogItem))
            dropped = Set(result.dropped)
            report.duplicates = result.dropped
        }
        // 3. Plan, render and write.
        return try await ShardBuilder.write(records: records, dropped: dropped, report: report, out: out, secret: secret, options: options)
    }
}
