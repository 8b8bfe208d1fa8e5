import Foundation
import GenkiChip

/// What verification learned about one sample: enough to rebuild its manifest line.
struct ScannedSample {
    var key: String
    var shard: String
    var members: [String: ManifestRecord.Member]
    /// The sidecar's duration (0 when the sidecar is unreadable, as the writer records it).
    var duration: Double
}

/// Reads one shard the way genki writes it and checks every sample in it.
enum ShardScan {
    /// Member extensions: sidecar, audio, canonical MIDI, and the chip source formats.
    static let extensions: Set<String> = Set(["json", "wav", "flac", "mid"]).union(ChipSourceMember.extensions)

    /// The samples of `shard`, in order. `seen` maps every key met so far to its shard, so a key
    /// repeated within or across shards is reported.
    static func scan(shard: String, bytes: [UInt8], context: SampleContext?, seen: inout [String: String], log: inout ProblemLog) -> [ScannedSample] {
        let members: [TarArchive.Member]
        do { members = try TarArchive.readCanonical(bytes) } catch {
            log.add(shard, nil, error.description)
            return []
        }
        var groups: [(key: String, members: [(ext: String, data: [UInt8])])] = []
        for m in members {
            guard let (key, ext) = split(m.name) else {
                log.add(shard, m.name, "member name is not KEY.EXT (32 lowercase hex digits; json, wav, flac, mid, or mod, xm, s3m or it for a source)")
                continue
            }
            if let last = groups.last, last.key == key {
                guard let previous = last.members.last?.ext, previous < ext else {
                    log.add(shard, m.name, "extension repeated or out of order within the sample (extensions go in byte order: flac < json < mid < wav)")
                    continue
                }
                groups[groups.count - 1].members.append((ext, m.data))
                continue
            }
            if let other = seen[key] {
                log.add(shard, m.name, other == shard ? "key repeated: this sample already appeared earlier in this shard" : "key repeated: this sample already appeared in \(other)")
                continue
            }
            if let last = groups.last, key < last.key { log.add(shard, m.name, "samples out of key order within the shard") }
            seen[key] = shard
            groups.append((key, [(ext, m.data)]))
        }
        return groups.map { check(key: $0.key, members: $0.members, shard: shard, context: context, log: &log) }
    }

    /// (key, extension) of a canonical member name, else nil. Bytes only: fullwidth digits,
    /// uppercase and any non-ASCII name fail (every extension in `extensions` is lowercase ASCII).
    static func split(_ name: String) -> (String, String)? {
        let bytes = Array(name.utf8)
        guard bytes.count > 33, bytes[32] == UInt8(ascii: "."),
            bytes[0..<32].allSatisfy({ ($0 >= 0x30 && $0 <= 0x39) || ($0 >= 0x61 && $0 <= 0x66) })
        else { return nil }
        let ext = String(decoding: bytes[33...], as: UTF8.self)
        guard extensions.contains(ext) else { return nil }
        return (String(decoding: bytes[0..<32], as: UTF8.self), ext)
    }

    static func check(key: String, members: [(ext: String, data: [UInt8])], shard: String, context: SampleContext?, log: inout ProblemLog) -> ScannedSample {
        var sample = ScannedSample(key: key, shard: shard, members: [:], duration: 0)
        var byExtension: [String: [UInt8]] = [:]
        for m in members {
            byExtension[m.ext] = m.data
            sample.members[m.ext] = ManifestRecord.Member(bytes: m.data.count, sha256: ShardBuilder.sha256Hex(m.data))
        }
        guard let json = byExtension["json"] else {
            log.add(shard, key, "sample has no KEY.json sidecar")
            return sample
        }
        if byExtension["wav"] != nil && byExtension["flac"] != nil { log.add(shard, key, "sample has both a wav and a flac member") }
        let rate = context?.sampleRate ?? declaredRate(json)
        var audio: (ext: String, frames: Int?)?
        for ext in ["wav", "flac"] {
            guard let data = byExtension[ext] else { continue }
            audio = (ext, nil)
            let checked = ext == "wav" ? AudioMemberCheck.wav(data, sampleRate: rate) : AudioMemberCheck.flac(data, sampleRate: rate)
            switch checked {
            case .success(let frames): audio = (ext, frames)
            case .failure(let reason): log.add(shard, "\(key).\(ext)", reason.text)
            }
        }
        if let mid = byExtension["mid"], let reason = AudioMemberCheck.midiProblem(mid) { log.add(shard, "\(key).mid", reason.text) }
        let sources = byExtension.keys.compactMap { ChipSourceMember.format(extension: $0) }.sorted { $0.rawValue < $1.rawValue }
        if sources.count > 1 { log.add(shard, key, "sample has more than one chip source member") }
        for format in sources {
            if let data = byExtension[format.rawValue], let reason = ChipSourceMember.problem(data, format: format) {
                log.add(shard, "\(key).\(format.rawValue)", reason.text)
            }
        }
        let members = SidecarCheck.Members(audio: audio, hasMIDI: byExtension["mid"] != nil, hasChipSource: !sources.isEmpty)
        let (duration, problems) = SidecarCheck.check(json, members: members, context: context)
        for p in problems { log.add(shard, "\(key).json", p) }
        sample.duration = duration ?? 0
        return sample
    }

    /// The sidecar's own sample rate, for a folder whose card cannot say.
    static func declaredRate(_ json: [UInt8]) -> Int {
        let decoded = try? JSONDecoder().decode(Sidecar.self, from: Data(json))
        return decoded?.sampleRate ?? 0
    }
}
