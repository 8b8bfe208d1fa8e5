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

    /// How many subtunes the chip file at `path` has, or nil when it is not a chip file or its
    /// library cannot open it. A worker answers this after the file's first subtune crashed or
    /// hung another worker (`WorkerPool`), so the run still asks for the other subtunes.
    public func subtuneCount(path: String) -> Int? {
        guard let format = Self.chipFormat(path: path), let bytes = FileSystemPath.contents(path, limit: Int(Self.maxChipBytes)) else { return nil }
        return try? ChipRenderer.subtuneCount(bytes, format: format)
    }

    /// The chip format of the regular file at `path`, judged from its first bytes and name as
    /// ingest judges them (genki's own sniffer, no decoder), or nil.
    public static func chipFormat(path: String) -> ChipFormat? {
        let fd = FileSystemPath.open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC)
        guard fd >= 0 else { return nil }
        defer { close(fd) }
        var st = stat()
        guard fstat(fd, &st) == 0, (st.st_mode & S_IFMT) == S_IFREG, let head = readHead(fd) else { return nil }
        let fileName = path.split(separator: "/").last.map(String.init) ?? path
        guard case .chip(let format) = ContentSniffer.sniff(header: head, fileName: fileName) else { return nil }
        return format
    }

    /// A tracker module or chip-music file: read whole, hashed, one subtune rendered under the
    /// fixed policy (`ChipRenderPolicy`), and the render analysed like decoded audio (PCM hash,
    /// quality, the profile stream for fingerprints). The record's format names the chip format
    /// as container and the rendering library as codec.
    ///
    /// `subtune` (from 1) is nil for a walked file: its first subtune is rendered, and when the
    /// file has more than one the record's path becomes `<file>/subtune-1` and its `chip`
    /// summary says how many there are (the runner then asks for the others by their paths).
    /// The item's file hash is the file's, or for one subtune of several the hash of the file's
    /// bytes followed by the subtune number, so each subtune is an item of its own.
    func ingestChip<C: ResampledStreamConsumer>(
        fd: Int32, size: Int64, path: String, format: ChipFormat, subtune: Int?, consumer: inout C
    ) -> IngestRecord {
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
        // A walked file with several subtunes is named as its first, and its failure record says
        // how many there are (counted apart only when the render fails), so the runner still
        // asks for the others.
        let number = subtune ?? 1
        func failure(_ stage: IngestRecord.Stage, _ reason: String, subtunes: Int) -> IngestRecord {
            guard subtune == nil, subtunes > 1 else { return .failure(path: path, stage: stage, reason: reason) }
            var record = IngestRecord.failure(path: SubtuneLocator(file: path, subtune: 1).path, stage: stage, reason: reason)
            record.chip = IngestRecord.ChipSummary(subtune: 1, subtunes: subtunes)
            return record
        }
        let render: ChipRender
        do {
            render = try ChipRenderer.render(bytes, format: format, subtune: number - 1)
        } catch {
            let subtunes = subtune == nil ? (try? ChipRenderer.subtuneCount(bytes, format: format)) ?? 1 : 1
            return failure(.decode, "\(format.displayName): \(error.description)", subtunes: subtunes)
        }
        let itemPath = subtune == nil && render.subtunes > 1 ? SubtuneLocator(file: path, subtune: 1).path : path
        var record = IngestRecord(status: .ok, path: itemPath)
        record.kind = .audio
        record.sizeBytes = size
        record.fileXXH3 = Self.chipItemHash(bytes, subtune: number, of: render.subtunes)
        do {
            try analyse(render, into: &record, consumer: &consumer)
        } catch {
            return failure(error.stage, error.reason, subtunes: render.subtunes)
        }
        let canonical = (try? ChipCanonicalForm.stripped(bytes, format: format)).flatMap { $0 }
        record.chip = IngestRecord.ChipSummary(subtune: number, subtunes: render.subtunes, canonicalXXH3: canonical.map { XXH3Hasher.hash($0).hex })
        // Modules also get the symbolic tier: their notes, read from the patterns (a module with
        // several subsongs: this subsong's). A module that renders but whose patterns cannot be
        // read keeps its audio record.
        if format.isModule, let score = try? ModuleScore.read(bytes, subsong: render.subtunes > 1 ? render.subtune : nil) {
            let symbolic = SymbolicFingerprint(notes: score.notes)
            record.module = IngestRecord.ModuleSummary(
                notes: score.notes.count, drumNotes: score.notes.filter(\.isDrum).count, channels: score.channels, orders: score.orders,
                patterns: score.patterns, fingerprintShingles: symbolic.shingles.count)
            if !symbolic.shingles.isEmpty { record.fingerprints = IngestRecord.Fingerprints(symbolic: symbolic) }
        }
        return record
    }

    /// One subtune of a chip file, named by its item path (`<file>/subtune-<n>`).
    func ingestSubtune<C: ResampledStreamConsumer>(_ locator: SubtuneLocator, consumer: inout C) -> IngestRecord {
        let path = locator.path
        // Checked before it is opened: a FIFO or a device is never opened.
        guard FileSystemPath.isRegularFile(locator.file) else { return .failure(path: path, stage: .open, reason: "not a regular file") }
        let fd = FileSystemPath.open(locator.file, O_RDONLY | O_NONBLOCK | O_CLOEXEC)
        guard fd >= 0 else { return .failure(path: path, stage: .open, reason: "cannot open: \(String(cString: strerror(errno)))") }
        defer { close(fd) }
        var st = stat()
        guard fstat(fd, &st) == 0, (st.st_mode & S_IFMT) == S_IFREG else { return .failure(path: path, stage: .open, reason: "not a regular file") }
        guard let head = Self.readHead(fd) else {
            return .failure(path: path, stage: .hash, reason: "read failed: \(String(cString: strerror(errno)))")
        }
        let fileName = locator.file.split(separator: "/").last.map(String.init) ?? locator.file
        guard case .chip(let format) = ContentSniffer.sniff(header: head, fileName: fileName) else {
            return .failure(path: path, stage: .sniff, reason: "only chip-music files have subtunes, and this is not one")
        }
        return ingestChip(fd: fd, size: Int64(st.st_size), path: path, format: format, subtune: locator.subtune, consumer: &consumer)
    }

    /// The file hash of a chip item: the file's bytes, followed by the subtune number when the
    /// file has more than one (so subtunes of one file are not byte-identical items).
    static func chipItemHash(_ bytes: [UInt8], subtune: Int, of subtunes: Int) -> String {
        guard subtunes > 1, let hasher = try? XXH3Hasher() else { return XXH3Hasher.hash(bytes).hex }
        hasher.update(bytes)
        hasher.update(Array("\u{0}subtune \(subtune)".utf8))
        return hasher.finalize().hex
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
