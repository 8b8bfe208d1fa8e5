import GenkiAudio
import GenkiFingerprint
import GenkiIngest
import GenkiMIDI
import GenkiModel

/// One analysed file as dedup sees it.
public struct DedupItem: Sendable {
    public typealias Kind = MediaKind

    public var path: String
    public var kind: Kind
    public var fileHash: String
    /// Decoded-PCM hash (audio) or canonical note-stream hash (MIDI).
    public var contentHash: String
    public var durationSeconds: Double
    /// Higher is better (see `DedupItem.quality(of:)`).
    public var quality: Double
    /// When the item was first registered (earlier wins); nil when unknown.
    public var registeredAt: Int64?
    public var audio: AudioFingerprint?
    public var symbolic: SymbolicFingerprint?
    /// For MIDI items: the fingerprint of the built-in render, for cross-modal matching.
    public var rendered: AudioFingerprint?
    /// Audio: the noise floor minus the RMS level (dB; lower is cleaner), for the keep-policy.
    /// Nil when unknown (items read back from a registry or partition file).
    public var noiseFloorBelowRMS: Double?
    /// Audio: whether the codec is lossless. Nil when unknown.
    public var lossless: Bool?

    public init(
        path: String, kind: Kind, fileHash: String, contentHash: String, durationSeconds: Double, quality: Double,
        registeredAt: Int64? = nil, audio: AudioFingerprint? = nil, symbolic: SymbolicFingerprint? = nil
    ) {
        self.path = path
        self.kind = kind
        self.fileHash = fileHash
        self.contentHash = contentHash
        self.durationSeconds = durationSeconds
        self.quality = quality
        self.registeredAt = registeredAt
        self.audio = audio
        self.symbolic = symbolic
    }

    /// An item from a successful ingest record (nil for errors and records without hashes).
    public init?(record: IngestRecord) {
        guard record.isOK, let fileHash = record.fileXXH3 else { return nil }
        if let midi = record.midi {
            self.init(
                path: record.path, kind: .midi, fileHash: fileHash, contentHash: midi.canonicalXXH3,
                durationSeconds: midi.durationSeconds, quality: Self.quality(of: record),
                symbolic: record.fingerprints?.symbolic
            )
            rendered = record.fingerprints?.rendered
        } else if let pcm = record.pcmXXH3, let format = record.format {
            self.init(
                path: record.path, kind: .audio, fileHash: fileHash, contentHash: pcm,
                durationSeconds: format.durationSeconds, quality: Self.quality(of: record),
                audio: record.fingerprints?.audio
            )
            lossless = AudioFormatNames.exactCodecNames.contains(format.codec)
            if let floor = record.quality?.noiseFloorDBFS, let rms = record.quality?.rmsDBFS { noiseFloorBelowRMS = floor - rms }
        } else {
            return nil
        }
    }

    /// The keep-policy quality: for audio, lossless over lossy, wider bandwidth, higher rate,
    /// less clipping and silence, longer (up to a minute); for MIDI, more notes and fewer repairs.
    public static func quality(of record: IngestRecord) -> Double {
        if let midi = record.midi {
            return Double(midi.notes) - 10 * Double(record.warnings?.count ?? 0)
        }
        guard let format = record.format, let q = record.quality else { return 0 }
        let lossless = AudioFormatNames.exactCodecNames.contains(format.codec)
        return (lossless ? 100 : 0) + (q.bandwidthHz ?? 0) / 1_000 + Double(format.sampleRate) / 10_000
            - 100 * q.clippingRatio - 10 * q.silenceRatio + min(format.durationSeconds, 60) / 60
    }
}
