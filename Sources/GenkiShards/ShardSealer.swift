import Crypto
import Foundation
import GenkiCore
import GenkiFingerprint

/// Shard encryption for a recipient: each shard sealed with ChaCha20-Poly1305 under a random
/// per-dataset key, and that key wrapped for the recipient's X25519 public key (ephemeral
/// X25519 agreement, HKDF-SHA256, ChaCha20-Poly1305).
///
/// Sealed shard file (`NAME.tar.sealed`, format 3): "GSEAL3" ‖ nonce (12) ‖ ciphertext ‖ tag (16).
/// The associated data is `genki-sealed-shard/3`, the shard name and the folder's shard count
/// (newline-separated), so a shard cannot be renamed, swapped or opened as part of a folder of
/// another size. `index.sealed` has the same form and carries the folder's manifest, checksums,
/// card and Croissant file (a canonical ustar) under `genki-sealed-index/3` and the shard count.
/// `sealed.json` commits to every ciphertext; `recipient.json` holds the ephemeral public key
/// and the wrapped dataset key. Format: `schemas/shard-sealed.md`.
public enum ShardSealer {
    static let magic = Array("GSEAL3".utf8)

    /// A new recipient key pair: (private key hex, public key hex).
    public static func newRecipient() -> (privateKey: String, publicKey: String) {
        let key = Curve25519.KeyAgreement.PrivateKey()
        return (hex(key.rawRepresentation), hex(key.publicKey.rawRepresentation))
    }

    /// The wrapped dataset key for `recipientPublicKey` (hex): (ephemeral public key, wrapped key), hex.
    public static func wrap(datasetKey: SymmetricKey, recipientPublicKey: String) throws(ShardError) -> (ephemeral: String, wrapped: String) {
        guard let raw = unhex(recipientPublicKey), let recipient = try? Curve25519.KeyAgreement.PublicKey(rawRepresentation: raw) else {
            throw .crypto("the recipient key is not an X25519 public key")
        }
        let ephemeral = Curve25519.KeyAgreement.PrivateKey()
        guard let shared = try? ephemeral.sharedSecretFromKeyAgreement(with: recipient) else { throw .crypto("key agreement failed") }
        let wrapping = shared.hkdfDerivedSymmetricKey(using: SHA256.self, salt: ephemeral.publicKey.rawRepresentation, sharedInfo: Data("genki-shard-key".utf8), outputByteCount: 32)
        let keyBytes = datasetKey.withUnsafeBytes { Data($0) }
        guard let box = try? ChaChaPoly.seal(keyBytes, using: wrapping) else { throw .crypto("wrapping failed") }
        return (hex(ephemeral.publicKey.rawRepresentation), hex(box.combined))
    }

    /// Unwraps the dataset key with the recipient's private key (hex).
    public static func unwrap(ephemeral: String, wrapped: String, recipientPrivateKey: String) throws(ShardError) -> SymmetricKey {
        guard let priv = unhex(recipientPrivateKey), let key = try? Curve25519.KeyAgreement.PrivateKey(rawRepresentation: priv),
            let eph = unhex(ephemeral), let ephKey = try? Curve25519.KeyAgreement.PublicKey(rawRepresentation: eph),
            let w = unhex(wrapped), let box = try? ChaChaPoly.SealedBox(combined: w)
        else {
            throw .crypto("malformed keys")
        }
        guard let shared = try? key.sharedSecretFromKeyAgreement(with: ephKey) else { throw .crypto("key agreement failed") }
        let wrapping = shared.hkdfDerivedSymmetricKey(using: SHA256.self, salt: eph, sharedInfo: Data("genki-shard-key".utf8), outputByteCount: 32)
        guard let bytes = try? ChaChaPoly.open(box, using: wrapping) else { throw .crypto("the dataset key cannot be unwrapped with this private key") }
        return SymmetricKey(data: bytes)
    }

    /// The associated data of shard `name` in a folder of `shardCount` shards.
    static func associatedData(name: String, shardCount: Int) -> Data {
        Data("genki-sealed-shard/3\n\(name)\n\(shardCount)".utf8)
    }

    /// The associated data of the sealed index of a folder of `shardCount` shards.
    static func indexAssociatedData(shardCount: Int) -> Data {
        Data("genki-sealed-index/3\n\(shardCount)".utf8)
    }

    /// Seals the index payload (a canonical ustar of the clear files) of a folder of `shardCount` shards.
    static func sealIndex(_ bytes: [UInt8], shardCount: Int, key: SymmetricKey) throws(ShardError) -> [UInt8] {
        try sealed(bytes, associatedData: indexAssociatedData(shardCount: shardCount), key: key)
    }

    /// Opens the sealed index of a folder of `shardCount` shards.
    static func openIndex(_ sealed: [UInt8], shardCount: Int, key: SymmetricKey) throws(ShardError) -> [UInt8] {
        try opened(sealed, name: SealedFolder.indexFile, associatedData: indexAssociatedData(shardCount: shardCount), key: key)
    }

    /// Seals one shard's bytes as shard `name` of a folder of `shardCount` shards.
    public static func seal(_ bytes: [UInt8], name: String, shardCount: Int, key: SymmetricKey) throws(ShardError) -> [UInt8] {
        try sealed(bytes, associatedData: associatedData(name: name, shardCount: shardCount), key: key)
    }

    /// Opens one sealed shard (fails on a wrong key, a renamed shard, another shard count or
    /// any changed byte).
    public static func open(_ sealed: [UInt8], name: String, shardCount: Int, key: SymmetricKey) throws(ShardError) -> [UInt8] {
        try opened(sealed, name: name, associatedData: associatedData(name: name, shardCount: shardCount), key: key)
    }

    static func sealed(_ bytes: [UInt8], associatedData: Data, key: SymmetricKey) throws(ShardError) -> [UInt8] {
        guard let box = try? ChaChaPoly.seal(bytes, using: key, authenticating: associatedData) else {
            throw .crypto("sealing failed")
        }
        return magic + [UInt8](box.combined)
    }

    static func opened(_ sealed: [UInt8], name: String, associatedData: Data, key: SymmetricKey) throws(ShardError) -> [UInt8] {
        guard sealed.count >= magic.count + 28, Array(sealed.prefix(magic.count)) == magic,
            let box = try? ChaChaPoly.SealedBox(combined: sealed.dropFirst(magic.count))
        else {
            let old = sealed.starts(with: Array("GSEAL1".utf8)) || sealed.starts(with: Array("GSEAL2".utf8))
            throw .crypto(old ? "\(TarArchive.printable(name)) is from an older sealed format: re-seal the folder with this genki" : "\(TarArchive.printable(name)) is not a sealed file")
        }
        guard let plain = try? ChaChaPoly.open(box, using: key, authenticating: associatedData) else {
            throw .crypto("\(TarArchive.printable(name)): authentication failed: wrong key, or a tampered, renamed or foreign file")
        }
        return [UInt8](plain)
    }

    static func hex<D: DataProtocol>(_ d: D) -> String { Hex.encode(d) }
    static func unhex(_ s: String) -> Data? { Hex.decode(s.trimmingCharacters(in: .whitespacesAndNewlines)).map { Data($0) } }
}
