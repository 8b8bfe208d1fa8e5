import GenkiAudio
import GenkiChip
import GenkiCore
import GenkiMIDI
import GenkiModel

#if canImport(Glibc)
import Glibc
#endif

extension FileIngestor {
    /// Chip files larger than this are refused (modules and chip logs are kilobytes to a few MB).
    public static let maxChipBytes: Int64 = 64 << 20

    /// A tracker module or chip-music file: read whole, hashed, its first subtune rendered under
    /// the fixed policy (`ChipRenderPolicy`), and the render analysed like decoded audio (PCM
    /// hash, quality, the profile stream for fingerprints). The record's format names the
    /// chip format as container and the rendering library as codec.
    func ingestChip<C: ResampledStreamConsumer>(fd: Int32, size: Int64, path: String, format: ChipFormat, consumer: inout C) -> IngestRecord {
        guard size > 0 else { return .failure(path: path, stage: .sniff, reason: "empty file (0 bytes)") }
        guard size <= Self.maxChipBytes else {
            return .failure(path: path, stage: .open, reason: "\(format.displayName) file of \(size) bytes is over the \(Self.maxChipBytes >> 20) MiB limit")
        }
        var bytes = [UInt8](repeating: 0, count: Int(size))
        var done = 0
        while done < bytes.count {
            let n = bytes.withUnsafeMutableBytes { raw in pread(fd, raw.baseAddress.map { $0 + done }, raw.count - done, off_t(done)) }
            if n < 0, errno == EINTR { continue }
            guard n > 0 else {
                let reason = n < 0 ? String(cString: strerror(errno)) : "the file shrank while it was read"
                return .failure(path: path, stage: .hash, reason: "read failed: \(reason)")
            }
            done += n
        }
        var record = IngestRecord(status: .ok, path: path)
        record.kind = .audio
        record.sizeBytes = size
        record.fileXXH3 = XXH3Hasher.hash(bytes).hex
        let render: ChipRender
        do {
            render = try ChipRenderer.render(bytes, format: format)
        } catch {
            return .failure(path: path, stage: .decode, reason: "\(format.displayName): \(error.description)")
        }
        do {
            try analyse(render, into: &record, consumer: &consumer)
        } catch {
            return .failure(path: path, stage: error.stage, reason: error.reason)
        }
        if render.subtunes > 1 {
            record.warnings = (record.warnings ?? []) + ["\(render.subtunes) subtunes: only the first is rendered and analysed"]
        }
        // Modules also get the symbolic tier: their notes, read from the patterns. A module that
        // renders but whose patterns cannot be read keeps its audio record.
        if format.isModule, let score = try? ModuleScore.read(bytes) {
            let symbolic = SymbolicFingerprint(notes: score.notes)
            record.module = IngestRecord.ModuleSummary(
                notes: score.notes.count, drumNotes: score.notes.filter(\.isDrum).count, channels: score.channels, orders: score.orders,
                patterns: score.patterns, fingerprintShingles: symbolic.shingles.count)
            if !symbolic.shingles.isEmpty { record.fingerprints = IngestRecord.Fingerprints(symbolic: symbolic) }
        }
        return record
    }

    /// Analyses a render block by block, as `decode` does a decoded stream.
    func analyse<C: ResampledStreamConsumer>(_ render: ChipRender, into record: inout IngestRecord, consumer: inout C) throws(StageFailure) {
        let rate = render.sampleRate
        let channels = render.channels
        guard let pcmHasher = try? XXH3Hasher() else { throw StageFailure(stage: .hash, reason: "xxHash state allocation failed") }
        let resampler: Resampler?
        do throws(AudioError) {
            resampler = consumer.wantsSamples ? try Resampler(inputRate: rate, outputRate: profile.sampleRate, quality: quality) : nil
        } catch {
            throw StageFailure(stage: .resample, reason: error.description)
        }
        var analyzer = QualityAnalyzer(sampleRate: rate, channels: channels)
        let mono = UnsafeMutablePointer<Float>.allocate(capacity: blockFrames)
        let pcm = UnsafeMutablePointer<Int16>.allocate(capacity: blockFrames)
        defer {
            mono.deallocate()
            pcm.deallocate()
        }
        let frames = render.frames
        var failure: AudioError?
        render.samples.withUnsafeBufferPointer { all in
            guard let base = all.baseAddress else { return }
            var start = 0
            while start < frames, failure == nil {
                let n = min(blockFrames, frames - start)
                let block = base + start * channels
                Downmix.mono(block, channels: channels, frames: n, into: mono)
                Downmix.pcm16(mono, count: n, into: pcm)
                pcmHasher.update(UnsafeRawBufferPointer(start: pcm, count: n * 2))
                analyzer.process(interleaved: block, mono: mono, frames: n)
                do throws(AudioError) {
                    try resampler?.process(mono, count: n) { consumer.consume($0) }
                } catch {
                    failure = error
                }
                start += n
            }
        }
        do throws(AudioError) {
            if let failure { throw failure }
            try resampler?.finish { consumer.consume($0) }
        } catch {
            throw StageFailure(stage: .resample, reason: error.description)
        }
        record.pcmXXH3 = pcmHasher.finalize().hex
        record.format = IngestRecord.Format(
            container: render.format.rawValue, codec: render.format.engine.rawValue, sampleRate: rate, channels: channels,
            frames: Int64(frames), durationSeconds: Double(frames) / Double(rate)
        )
        record.profile = IngestRecord.ProfileOutput(
            name: profile.rawValue, sampleRate: profile.sampleRate, converter: rate == profile.sampleRate ? "passthrough" : quality.rawValue,
            frames: resampler?.framesOut ?? Resampler.expectedFrames(inputFrames: Int64(frames), inputRate: rate, outputRate: profile.sampleRate)
        )
        record.quality = analyzer.finish()
        record.warnings = []
    }
}
