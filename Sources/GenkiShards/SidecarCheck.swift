import Foundation

/// Checks a `KEY.json` member against what genki writes: the fields of `Sidecar` and no
/// others, in canonical form, with empty title, artist and name, derived text fields (so no field can
/// carry a title), the folder's rate and profile, and a duration that matches the audio.
enum SidecarCheck {
    static let topFields: Set<String> = [
        "key", "sample_rate", "file_extension", "description", "keywords", "duration", "bpm", "genre", "title", "artist",
        "name", "instrument", "moods", "genki",
    ]
    static let genkiFields: Set<String> = ["schema", "source", "profile", "source_duration_s", "quality", "subtune"]
    static let qualityFields: Set<String> = ["peak_dbfs", "loudness_lufs", "clipping_ratio", "silence_ratio", "bandwidth_hz"]
    /// The musical key names `MusicEstimates` writes ("" when unknown).
    static let keyNames: Set<String> = Set(MusicEstimates.names.flatMap { ["\($0) major", "\($0) minor"] }).union([""])

    /// What the sample's other members say.
    struct Members {
        /// `wav` or `flac` with its frame count (nil when the member does not parse), when the sample has audio.
        var audio: (ext: String, frames: Int?)?
        var hasMIDI: Bool
        /// A chip source member (`ChipSourceMember`).
        var hasChipSource = false
    }

    /// The sidecar's duration when it decodes, and every problem found.
    static func check(_ bytes: [UInt8], members: Members, context: SampleContext?) -> (duration: Double?, problems: [String]) {
        let sidecar: Sidecar
        do { sidecar = try JSONDecoder().decode(Sidecar.self, from: Data(bytes)) } catch {
            return (nil, ["not a valid sidecar (missing or mistyped fields, or not JSON)"])
        }
        var problems = extraFields(bytes)
        if !sidecar.title.isEmpty || !sidecar.artist.isEmpty || !sidecar.name.isEmpty {
            problems.append("sidecar carries a title, artist or name (all must be empty)")
        }
        if !keyNames.contains(sidecar.key) { problems.append("sidecar key is not a musical key name") }
        if sidecar.description != expectedDescription(sidecar) {
            problems.append("sidecar description is not the one genki derives from key and bpm")
        }
        if sidecar.keywords != "chiptune" || sidecar.genre != "chiptune" || !sidecar.instrument.isEmpty || !sidecar.moods.isEmpty {
            problems.append("sidecar keywords, genre, instrument or moods differ from genki's fixed values")
        }
        problems += consistency(sidecar, members: members, context: context)
        if problems.isEmpty && sidecar.canonicalJSON.bytes != bytes {
            problems.append("sidecar is not in canonical form (key order, spacing, escapes or number format)")
        }
        return (sidecar.duration, problems)
    }

    static func expectedDescription(_ s: Sidecar) -> String {
        var parts = ["chiptune"]
        if !s.key.isEmpty { parts.append(s.key) }
        if let bpm = s.bpm, bpm.isFinite, abs(bpm) < 1e6 { parts.append("\(Int(bpm.rounded())) bpm") }
        return parts.joined(separator: ", ")
    }

    /// Fields the schema does not allow, at any level.
    static func extraFields(_ bytes: [UInt8]) -> [String] {
        guard let top = (try? JSONSerialization.jsonObject(with: Data(bytes))) as? [String: Any] else { return ["sidecar is not a JSON object"] }
        var extra = top.keys.filter { !topFields.contains($0) }
        let genki = top["genki"] as? [String: Any] ?? [:]
        extra += genki.keys.filter { !genkiFields.contains($0) }.map { "genki." + $0 }
        let quality = genki["quality"] as? [String: Any] ?? [:]
        extra += quality.keys.filter { !qualityFields.contains($0) }.map { "genki.quality." + $0 }
        return extra.isEmpty ? [] : ["extra sidecar fields: " + extra.sorted().map(TarArchive.printable).joined(separator: ", ")]
    }

    static func consistency(_ s: Sidecar, members: Members, context: SampleContext?) -> [String] {
        var problems: [String] = []
        let g = s.genki
        if g.schema != Sidecar.Genki.currentSchema { problems.append("sidecar genki.schema is not \(Sidecar.Genki.currentSchema)") }
        if let context, s.sampleRate != context.sampleRate || g.profile != context.profile {
            problems.append("sidecar sample_rate or profile differs from dataset.json (\(context.sampleRate) Hz, \(context.profile))")
        }
        let q = g.quality
        let rounded = Sidecar.rounded(g.sourceDurationSeconds, to: 0.1) == g.sourceDurationSeconds && q.map { Sidecar.rounded($0) == $0 } != false
        if !rounded { problems.append("sidecar source measurements are not rounded (full precision identifies the source)") }
        let numbers = [s.duration, g.sourceDurationSeconds, s.bpm ?? 1] + qualityNumbers(g.quality)
        if !numbers.allSatisfy({ $0.isFinite }) || s.duration < 0 || g.sourceDurationSeconds < 0 || (s.bpm ?? 1) <= 0 {
            problems.append("sidecar holds a negative or non-finite number")
        }
        if let q = g.quality, !(0...1).contains(q.clippingRatio) || !(0...1).contains(q.silenceRatio) {
            problems.append("sidecar quality ratios are outside 0…1")
        }
        // Which members each source has: audio → audio (+ chip source); midi-render → audio (+ mid); midi → mid only.
        let expectedExtension = members.audio?.ext ?? "mid"
        if s.fileExtension != expectedExtension { problems.append("sidecar file_extension is \(TarArchive.printable(s.fileExtension)), but the sample's media member is \(expectedExtension)") }
        let sourceOK: Bool
        switch g.source {
        case .audio: sourceOK = members.audio != nil && !members.hasMIDI
        case .midiRender: sourceOK = members.audio != nil && g.quality == nil
        case .midi: sourceOK = members.audio == nil && members.hasMIDI && g.quality == nil && s.bpm == nil && s.key.isEmpty
        }
        if !sourceOK || (members.hasChipSource && g.source != .audio) {
            problems.append("sidecar genki.source \(g.source.rawValue) does not fit the sample's members")
        }
        // A subtune number goes with a chip source member, and only with one.
        if members.hasChipSource != (g.subtune != nil) || (g.subtune.map { $0 < 1 } ?? false) {
            problems.append("sidecar genki.subtune must be present (from 1) exactly when the sample carries its chip source")
        }
        if let audio = members.audio, let frames = audio.frames, let rate = context?.sampleRate ?? (s.sampleRate > 0 ? s.sampleRate : nil) {
            let seconds = Double(frames) / Double(rate)
            if s.duration != seconds { problems.append("sidecar duration is \(s.duration) s, but the \(audio.ext) member lasts \(seconds) s") }
        }
        return problems
    }

    static func qualityNumbers(_ q: Sidecar.Quality?) -> [Double] {
        guard let q else { return [] }
        return [q.clippingRatio, q.silenceRatio] + [q.peakDBFS, q.loudnessLUFS, q.bandwidthHz].compactMap { $0 }
    }
}

/// What the dataset card fixes for every sample.
struct SampleContext {
    var sampleRate: Int
    var profile: String
}
