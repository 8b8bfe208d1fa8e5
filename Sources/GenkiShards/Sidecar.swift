import GenkiAudio

/// `KEY.json`: the upstream genki-dama sidecar fields, plus a `genki` object.
/// `title` and `name` stay empty (upstream copies the file name there, which leaks it).
/// Schema: `schemas/shard-sample.schema.json`.
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
        public var schema = "genki.shard-sample/1"
        /// `audio`, or `midi-render` for a MIDI file rendered by the built-in synth.
        public var source: String
        public var profile: String
        public var pcmXXH3: String
        public var sourceDurationSeconds: Double
        public var quality: Quality?

        enum CodingKeys: String, CodingKey {
            case schema, source, profile, quality
            case pcmXXH3 = "pcm_xxh3_128"
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
    public var name: String
    public var instrument: String
    public var moods: [String]
    public var genki: Genki

    enum CodingKeys: String, CodingKey {
        case key, description, keywords, duration, bpm, genre, title, name, instrument, moods, genki
        case sampleRate = "sample_rate"
        case fileExtension = "file_extension"
    }
}
