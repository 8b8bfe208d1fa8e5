import Foundation

/// Public doors to the readers `genki shard verify` runs on a folder's untrusted bytes, one
/// file at a time (the fuzz harnesses and their replay test call these): the tar reader and
/// per-sample checks of one shard, a sidecar, `manifest.jsonl`, `dataset.json` and the sealed
/// manifest. Each returns what it found; none traps on any input.
public enum ShardReaders {
    /// Reads `bytes` as a shard (lenient tar reader, then the canonical one and every sample's
    /// checks): the member count of the lenient read (nil when it fails) and every problem.
    public static func shard(_ bytes: [UInt8]) -> (members: Int?, problems: [String]) {
        var problems: [String] = []
        var members: Int?
        do { members = try TarArchive.read(bytes).count } catch { problems.append(error.description) }
        var seen: [String: String] = [:]
        var log = ProblemLog()
        let samples = ShardScan.scan(shard: "shard-000000.tar", bytes: bytes, context: nil, seen: &seen, log: &log)
        problems += log.all.map(\.reason)
        problems += samples.map { "sample \($0.key): \($0.members.count) members, \($0.duration) s" }
        return (members, problems)
    }

    /// Checks `bytes` as a sample's sidecar (as if the sample had a WAV of unknown length).
    public static func sidecar(_ bytes: [UInt8]) -> (duration: Double?, problems: [String]) {
        let members = SidecarCheck.Members(audio: (ext: "wav", frames: nil), hasMIDI: false)
        return SidecarCheck.check(bytes, members: members, context: SampleContext(sampleRate: 44_100, profile: "hq"))
    }

    /// Checks `bytes` as `manifest.jsonl` against a folder with no samples: every problem.
    public static func manifest(_ bytes: [UInt8]) -> [String] {
        var log = ProblemLog()
        IndexCheck.manifest(bytes, samples: [], log: &log)
        return log.all.map(\.reason)
    }

    /// Decodes `bytes` as `dataset.json` (nil when it is not a card).
    public static func datasetCard(_ bytes: [UInt8]) -> DatasetCard? {
        try? JSONDecoder().decode(DatasetCard.self, from: Data(bytes))
    }

    /// Decodes `bytes` as a sealed folder's manifest (canonical form only).
    public static func sealedManifest(_ bytes: [UInt8]) -> Result<SealedManifest, ShardError> {
        do { return .success(try SealedManifest.decode(bytes)) } catch { return .failure(error) }
    }
}
