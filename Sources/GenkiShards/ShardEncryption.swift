import Crypto
import Foundation
import GenkiCore

/// Folder-level sealing: every `NAME.tar` becomes `NAME.tar.sealed`, the manifest, checksums,
/// card and Croissant file go into `index.sealed` (all plaintext removed), `sealed.json`
/// commits to the shard count and every ciphertext under the dataset key, and
/// `recipient.json` carries the wrapped dataset key. Nothing in clear is a digest of
/// plaintext: genki's output is deterministic, so a clear SHA-256 of a member would let anyone
/// holding a song test whether it is inside. Format: `schemas/shard-sealed.md`; schema of
/// recipient.json: `schemas/shard-recipient.schema.json`.
public enum ShardEncryption {
    struct Recipient: Codable {
        static let currentSchema = "genki.shard-recipient/2"
        var schema = Recipient.currentSchema
        var algorithm = "X25519-HKDF-SHA256+ChaCha20-Poly1305"
        var ephemeralPublicKey: String
        var wrappedKey: String

        enum CodingKeys: String, CodingKey {
            case schema, algorithm
            case ephemeralPublicKey = "ephemeral_public_key"
            case wrappedKey = "wrapped_key"
        }
    }

    /// Seals the shards of dataset `name` in `directory` for the recipient's X25519 public key (hex).
    public static func seal(directory: URL, name: String, recipientPublicKey: String) throws(ShardError) {
        let key = SymmetricKey(size: .bits256)
        let (ephemeral, wrapped) = try ShardSealer.wrap(datasetKey: key, recipientPublicKey: recipientPublicKey)
        let shards = try ShardBuilder.completeShards(in: directory, name: name)
        var sealedEntries: [SealedManifest.Entry] = []
        for url in shards {
            guard let data = FileManager.default.contents(atPath: url.path) else { throw .write("a shard cannot be read") }
            let sealed = try ShardSealer.seal([UInt8](data), name: url.lastPathComponent, shardCount: shards.count, key: key)
            let sealedURL = url.appendingPathExtension("sealed")
            try ShardBuilder.writeAtomically(sealed, to: sealedURL)
            sealedEntries.append(.init(name: sealedURL.lastPathComponent, bytes: sealed.count, sha256: ShardBuilder.sha256Hex(sealed)))
        }
        var index: [UInt8] = []
        for clear in FolderListing.clearFiles {
            guard let data = FileManager.default.contents(atPath: directory.appendingPathComponent(clear).path) else { throw .write("\(clear) cannot be read") }
            index += TarArchive.member(name: clear, data: [UInt8](data))
        }
        let sealedIndex = try ShardSealer.sealIndex(index + TarArchive.end, shardCount: shards.count, key: key)
        try ShardBuilder.writeAtomically(sealedIndex, to: directory.appendingPathComponent(SealedFolder.indexFile))
        let indexEntry = SealedManifest.Entry(name: SealedFolder.indexFile, bytes: sealedIndex.count, sha256: ShardBuilder.sha256Hex(sealedIndex))
        let manifest = try SealedManifest.make(shards: sealedEntries, index: indexEntry, key: key)
        let encoder = JSONOutput.encoder(pretty: true)
        guard let json = try? encoder.encode(Recipient(ephemeralPublicKey: ephemeral, wrappedKey: wrapped)) else { throw .write("recipient.json") }
        try ShardBuilder.writeAtomically(manifest.bytes, to: directory.appendingPathComponent(SealedManifest.fileName))
        try ShardBuilder.writeAtomically([UInt8](json) + [0x0A], to: directory.appendingPathComponent(SealedFolder.recipientFile))
        // Plaintext goes only once the sealed set is complete.
        for url in shards { try? FileManager.default.removeItem(at: url) }
        for clear in FolderListing.clearFiles { try? FileManager.default.removeItem(at: directory.appendingPathComponent(clear)) }
    }

    /// Opens a sealed folder into `out`, all or nothing: the folder must match its authentic
    /// `sealed.json` exactly (no shard dropped, added, swapped or changed, no clear file
    /// rewritten), every shard must decrypt, and the opened folder must pass `ShardVerifier`;
    /// it is written in a temporary folder beside `out` and renamed only then. Returns the
    /// shard count.
    public static func open(directory: URL, privateKey: String, to out: URL) throws(ShardError) -> Int {
        guard let listing = FolderListing.read(directory) else { throw .verification("the sealed folder cannot be listed") }
        var log = ProblemLog()
        let checked = SealedFolder.check(directory: directory, listing: listing, log: &log)
        guard let manifest = checked, log.problems.isEmpty else { throw SealedFolder.failure(log) }
        let key = try datasetKey(directory: directory, privateKey: privateKey)
        guard manifest.isAuthentic(under: key) else {
            throw .crypto("sealed.json is not authentic under this dataset key: the sealed set was changed (shards dropped, added or swapped, or the index replaced)")
        }
        let staging = try StagingFolder(for: out)
        do {
            try fill(staging, from: directory, manifest: manifest, key: key)
            try staging.commit()
        } catch {
            staging.discard()
            throw error
        }
        return manifest.shardCount
    }

    /// Decrypts the index (manifest, checksums, card, Croissant file) and the shards into
    /// `staging`, each read once and checked against the authentic manifest; then the opened
    /// folder must verify.
    static func fill(_ staging: StagingFolder, from directory: URL, manifest: SealedManifest, key: SymmetricKey) throws(ShardError) {
        let index = try committed(directory, manifest.index)
        let members = try TarArchive.readCanonical(try ShardSealer.openIndex(index, shardCount: manifest.shardCount, key: key))
        guard members.map(\.name) == FolderListing.clearFiles else {
            throw .verification("\(SealedFolder.indexFile) does not hold exactly \(FolderListing.clearFiles.joined(separator: ", "))")
        }
        for m in members { try staging.write(m.data, as: m.name) }
        for entry in manifest.shards {
            let bytes = try committed(directory, entry)
            let name = String(entry.name.dropLast(SealedFolder.suffix.count))
            try staging.write(try ShardSealer.open(bytes, name: name, shardCount: manifest.shardCount, key: key), as: name)
        }
        let verified = ShardVerifier.verify(directory: staging.url)
        guard verified.passed else { throw .verification("the opened folder does not verify: \(verified.problems.first?.description ?? "")") }
    }

    /// A committed file's bytes, refused when they differ from the manifest's entry.
    static func committed(_ directory: URL, _ entry: SealedManifest.Entry) throws(ShardError) -> [UInt8] {
        let (bytes, problem) = SealedFolder.committedProblem(directory: directory, entry: entry)
        guard let bytes else { throw .verification("\(TarArchive.printable(entry.name)): \(problem ?? "cannot be read")") }
        return bytes
    }

    /// The dataset key from `recipient.json` and the recipient's private key (hex).
    static func datasetKey(directory: URL, privateKey: String) throws(ShardError) -> SymmetricKey {
        guard let data = FileManager.default.contents(atPath: directory.appendingPathComponent(SealedFolder.recipientFile).path),
            let recipient = try? JSONDecoder().decode(Recipient.self, from: data)
        else { throw .crypto("recipient.json is missing or invalid") }
        guard recipient.schema == Recipient.currentSchema else {
            throw .crypto("recipient.json has schema \(TarArchive.printable(recipient.schema)), not \(Recipient.currentSchema): re-seal the folder with this genki")
        }
        return try ShardSealer.unwrap(ephemeral: recipient.ephemeralPublicKey, wrapped: recipient.wrappedKey, recipientPrivateKey: privateKey)
    }
}
