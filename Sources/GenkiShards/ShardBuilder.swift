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
    /// Keep near and exact duplicates instead of dropping them.
    public var keepDuplicates = false
    public var jobs = ProcessInfo.processInfo.activeProcessorCount
    /// Where the ingest pass decodes files (`IngestIsolation`). Files that decoded cleanly there
    /// are decoded again in this process to write their samples.
    public var isolation: IngestIsolation = .inProcess
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
    /// The ingest records (fingerprint profile) of the sources the folder now holds samples of,
    /// in path order: what `--registry` records, so an audit sketch covers what was sharded.
    public var shardedSources: [IngestRecord] = []
    /// Sources decoded (or rendered) to write samples: each clipped source counts once.
    public var sourceDecodes = 0

    public init() {}
}

/// One sample to write.
struct PlannedSample: Sendable {
    var key: String
    var path: String
    var record: IngestRecord
    var isMIDI: Bool
    /// Clip index and length when cutting clips.
    var clip: (index: Int, seconds: Double)?
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
        var planned: [PlannedSample] = []
        var plannedKeys = Set<String>()
        let ordered = records.sorted { $0.path.utf8.lexicographicallyPrecedes($1.path.utf8) }
        for r in ordered where !dropped.contains(r.path) {
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
                report.failed.append((r.path, "source lasts \(ShardOptions.describe(seconds)) s, over the \(Int(limit)) s limit for shards"))
                continue
            }
            // Keys derive from content. Exact copies kept by --keep-duplicates get a copy index
            // under the HMAC (`HASH#copyN`, N in path order), so every sample has its own key.
            var hash = contentHash
            if !plannedKeys.insert(hash).inserted {
                guard options.keepDuplicates else {
                    report.duplicates.append(r.path)
                    continue
                }
                var copy = 1
                while !plannedKeys.insert("\(hash)#copy\(copy)").inserted { copy += 1 }
                hash = "\(hash)#copy\(copy)"
            }
            if let clip = options.clipSeconds {
                let clipFrames = Int64(clip * Double(rate))
                let clips = isMIDI || outputFrames == nil ? Int(seconds / clip) : Int((outputFrames ?? 0) / max(1, clipFrames))
                if clips == 0 { report.tooShort.append(r.path) }
                for c in 0..<clips {
                    planned.append(PlannedSample(key: secret.key(forPCMHash: "\(hash)#clip\(c)of\(clip)"), path: r.path, record: r, isMIDI: isMIDI, clip: (c, clip)))
                }
            } else if seconds < options.minimumSeconds {
                report.tooShort.append(r.path)
            } else {
                planned.append(PlannedSample(key: secret.key(forPCMHash: hash), path: r.path, record: r, isMIDI: isMIDI, clip: nil))
            }
        }
        planned.sort { $0.key < $1.key }
        // 2. Resume: samples already in complete shards are skipped.
        let existing = try completeShards(in: out, name: options.name)
        var done = Set<String>()
        for url in existing {
            for m in try readShard(url) { done.insert(String(m.name.prefix { $0 != "." })) }
        }
        report.resumedShards = existing.count
        let todo = planned.filter { !done.contains($0.key) }
        var sharded = Set(planned.filter { done.contains($0.key) }.map(\.path))
        // 3a. Clipped sources: decoded once each, all their clips rendered into a spool.
        let clipped = Dictionary(grouping: todo.filter { $0.clip != nil }, by: { $0.path })
        let spool: ClipSpool? = clipped.isEmpty ? nil : try ClipSpool()
        defer { spool?.remove() }
        if let spool {
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
                if let e = spoolFailures.first { throw e }
                report.sourceDecodes += batch.count
                options.progress?(.cutting(done: next, total: sources.count))
            }
        }
        // 3. Render members in order (a bounded window in parallel), write shards.
        let writer = ShardWriter(directory: out, name: options.name, maxSamples: options.maxSamples, maxBytes: options.maxBytes, firstIndex: existing.count)
        let window = min(max(1, options.jobs), IngestOptions.maxJobs) * 2
        var start = 0
        while start < todo.count {
            let batch = Array(todo[start..<min(todo.count, start + window)])
            let rendered: [(Int, Result<[UInt8], ShardError>)] = await withTaskGroup(of: (Int, Result<[UInt8], ShardError>).self) { group in
                for (i, sample) in batch.enumerated() {
                    if let spooled = spool?.take(sample.key) {
                        group.addTask { (i, spooled) }
                    } else {
                        group.addTask { (i, Result { () throws(ShardError) -> [UInt8] in try members(for: sample, options: options) }) }
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
                case .failure(let error):
                    report.failed.append((batch[i].path, error.description))
                }
            }
            start += window
            options.progress?(.writing(done: min(start, todo.count), total: todo.count))
        }
        try writer.finish()
        report.shardedSources = ordered.filter { sharded.contains($0.path) }
        // 4. Manifest, checksums, dataset card, Croissant: rebuilt from the shards themselves.
        let summary = try writeSidecarFiles(out: out, options: options)
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

    /// The tar members of one sample: KEY.json, KEY.mid, KEY.wav as applicable (sorted).
    static func members(for sample: PlannedSample, options: ShardOptions) throws(ShardError) -> [UInt8] {
        try members(for: sample, options: options, source: try decodedSource(for: sample, options: options))
    }

    /// A source's audio at the profile rate (decoded, or rendered from MIDI) and its canonical
    /// MIDI: what every sample cut from it shares.
    struct DecodedSource: Sendable {
        var pcm: [Int16]
        var mid: [UInt8]?
    }

    static func decodedSource(for sample: PlannedSample, options: ShardOptions) throws(ShardError) -> DecodedSource {
        var pcm: [Int16] = []
        var mid: [UInt8]?
        if sample.isMIDI {
            guard let bytes = FileSystemPath.contents(sample.path, limit: 64 << 20) else { throw .write("MIDI file cannot be read") }
            let parsed: MIDIParseResult
            do { parsed = try MIDIParser.parse(bytes) } catch { throw .write("MIDI file cannot be parsed: \(error)") }
            if options.includeMIDI { mid = SMFWriter().write(CanonicalMIDIWriter.canonicalize(parsed.file).file) }
            if options.renderMIDI {
                let floats: [Float]
                do { floats = try ChiptuneRenderer(sampleRate: options.profile.sampleRate).render(NoteStream(parsed.file)) } catch {
                    throw .write("MIDI render failed: \(error)")
                }
                pcm = Downmix.pcm16(floats)
            }
        } else {
            do { pcm = try ProfileAudio.pcm16(path: sample.path, profile: options.profile) } catch { throw .write("decode failed: \(error)") }
        }
        return DecodedSource(pcm: pcm, mid: mid)
    }

    /// The tar members of one sample, from its source's decoded audio.
    static func members(for sample: PlannedSample, options: ShardOptions, source: DecodedSource) throws(ShardError) -> [UInt8] {
        let r = sample.record
        var pcm = source.pcm
        let mid = source.mid
        let rate = options.profile.sampleRate
        if let clip = sample.clip {
            let length = Int(clip.seconds * Double(rate))
            let from = clip.index * length
            // Resampling can end a few samples short of duration × rate: pad up to 50 ms of silence.
            guard from < pcm.count, from + length - pcm.count <= rate / 20 else { throw .write("clip beyond the decoded audio") }
            pcm = Array(pcm[from..<min(pcm.count, from + length)]) + [Int16](repeating: 0, count: max(0, from + length - pcm.count))
        }
        let hasAudio = !pcm.isEmpty
        let bpm = hasAudio ? MusicEstimates.bpm(mono: pcm, sampleRate: rate) : nil
        let key = hasAudio ? MusicEstimates.key(mono: pcm, sampleRate: rate) : nil
        let duration = hasAudio ? Double(pcm.count) / Double(rate) : (r.midi?.durationSeconds ?? 0)
        let quality = r.quality.map {
            Sidecar.rounded(
                Sidecar.Quality(
                    peakDBFS: $0.peakDBFS, loudnessLUFS: $0.loudnessLUFS, clippingRatio: $0.clippingRatio,
                    silenceRatio: $0.silenceRatio, bandwidthHz: $0.bandwidthHz))
        }
        var descriptionParts = ["chiptune"]
        if let key { descriptionParts.append(key.name) }
        if let bpm { descriptionParts.append("\(Int(bpm.rounded())) bpm") }
        let sidecar = Sidecar(
            key: key?.name ?? "", sampleRate: rate, fileExtension: hasAudio ? (options.flac ? "flac" : "wav") : "mid", description: descriptionParts.joined(separator: ", "),
            keywords: "chiptune", duration: duration, bpm: bpm, genre: "chiptune", title: "", artist: "", name: "", instrument: "", moods: [],
            genki: Sidecar.Genki(
                source: sample.isMIDI ? (hasAudio ? .midiRender : .midi) : .audio, profile: options.profile.rawValue,
                sourceDurationSeconds: Sidecar.rounded((sample.isMIDI ? r.midi?.durationSeconds : r.format?.durationSeconds) ?? 0, to: 0.1),
                quality: sample.isMIDI ? nil : quality
            )
        )
        // Members of a sample go out with their extensions sorted (flac < json < mid < wav).
        var members: [(ext: String, data: [UInt8])] = [("json", sidecar.canonicalJSON.bytes)]
        if let mid { members.append(("mid", mid)) }
        if hasAudio {
            if options.flac {
                members.append(("flac", try FLACEncoder.encode(pcm, sampleRate: rate)))
            } else {
                members.append(("wav", WAVEncoder.encode(pcm, sampleRate: rate)))
            }
        }
        var out: [UInt8] = []
        for m in members.sorted(by: { $0.ext < $1.ext }) { out += TarArchive.member(name: sample.key + "." + m.ext, data: m.data) }
        return out
    }

    /// Rewrites manifest.jsonl, dataset.json, croissant.json and SHA256SUMS from the shards.
    static func writeSidecarFiles(out: URL, options: ShardOptions) throws(ShardError) -> (samples: Int, shards: Int, duration: Double) {
        let shards = try completeShards(in: out, name: options.name)
        var manifest: [ManifestRecord] = []
        var sums: [(String, String)] = []
        for url in shards {
            guard let data = FileManager.default.contents(atPath: url.path) else { throw .verification("a shard cannot be read") }
            sums.append((url.lastPathComponent, sha256Hex([UInt8](data))))
            var bySample: [(key: String, members: [TarArchive.Member])] = []
            for m in try TarArchive.read([UInt8](data)) {
                let key = String(m.name.prefix { $0 != "." })
                if bySample.last?.key == key { bySample[bySample.count - 1].members.append(m) } else { bySample.append((key, [m])) }
            }
            for (key, members) in bySample {
                var duration = 0.0
                if let json = members.first(where: { $0.name.hasSuffix(".json") }),
                    let sidecar = try? JSONDecoder().decode(Sidecar.self, from: Data(json.data))
                {
                    duration = sidecar.duration
                }
                var byExtension: [String: ManifestRecord.Member] = [:]
                for m in members {
                    let ext = String(m.name.dropFirst(key.count + 1))
                    guard byExtension[ext] == nil else {
                        throw .verification("\(url.lastPathComponent) holds two \(ext) members for one sample")
                    }
                    byExtension[ext] = ManifestRecord.Member(bytes: m.data.count, sha256: sha256Hex(m.data))
                }
                manifest.append(ManifestRecord(key: key, shard: url.lastPathComponent, durationSeconds: duration, members: byExtension))
            }
        }
        let encoder = JSONOutput.encoder()
        var manifestBytes: [UInt8] = []
        for m in manifest {
            guard let line = try? encoder.encode(m) else { throw .write("manifest cannot be encoded") }
            manifestBytes += line + [0x0A]
        }
        let duration = manifest.reduce(0) { $0 + $1.durationSeconds }
        let card = DatasetCard(
            name: options.name, profile: options.profile.rawValue, sampleRate: options.profile.sampleRate, genkiVersion: DatasetCard.version,
            samples: manifest.count, shards: shards.map(\.lastPathComponent), durationSeconds: duration,
            merkleRoot: MerkleTree(contentHashes: manifest.map(\.key)).root
        )
        let pretty = JSONOutput.encoder(pretty: true)
        guard let cardBytes = try? pretty.encode(card), let croissant = try? pretty.encode(Croissant(card: card, shardSums: sums)) else {
            throw .write("dataset card cannot be encoded")
        }
        try writeAtomically(manifestBytes, to: out.appendingPathComponent("manifest.jsonl"))
        try writeAtomically([UInt8](cardBytes) + [0x0A], to: out.appendingPathComponent("dataset.json"))
        try writeAtomically([UInt8](croissant) + [0x0A], to: out.appendingPathComponent("croissant.json"))
        sums.append(("manifest.jsonl", sha256Hex(manifestBytes)))
        sums.append(("dataset.json", sha256Hex([UInt8](cardBytes) + [0x0A])))
        sums.append(("croissant.json", sha256Hex([UInt8](croissant) + [0x0A])))
        let sumsText = sums.sorted { $0.0 < $1.0 }.map { "\($0.1)  \($0.0)\n" }.joined()
        try writeAtomically(Array(sumsText.utf8), to: out.appendingPathComponent("SHA256SUMS"))
        return (manifest.count, shards.count, duration)
    }

    static func sha256Hex(_ bytes: [UInt8]) -> String { Hex.encode(SHA256.hash(data: bytes)) }
}
