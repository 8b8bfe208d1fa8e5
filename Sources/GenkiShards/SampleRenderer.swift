import GenkiAudio
import GenkiChip
import GenkiIngest
import GenkiMIDI
import GenkiModel
import GenkiSynth

/// Renders one planned sample into its tar members: the source decoded (or MIDI rendered) at
/// the profile rate, cut to its clip, with its sidecar, canonical MIDI, WAV or FLAC audio and,
/// with `includeSource`, its tracker module's canonical form (`ChipSourceMember`).
enum SampleRenderer {
    /// The tar members of one sample: KEY.json, KEY.mid, KEY.wav as applicable (sorted).
    static func members(for sample: PlannedSample, options: ShardOptions) throws(ShardError) -> [UInt8] {
        try members(for: sample, options: options, source: try source(for: sample, options: options))
    }

    /// A source's audio at the profile rate (decoded, or rendered from MIDI), its canonical
    /// MIDI and its chip source member with the subtune the audio plays: what every sample cut
    /// from it shares.
    struct Source: Sendable {
        var pcm: [Int16]
        var mid: [UInt8]?
        var chip: (format: ChipFormat, data: [UInt8], subtune: Int)?
    }

    static func source(for sample: PlannedSample, options: ShardOptions) throws(ShardError) -> Source {
        var pcm: [Int16] = []
        var mid: [UInt8]?
        var chip: (format: ChipFormat, data: [UInt8], subtune: Int)?
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
        } else if let format = sample.record.format.flatMap({ ChipFormat(rawValue: $0.container) }), sample.record.format?.codec == format.engine.rawValue {
            // A tracker module or chip file: its subtune rendered again under the same policy as
            // at ingest (the item path of one subtune of several names the file and the subtune).
            // (A path that is a regular file is the file itself, whatever its name.)
            let item =
                FileSystemPath.isRegularFile(sample.path)
                ? SubtuneLocator(file: sample.path, subtune: sample.record.chip?.subtune ?? 1) : SubtuneLocator(path: sample.path) ?? SubtuneLocator(file: sample.path, subtune: 1)
            guard let bytes = FileSystemPath.contents(item.file, limit: Int(FileIngestor.maxChipBytes)) else { throw .write("\(format.displayName) file cannot be read") }
            do {
                pcm = try ProfileAudio.pcm16(render: try ChipRenderer.render(bytes, format: format, subtune: item.subtune - 1), profile: options.profile)
            } catch {
                throw .write("\(format.displayName) render failed: \(error)")
            }
            if options.includeSource, let member = ChipSourceMember.member(bytes, format: format) { chip = (format, member, item.subtune) }
        } else {
            do { pcm = try ProfileAudio.pcm16(path: sample.path, profile: options.profile) } catch { throw .write("decode failed: \(error)") }
        }
        return Source(pcm: pcm, mid: mid, chip: chip)
    }

    /// The tar members of one sample, from its source's decoded audio.
    static func members(for sample: PlannedSample, options: ShardOptions, source: Source) throws(ShardError) -> [UInt8] {
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
                quality: sample.isMIDI ? nil : quality, subtune: source.chip?.subtune
            )
        )
        // Members of a sample go out with their extensions in byte order (flac < json < mid < wav).
        var members: [(ext: String, data: [UInt8])] = [("json", sidecar.canonicalJSON.bytes)]
        if let mid { members.append(("mid", mid)) }
        if let chip = source.chip { members.append((chip.format.rawValue, chip.data)) }
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

    /// Renders every clip of `samples` into a spool, decoding each clipped source once (a
    /// window of sources in parallel); nil when no sample is a clip. `decoded` is told how many
    /// sources each window decoded. On failure the spool is removed.
    static func spoolClips(
        of samples: [PlannedSample], options: ShardOptions, decoded: (Int) -> Void
    ) async throws(ShardError) -> ClipSpool? {
        let clipped = Dictionary(grouping: samples.filter { $0.clip != nil }, by: { $0.path })
        guard !clipped.isEmpty else { return nil }
        let spool = try ClipSpool()
        let sources = clipped.keys.sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) }
        let window = min(max(1, options.jobs), IngestOptions.maxJobs)
        var next = 0
        while next < sources.count {
            let batch = Array(sources[next..<min(sources.count, next + window)])
            next += batch.count
            let failures: [ShardError] = await withTaskGroup(of: ShardError?.self) { group in
                for path in batch {
                    let clips = clipped[path] ?? []
                    group.addTask {
                        guard let first = clips.first else { return nil }
                        let decoded = Result { () throws(ShardError) -> Source in try source(for: first, options: options) }
                        for sample in clips {
                            let rendered = decoded.flatMap { s in Result { () throws(ShardError) -> [UInt8] in try members(for: sample, options: options, source: s) } }
                            if let problem = spool.put(sample.key, rendered) { return problem }
                        }
                        return nil
                    }
                }
                var out: [ShardError] = []
                for await e in group { if let e { out.append(e) } }
                return out
            }
            if let e = failures.first {
                spool.remove()
                throw e
            }
            decoded(batch.count)
            options.progress?(.cutting(done: next, total: sources.count))
        }
        return spool
    }
}
