import Foundation

/// `genki shard verify DIR`: checks a shard folder against its own claims, safely on hostile
/// input. Every shard must be a plain tar with normalised headers, hex-keyed members grouped
/// by sample with sorted extensions and no stray names; SHA256SUMS, the manifest and the
/// dataset card must match the files; every sidecar must have empty `title` and `name`.
public enum ShardVerifier {
    public struct Result: Sendable {
        public var shards = 0
        public var samples = 0
        public var problems: [String] = []
        public var passed: Bool { problems.isEmpty }
    }

    static let allowedExtensions: Set<String> = ["json", "wav", "flac", "mid"]

    public static func verify(directory: URL) -> Result {
        var result = Result()
        let fm = FileManager.default
        guard let sumsData = fm.contents(atPath: directory.appendingPathComponent("SHA256SUMS").path) else {
            result.problems.append("SHA256SUMS is missing")
            return result
        }
        var listed: [String: String] = [:]
        for line in String(decoding: sumsData, as: UTF8.self).split(separator: "\n") {
            let parts = line.split(separator: " ", maxSplits: 1, omittingEmptySubsequences: true)
            guard parts.count == 2 else { result.problems.append("malformed SHA256SUMS line"); continue }
            let name = String(parts[1]).trimmingCharacters(in: .whitespaces)
            guard !name.contains("/"), !name.hasPrefix(".") else { result.problems.append("SHA256SUMS names a file outside the folder"); continue }
            listed[name] = String(parts[0])
        }
        for (name, sum) in listed.sorted(by: { $0.key < $1.key }) {
            guard let data = fm.contents(atPath: directory.appendingPathComponent(name).path) else {
                result.problems.append("\(name): listed in SHA256SUMS but missing")
                continue
            }
            if ShardBuilder.sha256Hex([UInt8](data)) != sum { result.problems.append("\(name): checksum mismatch") }
        }
        let shardNames = listed.keys.filter { $0.hasSuffix(".tar") }.sorted()
        var keys: [String] = []
        var manifestFromShards: [String: (shard: String, members: [String: Int])] = [:]
        for name in shardNames {
            guard let data = fm.contents(atPath: directory.appendingPathComponent(name).path) else { continue }
            result.shards += 1
            let members: [TarArchive.Member]
            do { members = try TarArchive.read([UInt8](data)) } catch {
                result.problems.append("\(name): \(error.description)")
                continue
            }
            var previous: (key: String, ext: String)?
            for m in members {
                guard m.normalised else { result.problems.append("\(name): \(m.name) has a non-normalised header (mode, owner, names or time)"); continue }
                let parts = m.name.split(separator: ".", maxSplits: 1).map(String.init)
                guard parts.count == 2, parts[0].count == 32, parts[0].allSatisfy({ $0.isHexDigit && !$0.isUppercase }),
                      allowedExtensions.contains(parts[1]) else {
                    result.problems.append("\(name): unexpected member name")
                    continue
                }
                if let p = previous, p.key == parts[0], p.ext >= parts[1] { result.problems.append("\(name): extensions out of order in a sample") }
                if previous?.key != parts[0] {
                    if keys.contains(parts[0]) { result.problems.append("\(name): sample members not adjacent or key repeated") }
                    keys.append(parts[0])
                }
                previous = (parts[0], parts[1])
                manifestFromShards[parts[0], default: (name, [:])].members[parts[1]] = m.data.count
                if parts[1] == "json" {
                    guard let sidecar = try? JSONDecoder().decode(Sidecar.self, from: Data(m.data)) else {
                        result.problems.append("\(name): a sidecar is not valid")
                        continue
                    }
                    if !sidecar.title.isEmpty || !sidecar.name.isEmpty { result.problems.append("\(name): a sidecar carries a title or name") }
                }
                if parts[1] == "wav", WAVEncoder.info(m.data) == nil { result.problems.append("\(name): a WAV member is not canonical PCM") }
            }
        }
        result.samples = keys.count
        // The manifest must describe exactly what the shards hold.
        if let data = fm.contents(atPath: directory.appendingPathComponent("manifest.jsonl").path) {
            var seen = Set<String>()
            for line in String(decoding: data, as: UTF8.self).split(separator: "\n") {
                guard let record = try? JSONDecoder().decode(ManifestRecord.self, from: Data(line.utf8)) else {
                    result.problems.append("manifest.jsonl: malformed line")
                    continue
                }
                seen.insert(record.key)
                guard let actual = manifestFromShards[record.key], actual.shard == record.shard,
                      actual.members == record.members.mapValues(\.bytes) else {
                    result.problems.append("manifest.jsonl: a record does not match the shards")
                    continue
                }
            }
            if seen != Set(keys) { result.problems.append("manifest.jsonl: samples differ from the shards") }
        } else {
            result.problems.append("manifest.jsonl is missing")
        }
        if let data = fm.contents(atPath: directory.appendingPathComponent("dataset.json").path),
           let card = try? JSONDecoder().decode(DatasetCard.self, from: data) {
            if card.samples != keys.count || card.shards != shardNames { result.problems.append("dataset.json: counts or shard list differ from the folder") }
        } else {
            result.problems.append("dataset.json is missing or invalid")
        }
        return result
    }
}
