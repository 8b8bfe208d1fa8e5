import CSecp256k1
import Foundation
import GenkiCore

/// Why signing or verifying failed.
public enum SignatureError: Error, Equatable, GenkiError {
    case invalidPrivateKey
    case invalidSignature
    case notJSON(String)

    public var description: String {
        switch self {
        case .invalidPrivateKey: return "the private key is not a valid secp256k1 key (32 bytes hex)"
        case .invalidSignature: return "the signature is not a valid 65-byte recoverable secp256k1 signature"
        case .notJSON(let m): return "the request cannot be signed: \(m)"
        }
    }
}

/// Crynux relay request signing: the request's fields as compact JSON with sorted keys
/// (`json.dumps(sort_keys=True, separators=(",", ":"))`, ASCII-escaped), followed by the decimal
/// Unix timestamp, hashed with Keccak-256 and signed with a recoverable secp256k1 signature
/// (65 bytes r ‖ s ‖ v, v ∈ {0, 1}). The relay recovers the signer's address from it and accepts
/// timestamps within ±60 s of its clock.
public struct RelaySigner: Sendable {
    let secret: [UInt8]
    /// The signer's Ethereum-style address (0x + 40 hex, lowercase).
    public let address: String

    public init(privateKeyHex: String) throws(SignatureError) {
        let trimmed = privateKeyHex.hasPrefix("0x") ? String(privateKeyHex.dropFirst(2)) : privateKeyHex
        guard trimmed.count == 64, let bytes = Hex.decode(trimmed),
            let ctx = Self.context, secp256k1_ec_seckey_verify(ctx, bytes) == 1
        else { throw .invalidPrivateKey }
        secret = bytes
        var pubkey = secp256k1_pubkey()
        guard secp256k1_ec_pubkey_create(ctx, &pubkey, bytes) == 1 else { throw .invalidPrivateKey }
        address = Self.address(of: pubkey)
    }

    /// The message bytes that get hashed: canonical JSON of `fields` + decimal timestamp.
    public static func message(fields: [String: CanonicalJSON], timestamp: Int64) -> [UInt8] {
        Array((CanonicalJSON.object(fields).text(.pythonASCII) + String(timestamp)).utf8)
    }

    /// Signs the request fields at `timestamp`; returns the 65-byte signature, hex.
    public func sign(fields: [String: CanonicalJSON], timestamp: Int64) throws(SignatureError) -> String {
        try sign(digest: Keccak256.hash(Self.message(fields: fields, timestamp: timestamp)))
    }

    /// Signs a 32-byte digest; returns r ‖ s ‖ v (v ∈ {0, 1}), hex.
    public func sign(digest: [UInt8]) throws(SignatureError) -> String {
        guard let ctx = Self.context, digest.count == 32 else { throw .invalidSignature }
        var signature = secp256k1_ecdsa_recoverable_signature()
        guard secp256k1_ecdsa_sign_recoverable(ctx, &signature, digest, secret, nil, nil) == 1 else { throw .invalidPrivateKey }
        var compact = [UInt8](repeating: 0, count: 64)
        var recid: Int32 = 0
        secp256k1_ecdsa_recoverable_signature_serialize_compact(ctx, &compact, &recid, &signature)
        return Hex.encode(compact + [UInt8(recid)])
    }

    /// The address that signed `digest` with `signatureHex` (nil when it does not recover).
    public static func recoverAddress(digest: [UInt8], signatureHex: String) -> String? {
        guard let ctx = context, digest.count == 32, let sig = Hex.decode(signatureHex.hasPrefix("0x") ? String(signatureHex.dropFirst(2)) : signatureHex),
            sig.count == 65, sig[64] <= 1
        else { return nil }
        var signature = secp256k1_ecdsa_recoverable_signature()
        guard secp256k1_ecdsa_recoverable_signature_parse_compact(ctx, &signature, Array(sig[0..<64]), Int32(sig[64])) == 1 else { return nil }
        var pubkey = secp256k1_pubkey()
        guard secp256k1_ecdsa_recover(ctx, &pubkey, &signature, digest) == 1 else { return nil }
        return address(of: pubkey)
    }

    /// Whether `signatureHex` over (fields, timestamp) recovers to `address` and the timestamp is
    /// within `window` seconds of `now` (what the relay checks).
    public static func verify(
        fields: [String: CanonicalJSON], timestamp: Int64, signatureHex: String, address: String,
        now: Int64 = Int64(Date().timeIntervalSince1970), window: Int64 = 60
    ) -> Bool {
        guard abs(now - timestamp) <= window else { return false }
        return recoverAddress(digest: Keccak256.hash(message(fields: fields, timestamp: timestamp)), signatureHex: signatureHex) == address.lowercased()
    }

    static func address(of pubkey: secp256k1_pubkey) -> String {
        guard let ctx = context else { return "" }
        var key = pubkey
        var out = [UInt8](repeating: 0, count: 65)
        var length = 65
        secp256k1_ec_pubkey_serialize(ctx, &out, &length, &key, UInt32(SECP256K1_EC_UNCOMPRESSED))
        return "0x" + Hex.encode(Keccak256.hash(out[1..<65]).suffix(20))
    }

    /// One shared context (thread-safe for signing and verifying once created).
    nonisolated(unsafe) static let context: OpaquePointer? = secp256k1_context_create(UInt32(SECP256K1_CONTEXT_SIGN | SECP256K1_CONTEXT_VERIFY))
}
