import GenkiAudio
import GenkiIngest

/// One sample to write.
struct PlannedSample: Sendable {
    var key: String
    var path: String
    var record: IngestRecord
    var isMIDI: Bool
    /// Clip index and length when cutting clips.
    var clip: (index: Int, seconds: Double)?
}

/// What a shard run will write: the samples, sorted by key, and the sources it leaves out.
struct ShardPlan: Sendable {
    /// The ingest records considered, in path order.
    var sources: [IngestRecord] = []
    var samples: [PlannedSample] = []
    /// (path, reason) of sources too long to hold in memory.
    var failed: [(path: String, reason: String)] = []
    /// Exact copies of a source planned earlier (without `keepDuplicates`).
    var duplicates: [String] = []
    /// Sources shorter than the minimum or than one clip.
    var tooShort: [String] = []
}

/// Plans a run's samples: which sources become samples (or clips), under which keyed names.
/// Keys derive from content under the folder's secret, so the plan does not depend on paths
/// or input order.
enum ShardPlanner {
    /// The plan for `records` (successful fingerprint-profile ingest records) except the paths
    /// in `dropped`.
    static func plan(records: [IngestRecord], dropped: Set<String>, secret: ShardSecret, options: ShardOptions) -> ShardPlan {
        var plan = ShardPlan()
        var plannedKeys = Set<String>()
        plan.sources = records.sorted { $0.path.utf8.lexicographicallyPrecedes($1.path.utf8) }
        for r in plan.sources where !dropped.contains(r.path) {
            let isMIDI = r.midi != nil
            guard let contentHash = isMIDI ? r.midi?.canonicalXXH3 : r.pcmXXH3 else { continue }
            // Audio is judged by the frames the shard will hold (the resampler writes exactly
            // round(frames × rate ÷ source rate)), not by the source's duration.
            let rate = options.profile.sampleRate
            let outputFrames = r.format.map { Resampler.expectedFrames(inputFrames: $0.frames, inputRate: $0.sampleRate, outputRate: rate) }
            let seconds = isMIDI ? (r.midi?.durationSeconds ?? 0) : outputFrames.map { Double($0) / Double(rate) } ?? 0
            // Decoded or rendered audio is held in memory: refuse sources too long for that
            // (a 47-byte MIDI file can claim 10⁹ seconds) before planning any clip of them.
            let limit = isMIDI ? options.maxRenderSeconds : options.maxSourceSeconds
            if !isMIDI || options.renderMIDI || options.clipSeconds != nil, !(seconds <= limit) {
                plan.failed.append((r.path, "source lasts \(ShardOptions.describe(seconds)) s, over the \(Int(limit)) s limit for shards"))
                continue
            }
            // Keys derive from content. Exact copies kept by --keep-duplicates get a copy index
            // under the HMAC (`HASH#copyN`, N in path order), so every sample has its own key.
            var hash = contentHash
            if !plannedKeys.insert(hash).inserted {
                guard options.keepDuplicates else {
                    plan.duplicates.append(r.path)
                    continue
                }
                var copy = 1
                while !plannedKeys.insert("\(hash)#copy\(copy)").inserted { copy += 1 }
                hash = "\(hash)#copy\(copy)"
            }
            if let clip = options.clipSeconds {
                let clipFrames = Int64(clip * Double(rate))
                let clips = isMIDI || outputFrames == nil ? Int(seconds / clip) : Int((outputFrames ?? 0) / max(1, clipFrames))
                if clips == 0 { plan.tooShort.append(r.path) }
                for c in 0..<clips {
                    plan.samples.append(PlannedSample(key: secret.key(forPCMHash: "\(hash)#clip\(c)of\(clip)"), path: r.path, record: r, isMIDI: isMIDI, clip: (c, clip)))
                }
            } else if seconds < options.minimumSeconds {
                plan.tooShort.append(r.path)
            } else {
                plan.samples.append(PlannedSample(key: secret.key(forPCMHash: hash), path: r.path, record: r, isMIDI: isMIDI, clip: nil))
            }
        }
        plan.samples.sort { $0.key < $1.key }
        return plan
    }
}
