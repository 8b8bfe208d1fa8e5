import Crypto
import Foundation
import GenkiCore

/// `sealed.json`: what a sealed folder must hold, authenticated under the dataset key so that
/// no sealed shard can be dropped, swapped, added or changed, and the sealed index (the
/// manifest, checksums, card and Croissant file) not replaced, without `genki shard open`
/// noticing. It names only ciphertexts: nothing in clear is a digest of plaintext. Format: `schemas/shard-sealed.md`; schema:
/// `schemas/shard-sealed.schema.json`.
public struct SealedManifest: Codable, Sendable, Equatable {
    /// One committed file: name, size and SHA-256 of its bytes (ciphertext for sealed shards).
    public struct Entry: Codable, Sendable, Equatable {
        /// File name in the folder.
        public var name: String
        /// Size in bytes.
        public var bytes: Int
        /// SHA-256, lowercase hex.
        public var sha256: String
    }

    /// The file's name in a sealed folder.
    public static let fileName = "sealed.json"
    /// The schema and format version of sealed folders written by this genki.
    public static let currentSchema = "genki.shard-sealed/3"

    /// `genki.shard-sealed/3`.
    public var schema = SealedManifest.currentSchema
    /// The shard AEAD.
    public var algorithm = "ChaCha20-Poly1305"
    /// How many sealed shards the folder holds.
    public var shardCount: Int
    /// Every sealed shard, in order, with its ciphertext's size and digest.
    public var shards: [Entry]
    /// `index.sealed`, which carries `SHA256SUMS`, `croissant.json`, `dataset.json` and
    /// `manifest.jsonl` (ciphertext size and digest).
    public var index: Entry
    /// nonce ‖ tag (hex) of ChaCha20-Poly1305 over an empty message, with this manifest
    /// (authenticator empty) as associated data.
    public var authenticator: String

    enum CodingKeys: String, CodingKey {
        case schema, algorithm, shards, authenticator, index
        case shardCount = "shard_count"
    }

    static func encoder() -> JSONEncoder {
        let encoder = JSONOutput.encoder(pretty: true)
        return encoder
    }

    /// The associated data the authenticator covers: a domain label, then the manifest with
    /// an empty authenticator.
    var associatedData: Data {
        var body = self
        body.authenticator = ""
        let encoded = (try? Self.encoder().encode(body)) ?? Data()
        return Data("genki-sealed-manifest/3\n".utf8) + encoded
    }

    /// A manifest for these files, authenticated under `key`.
    static func make(shards: [Entry], index: Entry, key: SymmetricKey) throws(ShardError) -> SealedManifest {
        var manifest = SealedManifest(shardCount: shards.count, shards: shards, index: index, authenticator: "")
        guard let box = try? ChaChaPoly.seal(Data(), using: key, authenticating: manifest.associatedData) else { throw .crypto("the sealed manifest cannot be authenticated") }
        manifest.authenticator = ShardSealer.hex(box.combined)
        return manifest
    }

    /// The file's bytes (pretty JSON, sorted keys, newline).
    var bytes: [UInt8] { ((try? Self.encoder().encode(self)).map { [UInt8]($0) } ?? []) + [0x0A] }

    /// Decodes `bytes`, which must be exactly the canonical form this genki writes.
    static func decode(_ bytes: [UInt8]) throws(ShardError) -> SealedManifest {
        if let old = try? JSONDecoder().decode(SchemaOnly.self, from: Data(bytes)), old.schema != currentSchema {
            throw .verification(
                "\(fileName) has schema \(TarArchive.printable(old.schema)), not \(currentSchema): re-seal the plain folder with this genki (format 2 kept the manifest and checksums in clear)")
        }
        guard let manifest = try? JSONDecoder().decode(SealedManifest.self, from: Data(bytes)) else {
            throw .verification("\(fileName) is not a sealed manifest")
        }
        guard manifest.schema == currentSchema else { throw .verification("\(fileName) has schema \(TarArchive.printable(manifest.schema)), not \(currentSchema)") }
        guard manifest.bytes == bytes else { throw .verification("\(fileName) is not in canonical form (extra fields, spacing or key order)") }
        return manifest
    }

    private struct SchemaOnly: Decodable { var schema: String }

    /// Whether the authenticator is valid under `key` (false: tampered, or another dataset's).
    func isAuthentic(under key: SymmetricKey) -> Bool {
        guard let raw = ShardSealer.unhex(authenticator), raw.count == 28, let box = try? ChaChaPoly.SealedBox(combined: raw),
            let opened = try? ChaChaPoly.open(box, using: key, authenticating: associatedData)
        else { return false }
        return opened.isEmpty
    }
}
