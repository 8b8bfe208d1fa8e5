/// A small JSON writer for sidecars: sorted keys, no whitespace, and every `double` written
/// with a decimal point (2.0, not 2), so loaders that infer column types from the first
/// samples (Hugging Face `datasets` through pyarrow) see one type per field across samples.
public indirect enum CanonicalJSON: Sendable, Equatable {
    case string(String)
    case double(Double)
    case int(Int)
    case array([CanonicalJSON])
    case object([String: CanonicalJSON])
    case null

    /// The serialised bytes (UTF-8).
    public var bytes: [UInt8] { Array(text.utf8) }

    public var text: String {
        switch self {
        case .string(let s): return Self.quote(s)
        case .double(let d): return d.isFinite ? (d == d.rounded() && abs(d) < 1e15 ? String(format: "%.1f", d) : "\(d)") : "null"
        case .int(let i): return String(i)
        case .array(let a): return "[" + a.map(\.text).joined(separator: ",") + "]"
        case .object(let o): return "{" + o.keys.sorted().map { Self.quote($0) + ":" + (o[$0] ?? .null).text }.joined(separator: ",") + "}"
        case .null: return "null"
        }
    }

    static func quote(_ s: String) -> String {
        var out = "\""
        for scalar in s.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            default:
                if scalar.value < 0x20 { out += String(format: "\\u%04x", scalar.value) } else { out.unicodeScalars.append(scalar) }
            }
        }
        return out + "\""
    }
}

extension Sidecar {
    /// The sidecar as canonical JSON (field types fixed: durations, bpm and ratios are doubles).
    public var canonicalJSON: CanonicalJSON {
        func opt(_ d: Double?) -> CanonicalJSON? { d.map { .double($0) } }
        var genkiObject: [String: CanonicalJSON] = [
            "schema": .string(genki.schema), "source": .string(genki.source), "profile": .string(genki.profile),
            "source_duration_s": .double(genki.sourceDurationSeconds),
        ]
        if let q = genki.quality {
            var quality: [String: CanonicalJSON] = ["clipping_ratio": .double(q.clippingRatio), "silence_ratio": .double(q.silenceRatio)]
            quality["peak_dbfs"] = opt(q.peakDBFS)
            quality["loudness_lufs"] = opt(q.loudnessLUFS)
            quality["bandwidth_hz"] = opt(q.bandwidthHz)
            genkiObject["quality"] = .object(quality)
        }
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
