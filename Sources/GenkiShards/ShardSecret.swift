import Crypto
import Foundation
import GenkiCore
import GenkiFingerprint

/// The miner's secret: 32 random bytes, hex, in a file of mode 0600. Created on first use;
/// never printed or logged. Sample keys are HMAC-SHA256(secret, PCM hash) truncated to 128 bits.
public struct ShardSecret: Sendable {
    let bytes: [UInt8]

    /// Where the secret lives unless the user names a file: `$XDG_CONFIG_HOME/genki/secret`, or
    /// `~/.config/genki/secret`, so every run from any folder derives the same keys. Nil when
    /// neither variable gives an absolute folder.
    public static func defaultPath(environment: [String: String] = ProcessInfo.processInfo.environment) -> String? {
        if let config = environment["XDG_CONFIG_HOME"], config.hasPrefix("/") { return config + "/genki/secret" }
        if let home = environment["HOME"], home.hasPrefix("/") { return home + "/.config/genki/secret" }
        return nil
    }

    /// Loads the secret at `path`, creating it (mode 0600, exclusively) when it does not exist.
    /// Refuses a file that group or others can read.
    public static func loadOrCreate(path: String) throws(ShardError) -> ShardSecret {
        try load(path: path, createFolder: false).secret
    }

    /// Loads the secret at `path` or creates it (mode 0600, exclusively; with `createFolder`, its
    /// missing parent folders too, mode 0700). `created` says which, so the caller can tell the
    /// user where the new secret is.
    public static func load(path: String, createFolder: Bool) throws(ShardError) -> (secret: ShardSecret, created: Bool) {
        if createFolder {
            let parent = URL(fileURLWithPath: path).deletingLastPathComponent()
            do {
                try FileManager.default.createDirectory(at: parent, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
            } catch {
                throw .secret("its folder cannot be created")
            }
        }
        var rng = SystemRandomNumberGenerator()
        let fresh = (0..<32).map { _ in UInt8.random(in: 0...255, using: &rng) }
        do {
            if try PrivateKeyFile.createIfAbsent(path: path, text: Hex.encode(fresh) + "\n") { return (ShardSecret(bytes: fresh), true) }
        } catch {
            throw .secret("could not be created (\(error.description))")
        }
        var info = stat()
        guard stat(path, &info) == 0 else { throw .secret("cannot be read") }
        guard info.st_mode & 0o077 == 0 else { throw .secret("is readable by group or others; chmod 600 it") }
        guard let data = FileManager.default.contents(atPath: path) else { throw .secret("cannot be read") }
        let hex = String(decoding: data, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
        guard hex.count == 64, let bytes = Hex.decode(hex) else { throw .secret("is not 64 hex digits") }
        return (ShardSecret(bytes: bytes), false)
    }

    /// A secret from raw bytes (tests and tools).
    public init(bytes: [UInt8]) { self.bytes = bytes }

    /// The sample key of a PCM hash: HMAC-SHA256(secret, hash), first 128 bits, hex.
    public func key(forPCMHash hash: String) -> String {
        let tag = HMAC<SHA256>.authenticationCode(for: Data(hash.utf8), using: SymmetricKey(data: bytes))
        return Hex.encode(Data(tag).prefix(16))
    }
}
