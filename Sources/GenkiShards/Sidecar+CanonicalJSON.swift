import GenkiCore
import GenkiModel

extension Sidecar {
    /// The sidecar as canonical JSON (field types fixed: durations, bpm and ratios are doubles).
    public var canonicalJSON: CanonicalJSON {
        func opt(_ d: Double?) -> CanonicalJSON? { d.map { .double($0) } }
        var genkiObject: [String: CanonicalJSON] = [
            "schema": .string(genki.schema), "source": .string(genki.source.rawValue), "profile": .string(genki.profile),
            "source_duration_s": .double(genki.sourceDurationSeconds),
        ]
        if let q = genki.quality {
            var quality: [String: CanonicalJSON] = ["clipping_ratio": .double(q.clippingRatio), "silence_ratio": .double(q.silenceRatio)]
            quality["peak_dbfs"] = opt(q.peakDBFS)
            quality["loudness_lufs"] = opt(q.loudnessLUFS)
            quality["bandwidth_hz"] = opt(q.bandwidthHz)
            genkiObject["quality"] = .object(quality)
        }
        genkiObject["subtune"] = genki.subtune.map { .int($0) }
        var object: [String: CanonicalJSON] = [
            "key": .string(key), "sample_rate": .int(sampleRate), "file_extension": .string(fileExtension),
            "description": .string(description), "keywords": .string(keywords), "duration": .double(duration),
            "genre": .string(genre), "title": .string(title), "artist": .string(artist), "name": .string(name), "instrument": .string(instrument),
            "moods": .array(moods.map { .string($0) }), "genki": .object(genkiObject),
        ]
        object["bpm"] = opt(bpm)
        return .object(object)
    }
}
