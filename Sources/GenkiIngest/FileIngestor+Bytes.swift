import GenkiAudio
import GenkiCore
import GenkiFingerprint
import GenkiModel

/// An in-memory `AudioByteSource`: the bytes of a whole file, read through libsndfile's
/// virtual I/O exactly as `HashingFileSource` serves a file's bytes.
public final class MemoryByteSource: AudioByteSource {
    public let bytes: [UInt8]
    public init(_ bytes: [UInt8]) { self.bytes = bytes }

    public var length: Int64 { Int64(bytes.count) }

    public func read(into buffer: UnsafeMutableRawPointer, count: Int, at offset: Int64) -> Int {
        guard count > 0, offset >= 0, offset < Int64(bytes.count) else { return 0 }
        let start = Int(offset)
        let n = min(count, bytes.count - start)
        return bytes.withUnsafeBytes { all in
            guard let base = all.baseAddress else { return 0 }
            buffer.copyMemory(from: base + start, byteCount: n)
            return n
        }
    }
}

extension FileIngestor {
    /// The audio branch of `ingest(path:)` on a file's bytes held in memory: libsndfile opens
    /// them through virtual I/O, then the same block decode → downmix → PCM hash → quality →
    /// resample (→ fingerprint when `fingerprints` is on) runs. The content sniff that picks
    /// this branch is skipped, so any bytes reach libsndfile (the fuzz harnesses use this).
    /// Every failure is a record, never a trap.
    public func ingestAudio(bytes: [UInt8], path: String = "memory") -> IngestRecord {
        let source = MemoryByteSource(bytes)
        let decoder: AudioDecoder
        do {
            decoder = try AudioDecoder(source: source)
        } catch {
            return .failure(path: path, stage: .decode, reason: error.description)
        }
        var record = IngestRecord(status: .ok, path: path)
        record.kind = .audio
        record.sizeBytes = Int64(bytes.count)
        var fingerprinter = AudioFingerprinter()
        do {
            try decode(decoder, into: &record, consumer: &fingerprinter)
        } catch let failure as StageFailure {
            return .failure(path: path, stage: failure.stage, reason: failure.reason)
        } catch {
            return .failure(path: path, stage: .decode, reason: "\(error)")
        }
        record.fileXXH3 = XXH3Hasher.hash(bytes).hex
        guard fingerprints else { return record }
        let fingerprint = fingerprinter.finish()
        let encoded = fingerprint.encoded()
        record.fingerprints = IngestRecord.Fingerprints(audio: fingerprint)
        record.fingerprint = IngestRecord.FingerprintSummary(
            frames: fingerprint.frameCount, bytes: encoded.count, xxh3: XXH3Hasher.hash(encoded).hex
        )
        return record
    }
}
