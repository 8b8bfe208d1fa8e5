import Foundation

/// `genki shard verify DIR`: checks a shard folder against the layout genki writes, trusting none
/// of its own claims, safely on hostile input.
///
/// - The folder holds exactly `NAME-000000.tar`… (no gaps), `manifest.jsonl`, `dataset.json`,
///   `croissant.json` and `SHA256SUMS`, all regular files: any other entry is a stray file.
/// - `SHA256SUMS` lists exactly those files, sorted, each with its real digest.
/// - Every shard is byte for byte a genki tar: normalised headers, zero padding, two end blocks
///   and nothing after them; members `KEY.EXT` (32 lowercase hex digits; json, flac, mid, wav),
///   grouped by sample with sorted extensions, keys ascending and never repeated in the folder.
/// - Every media member parses as what its extension says (canonical WAV, 16-bit mono FLAC,
///   canonical MIDI); every sidecar has only genki's fields, in canonical form, with empty
///   title and name and a duration that matches its audio.
/// - `manifest.jsonl`, `dataset.json` and `croissant.json` are rebuilt from the samples: every
///   digest, size, duration, count and the Merkle root are recomputed, not read.
///
/// A sealed folder fails: its ciphertexts are checked against `sealed.json`, but only
/// `genki shard open` can authenticate and decrypt them; verify the opened folder.
public enum ShardVerifier {
    /// What `verify` found.
    public struct Result: Sendable {
        /// Shards found (plain or sealed).
        public var shards = 0
        /// Samples found in the shards.
        public var samples = 0
        /// Every reason the folder fails (empty when it passes).
        public var problems: [VerificationProblem] = []
        /// SHA-256 of each verified shard by name, for readers that must use the same bytes.
        public var shardDigests: [String: String] = [:]
        /// Whether the folder is valid.
        public var passed: Bool { problems.isEmpty }
    }

    /// Verifies the folder at `directory`.
    public static func verify(directory: URL) -> Result {
        var result = Result()
        var log = ProblemLog()
        guard let listing = FolderListing.read(directory) else {
            log.add("(folder)", nil, "cannot be listed")
            result.problems = log.all
            return result
        }
        if listing.isSealed {
            result.shards = SealedFolder.check(directory: directory, listing: listing, log: &log)?.shards.count ?? 0
            log.add("(folder)", nil, "a sealed folder: `genki shard open` it, then verify the opened folder")
            result.problems = log.all
            return result
        }
        verifyPlain(directory: directory, listing: listing, result: &result, log: &log)
        result.problems = log.all
        return result
    }

    static func verifyPlain(directory: URL, listing: FolderListing, result: inout Result, log: inout ProblemLog) {
        func contents(_ name: String) -> [UInt8]? {
            guard !listing.irregular.contains(name), listing.names.contains(name) else { return nil }
            return FileManager.default.contents(atPath: directory.appendingPathComponent(name).path).map { [UInt8]($0) }
        }
        let cardBytes = contents(IndexCheck.cardFile)
        let card = cardBytes.flatMap { try? JSONDecoder().decode(DatasetCard.self, from: Data($0)) }
        let name = card.flatMap { ShardOptions.nameProblem($0.name) == nil ? $0.name : nil } ?? listing.inferredName() ?? "genki"
        let shards = listing.layout(name: name, log: &log)
        result.shards = shards.count
        let context = IndexCheck.context(card)
        var digests: [(name: String, sha256: String?)] = []
        var shardSums: [(String, String)] = []
        var samples: [ScannedSample] = []
        var seen: [String: String] = [:]
        for shard in shards {
            guard let bytes = contents(shard) else {
                log.add(shard, nil, "cannot be read")
                digests.append((shard, nil))
                continue
            }
            let sum = ShardBuilder.sha256Hex(bytes)
            digests.append((shard, sum))
            shardSums.append((shard, sum))
            result.shardDigests[shard] = sum
            samples += ShardScan.scan(shard: shard, bytes: bytes, context: context, seen: &seen, log: &log)
        }
        result.samples = samples.count
        let manifest = contents(IndexCheck.manifestFile)
        let croissant = contents(IndexCheck.croissantFile)
        for (file, bytes) in [(IndexCheck.croissantFile, croissant), (IndexCheck.cardFile, cardBytes), (IndexCheck.manifestFile, manifest)] {
            digests.append((file, bytes.map(ShardBuilder.sha256Hex)))
        }
        ChecksumCheck.check(contents(ChecksumCheck.file), digests: digests.sorted { $0.name < $1.name }, log: &log)
        IndexCheck.manifest(manifest, samples: samples, log: &log)
        let expected = IndexCheck.card(cardBytes, decoded: card, samples: samples, shards: shards, log: &log)
        IndexCheck.croissant(croissant, card: expected, shardSums: shardSums, log: &log)
    }
}
