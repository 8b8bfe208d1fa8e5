import GenkiAudio
import GenkiFingerprint
import GenkiMIDI
import GenkiModel

/// One line of `genki ingest` output: an analysed file or a failure.
/// Schema: `schemas/ingest-record.schema.json`.
public struct IngestRecord: Codable, Sendable, Equatable {
    /// Schema identifier written into every record.
    public static let schemaID = "genki.ingest-record/1"

    /// Where processing stopped for a failed file.
    public enum Stage: String, Codable, Sendable {
        case walk, open, sniff, hash, decode, resample, parse
    }

    /// What a MIDI file holds (for `kind: midi`).
    public struct MIDISummary: Codable, Sendable, Equatable {
        /// SMF format 0, 1 or 2.
        public var format: Int
        /// Track chunks found.
        public var tracks: Int
        /// Ticks per quarter note, or nil for SMPTE timing.
        public var ppq: Int?
        /// SMPTE frames per second and ticks per frame, for SMPTE timing.
        public var smpteFPS: Int?
        public var smpteTicksPerFrame: Int?
        /// Notes in the canonical stream, and how many are percussion.
        public var notes: Int
        public var drumNotes: Int
        public var durationSeconds: Double
        public var durationBeats: Double
        public var tempoChanges: Int
        /// Programs of pitched notes and channels with notes.
        public var programs: [Int]
        public var channels: [Int]
        /// XXH3-128 of the canonical note stream (the exact-duplicate tier for MIDI).
        public var canonicalXXH3: String
        /// Symbolic fingerprint size and a digest of its MinHash signature.
        public var fingerprintShingles: Int
        public var minHashXXH3: String

        enum CodingKeys: String, CodingKey {
            case format, tracks, ppq, notes, programs, channels
            case smpteFPS = "smpte_fps"
            case smpteTicksPerFrame = "smpte_ticks_per_frame"
            case drumNotes = "drum_notes"
            case durationSeconds = "duration_s"
            case durationBeats = "duration_beats"
            case tempoChanges = "tempo_changes"
            case canonicalXXH3 = "canonical_xxh3_128"
            case fingerprintShingles = "fingerprint_shingles"
            case minHashXXH3 = "minhash_xxh3_128"
        }
    }

    /// Container, codec and stream shape as decoded.
    public struct Format: Codable, Sendable, Equatable {
        public var container: String
        public var codec: String
        public var sampleRate: Int
        public var channels: Int
        /// Frames actually decoded.
        public var frames: Int64
        public var durationSeconds: Double

        public init(container: String, codec: String, sampleRate: Int, channels: Int, frames: Int64, durationSeconds: Double) {
            self.container = container
            self.codec = codec
            self.sampleRate = sampleRate
            self.channels = channels
            self.frames = frames
            self.durationSeconds = durationSeconds
        }

        enum CodingKeys: String, CodingKey {
            case container, codec, channels, frames
            case sampleRate = "sample_rate"
            case durationSeconds = "duration_s"
        }
    }

    /// The resampled stream.
    public struct ProfileOutput: Codable, Sendable, Equatable {
        public var name: String
        public var sampleRate: Int
        public var converter: String
        public var frames: Int64

        public init(name: String, sampleRate: Int, converter: String, frames: Int64) {
            self.name = name
            self.sampleRate = sampleRate
            self.converter = converter
            self.frames = frames
        }

        enum CodingKeys: String, CodingKey {
            case name, converter, frames
            case sampleRate = "sample_rate"
        }
    }

    public var schema: String = IngestRecord.schemaID
    public var status: IngestStatus
    /// The path as walked (relative inputs stay relative). Local report only; never put in shards.
    public var path: String
    public var kind: MediaKind?
    public var sizeBytes: Int64?
    /// XXH3-128 of the file's bytes, 32 hex digits.
    public var fileXXH3: String?
    /// XXH3-128 of the decoded mono 16-bit little-endian PCM before resampling.
    public var pcmXXH3: String?
    public var format: Format?
    public var profile: ProfileOutput?
    public var quality: QualityStats?
    /// For `kind: midi`: what the file holds.
    public var midi: MIDISummary?
    /// For audio ingested with fingerprints: the chroma fingerprint's size and digest.
    public var fingerprint: FingerprintSummary?
    /// For tracker modules: the note content read from the patterns.
    public var module: ModuleSummary?

    /// For tracker modules and chip files: which subtune the item is, and the file's canonical
    /// (metadata-free) hash.
    public var chip: ChipSummary?

    /// What a chip item is: one subtune of a file (each subtune is its own item), and the hash
    /// of the file's stripped form (`ChipCanonicalForm`) where genki can strip the format.
    public struct ChipSummary: Codable, Sendable, Equatable {
        /// The subtune rendered, from 1, and how many the file has. With more than one, the
        /// item's path is `<file>/subtune-<n>` (`SubtuneLocator`).
        public var subtune: Int
        public var subtunes: Int
        /// XXH3-128 of the file with every text field blanked or removed; nil for formats genki
        /// cannot strip. Two files that differ only in their text share it.
        public var canonicalXXH3: String?

        /// Subtune `subtune` (from 1) of a file with `subtunes`, with the file's canonical hash.
        public init(subtune: Int, subtunes: Int, canonicalXXH3: String? = nil) {
            self.subtune = subtune
            self.subtunes = subtunes
            self.canonicalXXH3 = canonicalXXH3
        }

        enum CodingKeys: String, CodingKey {
            case subtune, subtunes
            case canonicalXXH3 = "canonical_xxh3_128"
        }
    }

    /// What a tracker module's patterns hold (`ModuleScore`).
    public struct ModuleSummary: Codable, Sendable, Equatable {
        public var notes: Int
        public var drumNotes: Int
        public var channels: Int
        public var orders: Int
        public var patterns: Int
        /// Shingles of the symbolic fingerprint of the pitched notes.
        public var fingerprintShingles: Int

        public init(notes: Int, drumNotes: Int, channels: Int, orders: Int, patterns: Int, fingerprintShingles: Int) {
            self.notes = notes
            self.drumNotes = drumNotes
            self.channels = channels
            self.orders = orders
            self.patterns = patterns
            self.fingerprintShingles = fingerprintShingles
        }

        enum CodingKeys: String, CodingKey {
            case notes, channels, orders, patterns
            case drumNotes = "drum_notes"
            case fingerprintShingles = "fingerprint_shingles"
        }
    }

    /// Size and identity of an audio fingerprint.
    public struct FingerprintSummary: Codable, Sendable, Equatable {
        /// Chroma frames (≈ 5.4 per second).
        public var frames: Int
        /// Stored size in bytes (the compact form, `AudioFingerprintCodec`).
        public var bytes: Int
        /// XXH3-128 of the stored bytes.
        public var xxh3: String

        enum CodingKeys: String, CodingKey {
            case frames, bytes
            case xxh3 = "xxh3_128"
        }
    }
    /// Non-fatal observations (e.g. samples that were not finite).
    public var warnings: [String]?
    /// For errors: the stage that failed.
    public var stage: Stage?
    /// For errors: why, without the path.
    public var reason: String?
    /// In-memory fingerprints for dedup (not written to the JSON record).
    public var fingerprints: Fingerprints?

    /// Fingerprints kept in memory for dedup.
    public struct Fingerprints: Sendable, Equatable {
        /// Chroma fingerprint of an audio file (when ingest ran with fingerprints on).
        public var audio: AudioFingerprint?
        /// Symbolic fingerprint of a MIDI file.
        public var symbolic: SymbolicFingerprint?
        /// A MIDI file's built-in render, fingerprinted (when ingest ran with cross-modal renders).
        public var rendered: AudioFingerprint?

        public init(audio: AudioFingerprint? = nil, symbolic: SymbolicFingerprint? = nil, rendered: AudioFingerprint? = nil) {
            self.audio = audio
            self.symbolic = symbolic
            self.rendered = rendered
        }
    }

    enum CodingKeys: String, CodingKey {
        case schema, status, path, kind, format, profile, quality, midi, fingerprint, chip, module, warnings, stage, reason
        case sizeBytes = "size_bytes"
        case fileXXH3 = "file_xxh3_128"
        case pcmXXH3 = "pcm_xxh3_128"
    }

    /// A record with a status and path; the rest is filled in by the pipeline.
    public init(status: IngestStatus, path: String) {
        self.status = status
        self.path = path
    }

    /// An error record.
    public static func failure(path: String, stage: Stage, reason: String) -> IngestRecord {
        var record = IngestRecord(status: .error, path: path)
        record.stage = stage
        record.reason = reason
        return record
    }

    /// True for successfully analysed files.
    public var isOK: Bool { status == .ok }
}

/// The record of a walked input that was not analysed (not media, an unsupported format, a
/// dangling link…): one line in `--jsonl`, so every input is accounted for.
public struct SkippedRecord: Encodable, Sendable, Equatable {
    public var schema = IngestRecord.schemaID
    public var status = IngestStatus.skipped
    public var path: String
    public var reason: String

    public init(path: String, reason: String) {
        self.path = path
        self.reason = reason
    }
}
