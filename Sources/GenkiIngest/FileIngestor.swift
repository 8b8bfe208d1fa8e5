import Foundation
import GenkiAudio
import GenkiCore
import GenkiFingerprint

#if canImport(Glibc)
import GenkiModel
import Glibc
#endif

/// Receives the profile-rate mono stream of a file as it is produced (fingerprinting hooks in here).
public protocol ResampledStreamConsumer {
    /// Called with each block of resampled mono samples, in order.
    mutating func consume(_ samples: UnsafeBufferPointer<Float>)
    /// Whether the samples are read at all. When not, ingest runs no resampler and counts the
    /// profile's frames exactly from the decoded frame count (`Resampler.expectedFrames`).
    var wantsSamples: Bool { get }
}

extension ResampledStreamConsumer {
    public var wantsSamples: Bool { true }
}

/// What happened to one walked file.
public enum IngestOutcome: Sendable, Equatable {
    /// Analysed, or failed with a reason: either way a record for the report.
    case record(IngestRecord)
    /// Not an audio candidate, an unsupported format, or passed over by the walk: reported with
    /// its reason, counted apart from failures.
    case skipped(path: String, reason: String)
}

/// Runs the whole per-file pipeline: open → hash bytes → sniff, then for audio: decode in
/// blocks → downmix → PCM hash → quality stats → resample to the profile rate; for MIDI:
/// parse → canonical stream → canonical hash → symbolic fingerprint (`MIDIIngestor`).
///
/// Reads an audio file once: libsndfile pulls the bytes through a source that hashes them on
/// the way (the rest is hashed at the end), never the whole file at once. Errors become
/// records, never crashes.
public struct FileIngestor: Sendable {
    /// The resampling profile.
    public let profile: IngestProfile
    /// Frames per decode block.
    public let blockFrames: Int
    /// Whether audio records carry an in-memory `AudioFingerprint` (needs the `fp` profile).
    public let fingerprints: Bool
    /// Whether MIDI records also carry the fingerprint of their built-in render (cross-modal dedup).
    public let renders: Bool

    /// The converter the profile's stream goes through (the profile's own unless overridden).
    public let quality: ResamplerQuality

    /// `quality` overrides the profile's converter (benchmarks measure an earlier default with it).
    public init(profile: IngestProfile, blockFrames: Int = 8192, fingerprints: Bool = false, renders: Bool = false, quality: ResamplerQuality? = nil) {
        self.profile = profile
        self.blockFrames = blockFrames
        self.fingerprints = fingerprints && profile == .fp
        self.renders = renders
        self.quality = quality ?? profile.quality
    }

    private struct NoConsumer: ResampledStreamConsumer {
        mutating func consume(_ samples: UnsafeBufferPointer<Float>) {}
        var wantsSamples: Bool { false }
    }

    /// Processes one file (fingerprinting its audio when `fingerprints` is on).
    public func ingest(path: String) -> IngestOutcome {
        guard fingerprints else {
            var none = NoConsumer()
            return ingest(path: path, consumer: &none)
        }
        var fingerprinter = AudioFingerprinter()
        let outcome = ingest(path: path, consumer: &fingerprinter)
        guard case .record(var record) = outcome, record.isOK, record.kind == .audio else { return outcome }
        let fingerprint = fingerprinter.finish()
        let encoded = fingerprint.encoded()
        var fingerprints = record.fingerprints ?? IngestRecord.Fingerprints()
        fingerprints.audio = fingerprint
        record.fingerprints = fingerprints
        record.fingerprint = IngestRecord.FingerprintSummary(
            frames: fingerprint.frameCount, bytes: encoded.count, xxh3: XXH3Hasher.hash(encoded).hex
        )
        return .record(record)
    }

    /// Processes one file, streaming the resampled signal to `consumer`.
    public func ingest<C: ResampledStreamConsumer>(path: String, consumer: inout C) -> IngestOutcome {
        let fd = FileSystemPath.open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC)
        guard fd >= 0 else {
            let code = errno
            // `<file>/subtune-<n>` below a regular file names one subtune of a chip file.
            if code == ENOTDIR, let locator = SubtuneLocator(path: path) { return .record(ingestSubtune(locator, consumer: &consumer)) }
            return .record(.failure(path: path, stage: .open, reason: "cannot open: \(String(cString: strerror(code)))"))
        }
        var st = stat()
        guard fstat(fd, &st) == 0, (st.st_mode & S_IFMT) == S_IFREG else {
            close(fd)
            return .record(.failure(path: path, stage: .open, reason: "not a regular file"))
        }
        let size = Int64(st.st_size)

        // Sniff the head; the bytes are hashed as the decoder reads them (one pass over the file).
        guard let head = Self.readHead(fd) else {
            let code = errno
            close(fd)
            return .record(.failure(path: path, stage: .hash, reason: "read failed: \(String(cString: strerror(code)))"))
        }
        let fileName = path.split(separator: "/").last.map(String.init) ?? path
        switch ContentSniffer.sniff(header: head, fileName: fileName) {
        case .other:
            close(fd)
            return .skipped(path: path, reason: "not audio or MIDI")
        case .unsupported(let media):
            close(fd)
            return .skipped(path: path, reason: media.reason)
        case .midi,
            .claimsMIDI where size > 0:
            // A .mid name with unrecognised content still goes to the parser, which tolerates
            // preambles (e.g. MacBinary headers) and says precisely what is wrong otherwise.
            defer { close(fd) }
            var record = IngestRecord(status: .ok, path: path)
            record.kind = .midi
            record.sizeBytes = size
            return .record(MIDIIngestor.analyze(fd: fd, size: size, into: record, render: renders))
        case .claimsMIDI(let ext):
            close(fd)
            return .record(.failure(path: path, stage: .sniff, reason: "empty file (0 bytes) despite .\(ext) extension"))
        case .chip(let format):
            defer { close(fd) }
            return .record(ingestChip(fd: fd, size: size, path: path, format: format, subtune: nil, consumer: &consumer))
        case .claimsAudio(let ext):
            close(fd)
            let what = size == 0 ? "empty file (0 bytes)" : "content is not a recognised audio format"
            return .record(.failure(path: path, stage: .sniff, reason: "\(what) despite .\(ext) extension"))
        case .audio:
            break
        }
        defer { close(fd) }
        let source: HashingFileSource
        do {
            source = try HashingFileSource(fd: fd, length: size)
        } catch {
            return .record(.failure(path: path, stage: .hash, reason: "xxHash state allocation failed"))
        }
        let decoder: AudioDecoder
        do {
            decoder = try AudioDecoder(source: source)
        } catch {
            return .record(.failure(path: path, stage: .decode, reason: error.description))
        }
        var record = IngestRecord(status: .ok, path: path)
        record.kind = .audio
        record.sizeBytes = size
        do {
            try decode(decoder, into: &record, consumer: &consumer)
            record.fileXXH3 = try source.finishHash().hex
        } catch let failure as StageFailure {
            return .record(.failure(path: path, stage: failure.stage, reason: failure.reason))
        } catch let failure as HashingFileSource.HashFailure {
            return .record(.failure(path: path, stage: .hash, reason: failure.description))
        } catch {
            return .record(.failure(path: path, stage: .decode, reason: "\(error)"))
        }
        if let code = source.readError {
            return .record(.failure(path: path, stage: .decode, reason: "read failed: \(String(cString: strerror(code)))"))
        }
        return .record(record)
    }

    /// The first `ContentSniffer.headerLength` bytes of a file (fewer for a shorter file); nil
    /// (errno set) when the read fails.
    static func readHead(_ fd: Int32) -> [UInt8]? {
        var head = [UInt8](repeating: 0, count: ContentSniffer.headerLength)
        let count = head.withUnsafeMutableBytes { buffer -> Int in
            guard let base = buffer.baseAddress else { return 0 }
            var n: Int
            repeat { n = pread(fd, base, buffer.count, 0) } while n < 0 && errno == EINTR
            return n
        }
        guard count >= 0 else { return nil }
        head.removeSubrange(count...)
        return head
    }

    struct StageFailure: Error {
        var stage: IngestRecord.Stage
        var reason: String
    }

    func decode<C: ResampledStreamConsumer>(
        _ decoder: AudioDecoder, into record: inout IngestRecord, consumer: inout C
    ) throws {
        let info = decoder.info
        let channels = info.channels
        guard let pcmHasher = try? XXH3Hasher() else {
            throw StageFailure(stage: .hash, reason: "xxHash state allocation failed")
        }
        // Nobody reads the profile stream (plain `ingest`): its length is exact arithmetic, so
        // the resampling work is skipped (3.1 → 0.2 CPU-s on a 56-s 48 kHz FLAC at sinc_best).
        let resampler: Resampler?
        do throws(AudioError) {
            resampler =
                consumer.wantsSamples
                ? try Resampler(inputRate: info.sampleRate, outputRate: profile.sampleRate, quality: quality)
                : nil
            if !consumer.wantsSamples, !(Resampler.validRates(inputRate: info.sampleRate, outputRate: profile.sampleRate)) {
                throw AudioError.resample("invalid rates \(info.sampleRate) → \(profile.sampleRate)")
            }
        } catch {
            throw StageFailure(stage: .resample, reason: error.description)
        }
        var analyzer = QualityAnalyzer(sampleRate: info.sampleRate, channels: channels)

        let interleaved = UnsafeMutablePointer<Float>.allocate(capacity: blockFrames * channels)
        let mono = UnsafeMutablePointer<Float>.allocate(capacity: blockFrames)
        let pcm = UnsafeMutablePointer<Int16>.allocate(capacity: blockFrames)
        defer {
            interleaved.deallocate()
            mono.deallocate()
            pcm.deallocate()
        }
        var frames: Int64 = 0
        var nonFinite = 0
        // Integer PCM decodes to finite floats; other codecs are checked block by block.
        let integerPCM = AudioFormatNames.isIntegerPCM(info.formatWord)
        // 16-bit PCM is read as integers and converted here, in one vectorised pass.
        let shorts: UnsafeMutablePointer<Int16>? =
            AudioFormatNames.is16BitPCM(info.formatWord)
            ? .allocate(capacity: blockFrames * channels) : nil
        defer { shorts?.deallocate() }
        let sink: (UnsafeBufferPointer<Float>) -> Void = { consumer.consume($0) }
        while true {
            let n: Int
            do {
                if let shorts {
                    n = try decoder.read(into: shorts, frames: blockFrames)
                    Downmix.floats(shorts, count: n * channels, into: interleaved)
                } else {
                    n = try decoder.read(into: interleaved, frames: blockFrames)
                }
            } catch {
                throw StageFailure(stage: .decode, reason: "\(error.description) after \(frames) frames")
            }
            if n == 0 { break }
            if !integerPCM {
                let screening = Downmix.screen(interleaved, count: n * channels)
                nonFinite += screening.nonFinite
                if screening.beyondLimit > 0 {
                    throw StageFailure(stage: .decode, reason: Self.beyondLimitReason(screening.beyondLimit, after: frames))
                }
            }
            Downmix.mono(interleaved, channels: channels, frames: n, into: mono)
            Downmix.pcm16(mono, count: n, into: pcm)
            pcmHasher.update(UnsafeRawBufferPointer(start: pcm, count: n * 2))
            analyzer.process(interleaved: interleaved, mono: mono, frames: n)
            do {
                try resampler?.process(mono, count: n, sink: sink)
            } catch {
                throw StageFailure(stage: .resample, reason: error.description)
            }
            frames += Int64(n)
        }
        if let pending = decoder.pendingError {
            throw StageFailure(stage: .decode, reason: "decoder error after \(frames) frames: \(pending)")
        }
        guard frames > 0 else { throw StageFailure(stage: .decode, reason: "no audio frames decoded") }
        // A lossless stream must deliver what its header declares; fewer frames means truncation.
        if AudioFormatNames.isLossless(info.formatWord), info.declaredFrames > frames {
            throw StageFailure(
                stage: .decode,
                reason: "truncated: header declares \(info.declaredFrames) frames, only \(frames) decodable"
            )
        }
        if let truncation = Self.truncationNote(decoder.parseLog) {
            throw StageFailure(stage: .decode, reason: "truncated: \(truncation) (\(frames) frames decodable)")
        }
        do {
            try resampler?.finish(sink: sink)
        } catch {
            throw StageFailure(stage: .resample, reason: error.description)
        }
        analyzer.noteNonFinite(nonFinite)
        record.pcmXXH3 = pcmHasher.finalize().hex
        record.format = IngestRecord.Format(
            container: info.container, codec: info.codec, sampleRate: info.sampleRate, channels: channels,
            frames: frames, durationSeconds: Double(frames) / Double(info.sampleRate)
        )
        record.profile = IngestRecord.ProfileOutput(
            name: profile.rawValue, sampleRate: profile.sampleRate,
            converter: info.sampleRate == profile.sampleRate ? "passthrough" : quality.rawValue,
            frames: resampler?.framesOut
                ?? Resampler.expectedFrames(inputFrames: frames, inputRate: info.sampleRate, outputRate: profile.sampleRate)
        )
        record.quality = analyzer.finish()
        record.warnings = nonFinite > 0 ? ["\(nonFinite) non-finite samples replaced by 0"] : []
    }

    /// The reason given for a float stream whose samples exceed `Downmix.sampleLimit`.
    static func beyondLimitReason(_ count: Int, after frames: Int64) -> String {
        "corrupt float samples: \(count) beyond ±2^24 full scale in the block after \(frames) frames"
    }

    /// Declared data sizes at or above this are streaming placeholders, not truncation.
    static let placeholderDataSize: Int64 = 0xFFFF_F000

    /// libsndfile's parse log prints `data : DECLARED (should be AVAILABLE)` when a data chunk
    /// declares more bytes than the file holds: the file was cut short (or its header lies).
    public static func truncationNote(_ log: String) -> String? {
        for line in log.split(separator: "\n") {
            let trimmed = line.trimmingCharacters(in: .whitespaces)
            guard trimmed.hasPrefix("data"), let open = trimmed.range(of: "(should be ") else { continue }
            let declaredText = trimmed[..<open.lowerBound].split(separator: ":").last?.trimmingCharacters(in: .whitespaces)
            let availableText = trimmed[open.upperBound...].prefix { $0.isNumber }
            guard let declaredText, let declared = Int64(declaredText), let available = Int64(availableText) else { continue }
            if declared > available && declared < placeholderDataSize {
                return "header declares \(declared) bytes of audio data, the file holds \(available)"
            }
        }
        return nil
    }
}
