import GenkiIngest

extension ShardBuilder {
    /// Decodes (or renders) each clipped source among `todo` once, `jobs` sources at a time, and
    /// parks every clip rendered from that one decode in a spool the key-ordered writer drains
    /// (clips of one source are spread over the shards). Nil when nothing is clipped. Memory
    /// stays at one decoded source per job, each bounded by `maxSourceSeconds` /
    /// `maxRenderSeconds`; a clip that cannot be cut is parked as its failure.
    static func spoolClips(of todo: [PlannedSample], options: ShardOptions, report: inout ShardReport) async throws(ShardError) -> ClipSpool? {
        let clipped = Dictionary(grouping: todo.filter { $0.clip != nil }, by: { $0.path })
        guard !clipped.isEmpty else { return nil }
        let spool = try ClipSpool()
        let sources = clipped.keys.sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) }
        let window = min(max(1, options.jobs), IngestOptions.maxJobs)
        var next = 0
        while next < sources.count {
            let batch = Array(sources[next..<min(sources.count, next + window)])
            next += batch.count
            let spoolFailures: [ShardError] = await withTaskGroup(of: ShardError?.self) { group in
                for path in batch {
                    let samples = clipped[path] ?? []
                    group.addTask {
                        guard let first = samples.first else { return nil }
                        let source = Result { () throws(ShardError) -> DecodedSource in try decodedSource(for: first, options: options) }
                        for sample in samples {
                            let rendered = source.flatMap { s in Result { () throws(ShardError) -> [UInt8] in try members(for: sample, options: options, source: s) } }
                            if let problem = spool.put(sample.key, rendered) { return problem }
                        }
                        return nil
                    }
                }
                var out: [ShardError] = []
                for await e in group { if let e { out.append(e) } }
                return out
            }
            if let e = spoolFailures.first {
                spool.remove()
                throw e
            }
            report.sourceDecodes += batch.count
        }
        return spool
    }
}
