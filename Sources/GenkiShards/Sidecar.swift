import GenkiAudio
import GenkiModel

/// `KEY.json`: the upstream genki-dama sidecar fields, plus a `genki` object.
/// `title`, `artist` and `name` stay empty (upstream copies the file name there, which leaks
/// it); they are present because audiocraft's `MusicDataset` requires every `MusicInfo` field.
/// No digest of the input or output audio is carried (a holder of a song could recompute it),
/// and the source measurements are rounded (`Sidecar.rounded`). Schema:
/// `schemas/shard-sample.schema.json`.
public struct Sidecar: Codable, Sendable, Equatable {
    public struct Quality: Codable, Sendable, Equatable {
        public var peakDBFS: Double?
        public var loudnessLUFS: Double?
        public var clippingRatio: Double
        public var silenceRatio: Double
        public var bandwidthHz: Double?

        enum CodingKeys: String, CodingKey {
            case peakDBFS = "peak_dbfs"
            case loudnessLUFS = "loudness_lufs"
            case clippingRatio = "clipping_ratio"
            case silenceRatio = "silence_ratio"
            case bandwidthHz = "bandwidth_hz"
        }
    }

    public struct Genki: Codable, Sendable, Equatable {
        public static let currentSchema = "genki.shard-sample/2"
        public var schema = Genki.currentSchema
        /// `audio`; `midi-render` for a MIDI file rendered by the built-in synth; `midi` for canonical MIDI only.
        public var source: SampleSource
        public var profile: String
        /// The source's duration, rounded to 0.1 s.
        public var sourceDurationSeconds: Double
        public var quality: Quality?
        /// With a chip source member (`--include-source`): which subtune of the file the audio
        /// plays, from 1 (the member is the whole file).
        public var subtune: Int?

        enum CodingKeys: String, CodingKey {
            case schema, source, profile, quality, subtune
            case sourceDurationSeconds = "source_duration_s"
        }
    }

    public var key: String
    public var sampleRate: Int
    public var fileExtension: String
    public var description: String
    public var keywords: String
    public var duration: Double
    public var bpm: Double?
    public var genre: String
    public var title: String
    public var artist: String
    public var name: String
    public var instrument: String
    public var moods: [String]
    public var genki: Genki

    enum CodingKeys: String, CodingKey {
        case key, description, keywords, duration, bpm, genre, title, artist, name, instrument, moods, genki
        case sampleRate = "sample_rate"
        case fileExtension = "file_extension"
    }
}

extension Sidecar {
    /// `value` rounded to a multiple of `step` (non-finite values pass through). Steps below 1
    /// divide by their whole inverse, so 0.1-steps give the double nearest the decimal (30.0,
    /// not 30.000000000000004) and rounding again changes nothing.
    public static func rounded(_ value: Double, to step: Double) -> Double {
        guard value.isFinite, step > 0, abs(value) < 1e12 else { return value }
        guard step < 1 else { return (value / step).rounded() * step }
        let perUnit = (1 / step).rounded()
        return (value * perUnit).rounded() / perUnit
    }

    /// Source measurements at the precision a reader needs, not the full-precision values that
    /// would act as an unkeyed identifier of the source: dB and LUFS to 0.1, ratios to 0.001,
    /// bandwidth to 10 Hz.
    public static func rounded(_ q: Quality) -> Quality {
        Quality(
            peakDBFS: q.peakDBFS.map { rounded($0, to: 0.1) }, loudnessLUFS: q.loudnessLUFS.map { rounded($0, to: 0.1) },
            clippingRatio: rounded(q.clippingRatio, to: 0.001), silenceRatio: rounded(q.silenceRatio, to: 0.001),
            bandwidthHz: q.bandwidthHz.map { rounded($0, to: 10) }
        )
    }
}
