import Foundation
import GenkiCore
import GenkiIngest

/// Rebuilds `manifest.jsonl`, `dataset.json` and `croissant.json` from the samples found in the
/// shards, exactly as the writer does, and reports every claim of the folder's copies that is
/// false, then any remaining byte difference (extra fields, spacing, order).
enum IndexCheck {
    static let manifestFile = "manifest.jsonl"
    static let cardFile = "dataset.json"
    static let croissantFile = "croissant.json"

    /// The manifest line the writer gives a sample (without its newline).
    static func expectedLine(_ s: ScannedSample) -> [UInt8] {
        let encoder = JSONOutput.encoder()
        let record = ManifestRecord(key: s.key, shard: s.shard, durationSeconds: s.duration, members: s.members)
        return (try? encoder.encode(record)).map { [UInt8]($0) } ?? []
    }

    static func manifest(_ bytes: [UInt8]?, samples: [ScannedSample], log: inout ProblemLog) {
        let file = manifestFile
        guard let bytes else {
            log.add(file, nil, "missing")
            return
        }
        guard bytes.isEmpty || bytes.last == 0x0A else {
            log.add(file, nil, "does not end with a newline")
            return
        }
        var index: [String: Int] = [:]
        for (i, s) in samples.enumerated() where index[s.key] == nil { index[s.key] = i }
        var seen: [String: Int] = [:]
        var inOrder = true
        for (i, line) in bytes.split(separator: 0x0A, omittingEmptySubsequences: false).dropLast().enumerated() {
            let n = i + 1
            guard let record = try? JSONDecoder().decode(ManifestRecord.self, from: Data(line)) else {
                log.add(file, nil, "line \(n) is not a manifest record")
                continue
            }
            let key = TarArchive.printable(record.key)
            if let first = seen[record.key] {
                log.add(file, nil, "line \(n) repeats key \(key) of line \(first) (duplicate manifest line)")
                continue
            }
            seen[record.key] = n
            guard let at = index[record.key] else {
                log.add(file, nil, "line \(n): key \(key) is in no shard")
                continue
            }
            let problems = compare(record, samples[at])
            for p in problems { log.add(file, nil, "line \(n): \(p)") }
            if problems.isEmpty && Array(line) != expectedLine(samples[at]) {
                log.add(file, nil, "line \(n): not in canonical form (extra fields, spacing, key order or number format)")
            }
            if at != i { inOrder = false }
        }
        for s in samples where seen[s.key] == nil { log.add(file, nil, "sample \(s.key) in \(s.shard) has no manifest line") }
        if !inOrder { log.add(file, nil, "lines are not in shard order") }
    }

    /// Every false claim of one manifest record about its sample.
    static func compare(_ record: ManifestRecord, _ s: ScannedSample) -> [String] {
        var problems: [String] = []
        if record.schema != "genki.shard-manifest/1" { problems.append("schema is not genki.shard-manifest/1") }
        if record.shard != s.shard { problems.append("says shard \(TarArchive.printable(record.shard)), but the sample is in \(s.shard)") }
        for ext in Set(record.members.keys).union(s.members.keys).sorted() {
            let name = "\(s.key).\(TarArchive.printable(ext))"
            switch (record.members[ext], s.members[ext]) {
            case (let claimed?, let actual?):
                if claimed.bytes != actual.bytes { problems.append("\(name) is \(actual.bytes) bytes, not \(claimed.bytes) (wrong size)") }
                if claimed.sha256 != actual.sha256 { problems.append("\(name) has SHA-256 \(actual.sha256), not \(TarArchive.printable(claimed.sha256)) (false digest)") }
            case (.some, nil): problems.append("lists \(name), which the shard does not hold")
            case (nil, .some): problems.append("omits \(name), which the shard holds")
            case (nil, nil): break
            }
        }
        if record.durationSeconds != s.duration { problems.append("duration_s is \(record.durationSeconds), but the sidecar says \(s.duration)") }
        return problems
    }

    /// The card the writer would give these samples, keeping the folder card's name, profile,
    /// rate and version (checked separately).
    static func expectedCard(from card: DatasetCard, samples: [ScannedSample], shards: [String]) -> DatasetCard {
        DatasetCard(
            name: card.name, profile: card.profile, sampleRate: card.sampleRate, genkiVersion: card.genkiVersion,
            samples: samples.count, shards: shards, durationSeconds: samples.reduce(0) { $0 + $1.duration },
            merkleRoot: MerkleTree(contentHashes: samples.map(\.key)).root
        )
    }

    static func prettyEncoder() -> JSONEncoder {
        let pretty = JSONOutput.encoder(pretty: true)
        return pretty
    }

    /// Checks `dataset.json` against the samples; returns the expected card (for croissant.json).
    static func card(_ raw: [UInt8]?, decoded: DatasetCard?, samples: [ScannedSample], shards: [String], log: inout ProblemLog) -> DatasetCard? {
        let file = cardFile
        guard raw != nil else {
            log.add(file, nil, "missing")
            return nil
        }
        guard let card = decoded else {
            log.add(file, nil, "not a valid dataset card")
            return nil
        }
        let expected = expectedCard(from: card, samples: samples, shards: shards)
        var problems = settings(card)
        if card.samples != expected.samples { problems.append("samples is \(card.samples), but the shards hold \(expected.samples)") }
        if card.shards != expected.shards { problems.append("the shard list differs from the folder's shards") }
        if card.durationSeconds != expected.durationSeconds {
            problems.append("duration_s is \(card.durationSeconds), but the samples last \(expected.durationSeconds) s")
        }
        if card.merkleRoot != expected.merkleRoot {
            problems.append("merkle_root is \(TarArchive.printable(card.merkleRoot)), but the sample keys give \(expected.merkleRoot)")
        }
        for p in problems { log.add(file, nil, p) }
        if problems.isEmpty, let bytes = try? prettyEncoder().encode(expected), [UInt8](bytes) + [0x0A] != raw {
            log.add(file, nil, "not in canonical form (extra fields, spacing, key order or number format)")
        }
        return expected
    }

    /// Problems with the card's own settings: schema, name, profile, rate and version.
    static func settings(_ card: DatasetCard) -> [String] {
        var problems: [String] = []
        if card.schema != "genki.shard-dataset/1" { problems.append("schema is not genki.shard-dataset/1") }
        if let p = ShardOptions.nameProblem(card.name) { problems.append("name is not a valid dataset name: \(p)") }
        if let profile = IngestProfile(rawValue: card.profile), profile != .fp {
            if card.sampleRate != profile.sampleRate { problems.append("sample_rate \(card.sampleRate) is not the \(card.profile) profile's \(profile.sampleRate) Hz") }
        } else {
            problems.append("profile is neither genki nor clap")
        }
        let version = card.genkiVersion.split(separator: ".", omittingEmptySubsequences: false)
        if version.count != 3 || !version.allSatisfy({ !$0.isEmpty && $0.count <= 6 && $0.utf8.allSatisfy { $0 >= 0x30 && $0 <= 0x39 } }) {
            problems.append("genki_version is not a version number")
        }
        return problems
    }

    /// The context every sample must match, when the card's settings are valid.
    static func context(_ card: DatasetCard?) -> SampleContext? {
        guard let card, settings(card).isEmpty else { return nil }
        return SampleContext(sampleRate: card.sampleRate, profile: card.profile)
    }

    static func croissant(_ raw: [UInt8]?, card: DatasetCard?, shardSums: [(String, String)], log: inout ProblemLog) {
        guard let raw else {
            log.add(croissantFile, nil, "missing")
            return
        }
        guard let card, let bytes = try? prettyEncoder().encode(Croissant(card: card, shardSums: shardSums)) else { return }
        if [UInt8](bytes) + [0x0A] != raw {
            log.add(croissantFile, nil, "does not match the dataset card and shard checksums it is generated from")
        }
    }
}
