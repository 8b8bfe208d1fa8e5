import Crypto
import Foundation
import GenkiFingerprint

/// Shard encryption for a recipient: each shard sealed with ChaCha20-Poly1305 under a random
/// per-dataset key, and that key wrapped for the recipient's X25519 public key (ephemeral
/// X25519 agreement, HKDF-SHA256, ChaCha20-Poly1305).
///
/// Sealed shard file (`NAME.tar.sealed`, format 2): "GSEAL2" ‖ nonce (12) ‖ ciphertext ‖ tag (16).
/// The associated data is `genki-sealed-shard/2`, the shard name and the folder's shard count
/// (newline-separated), so a shard cannot be renamed, swapped or opened as part of a folder of
/// another size. `sealed.json` commits to every ciphertext; `recipient.json` holds the
/// ephemeral public key and the wrapped dataset key. Format: `schemas/shard-sealed.md`.
public enum ShardSealer {
    static let magic = Array("GSEAL2".utf8)

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
              let w = unhex(wrapped), let box = try? ChaChaPoly.SealedBox(combined: w) else {
            throw .crypto("malformed keys")
        }
        guard let shared = try? key.sharedSecretFromKeyAgreement(with: ephKey) else { throw .crypto("key agreement failed") }
        let wrapping = shared.hkdfDerivedSymmetricKey(using: SHA256.self, salt: eph, sharedInfo: Data("genki-shard-key".utf8), outputByteCount: 32)
        guard let bytes = try? ChaChaPoly.open(box, using: wrapping) else { throw .crypto("the dataset key cannot be unwrapped with this private key") }
        return SymmetricKey(data: bytes)
    }

    /// The associated data of shard `name` in a folder of `shardCount` shards.
    static func associatedData(name: String, shardCount: Int) -> Data {
        Data("genki-sealed-shard/2\n\(name)\n\(shardCount)".utf8)
    }

    /// Seals one shard's bytes as shard `name` of a folder of `shardCount` shards.
    public static func seal(_ bytes: [UInt8], name: String, shardCount: Int, key: SymmetricKey) throws(ShardError) -> [UInt8] {
        guard let box = try? ChaChaPoly.seal(bytes, using: key, authenticating: associatedData(name: name, shardCount: shardCount)) else {
            throw .crypto("sealing failed")
        }
        return magic + [UInt8](box.combined)
    }

    /// Opens one sealed shard (fails on a wrong key, a renamed shard, another shard count or
    /// any changed byte).
    public static func open(_ sealed: [UInt8], name: String, shardCount: Int, key: SymmetricKey) throws(ShardError) -> [UInt8] {
        guard sealed.count >= magic.count + 28, Array(sealed.prefix(magic.count)) == magic,
              let box = try? ChaChaPoly.SealedBox(combined: sealed.dropFirst(magic.count)) else {
            let old = sealed.starts(with: Array("GSEAL1".utf8))
            throw .crypto(old ? "\(TarArchive.printable(name)) is a format 1 sealed shard: re-seal the folder with this genki" : "\(TarArchive.printable(name)) is not a sealed shard")
        }
        guard let plain = try? ChaChaPoly.open(box, using: key, authenticating: associatedData(name: name, shardCount: shardCount)) else {
            throw .crypto("\(TarArchive.printable(name)): authentication failed: wrong key, or a tampered, renamed or foreign shard")
        }
        return [UInt8](plain)
    }

    static func hex<D: DataProtocol>(_ d: D) -> String { Hex.encode(d) }
    static func unhex(_ s: String) -> Data? { Hex.decode(s.trimmingCharacters(in: .whitespacesAndNewlines)).map { Data($0) } }
}
