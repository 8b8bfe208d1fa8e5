import GenkiCore
import GenkiFingerprint
import GenkiMIDI
import GenkiModel

#if canImport(Glibc)
import Glibc
#endif

/// The MIDI branch of ingest: parse leniently, build the canonical stream, hash it and
/// fingerprint it. Parse warnings go into the record's `warnings`.
public enum MIDIIngestor {
    /// Files larger than this are refused (real MIDI files are kilobytes).
    public static let maxBytes: Int64 = 64 << 20

    /// Reads the whole file from `fd` (already checked to be regular) and fills `record`.
    static func analyze(fd: Int32, size: Int64, into record: IngestRecord, render: Bool = false) -> IngestRecord {
        let path = record.path
        guard size <= maxBytes else {
            return .failure(path: path, stage: .parse, reason: "MIDI file of \(size) bytes exceeds the \(maxBytes >> 20) MiB limit")
        }
        guard lseek(fd, 0, SEEK_SET) == 0 else {
            return .failure(path: path, stage: .open, reason: "cannot seek: \(String(cString: strerror(errno)))")
        }
        var bytes = [UInt8](repeating: 0, count: Int(size))
        var filled = 0
        while filled < bytes.count {
            let n = bytes.withUnsafeMutableBytes { buffer -> Int in
                guard let base = buffer.baseAddress else { return 0 }
                return read(fd, base + filled, buffer.count - filled)
            }
            if n < 0 && errno == EINTR { continue }
            guard n > 0 else { break }
            filled += n
        }
        bytes.removeSubrange(filled...)
        return analyze(bytes: bytes, into: record, render: render)
    }

    /// Fills `record` from the file's bytes (and its file hash when the record has none yet);
    /// with `render`, also fingerprints the built-in render of the parsed notes (cross-modal).
    public static func analyze(bytes: [UInt8], into record: IngestRecord, render: Bool = false) -> IngestRecord {
        let result: MIDIParseResult
        do {
            result = try MIDIParser.parse(bytes)
        } catch {
            return .failure(path: record.path, stage: .parse, reason: error.description)
        }
        let stream = NoteStream(result.file)
        let fingerprint = SymbolicFingerprint(notes: stream.notes)
        var ppq: Int?
        var fps: Int?
        var tpf: Int?
        switch result.file.division {
        case .ppq(let p): ppq = p
        case .smpte(let f, let t):
            fps = f
            tpf = t
        }
        var out = record
        if out.fileXXH3 == nil { out.fileXXH3 = XXH3Hasher.hash(bytes).hex }
        out.midi = IngestRecord.MIDISummary(
            format: result.file.format, tracks: result.file.tracks.count, ppq: ppq, smpteFPS: fps, smpteTicksPerFrame: tpf,
            notes: stream.notes.count, drumNotes: stream.notes.filter(\.isDrum).count,
            durationSeconds: stream.durationSeconds, durationBeats: stream.durationBeats,
            tempoChanges: stream.tempoMap.changes.count, programs: stream.programs, channels: stream.channels,
            canonicalXXH3: stream.canonicalHash.hex, fingerprintShingles: fingerprint.shingles.count,
            minHashXXH3: fingerprint.signature.digest.hex
        )
        var warnings = result.warnings
        if stream.unterminatedNotes > 0 { warnings.append("\(stream.unterminatedNotes) notes without note-off closed at the end") }
        if stream.orphanNoteOffs > 0 { warnings.append("\(stream.orphanNoteOffs) note-offs without a sounding note ignored") }
        out.warnings = warnings
        out.fingerprints = IngestRecord.Fingerprints(symbolic: fingerprint, rendered: render ? CrossModal.renderFingerprint(stream) : nil)
        return out
    }
}
