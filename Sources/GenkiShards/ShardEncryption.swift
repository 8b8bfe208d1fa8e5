import Crypto
import Foundation

/// Folder-level sealing: every `NAME.tar` becomes `NAME.tar.sealed` (plaintext removed), and
/// `recipient.json` carries the wrapped dataset key. Manifest, card and checksums stay in clear
/// (they hold no audio, paths or tags) so the opened folder can be verified.
/// Schema of recipient.json: `schemas/shard-recipient.schema.json`.
public enum ShardEncryption {
    struct Recipient: Codable {
        var schema = "genki.shard-recipient/1"
        var algorithm = "X25519-HKDF-SHA256+ChaCha20-Poly1305"
        var ephemeralPublicKey: String
        var wrappedKey: String

        enum CodingKeys: String, CodingKey {
            case schema, algorithm
            case ephemeralPublicKey = "ephemeral_public_key"
            case wrappedKey = "wrapped_key"
        }
    }

    public static func seal(directory: URL, name: String, recipientPublicKey: String) throws(ShardError) {
        let key = SymmetricKey(size: .bits256)
        let (ephemeral, wrapped) = try ShardSealer.wrap(datasetKey: key, recipientPublicKey: recipientPublicKey)
        for url in try ShardBuilder.completeShards(in: directory, name: name) {
            guard let data = FileManager.default.contents(atPath: url.path) else { throw .write("a shard cannot be read") }
            let sealed = try ShardSealer.seal([UInt8](data), name: url.lastPathComponent, key: key)
            try ShardBuilder.writeAtomically(sealed, to: url.appendingPathExtension("sealed"))
            try? FileManager.default.removeItem(at: url)
        }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .prettyPrinted]
        guard let json = try? encoder.encode(Recipient(ephemeralPublicKey: ephemeral, wrappedKey: wrapped)) else { throw .write("recipient.json") }
        try ShardBuilder.writeAtomically([UInt8](json) + [0x0A], to: directory.appendingPathComponent("recipient.json"))
    }

    /// Opens every sealed shard into `out` and copies the clear files; returns the shard count.
    public static func open(directory: URL, privateKey: String, to out: URL) throws(ShardError) -> Int {
        let fm = FileManager.default
        guard let data = fm.contents(atPath: directory.appendingPathComponent("recipient.json").path),
              let recipient = try? JSONDecoder().decode(Recipient.self, from: data) else { throw .crypto("recipient.json is missing or invalid") }
        let key = try ShardSealer.unwrap(ephemeral: recipient.ephemeralPublicKey, wrapped: recipient.wrappedKey, recipientPrivateKey: privateKey)
        do { try fm.createDirectory(at: out, withIntermediateDirectories: true) } catch { throw .write("the output folder cannot be created") }
        let sealed = ((try? fm.contentsOfDirectory(atPath: directory.path)) ?? []).filter { $0.hasSuffix(".tar.sealed") && !$0.hasPrefix(".") }.sorted()
        for file in sealed {
            guard let bytes = fm.contents(atPath: directory.appendingPathComponent(file).path) else { throw .write("a sealed shard cannot be read") }
            let name = String(file.dropLast(".sealed".count))
            let plain = try ShardSealer.open([UInt8](bytes), name: name, key: key)
            try ShardBuilder.writeAtomically(plain, to: out.appendingPathComponent(name))
        }
        for clear in ["manifest.jsonl", "dataset.json", "croissant.json", "SHA256SUMS"] {
            guard let bytes = fm.contents(atPath: directory.appendingPathComponent(clear).path) else { continue }
            try ShardBuilder.writeAtomically([UInt8](bytes), to: out.appendingPathComponent(clear))
        }
        return sealed.count
    }
}
