import Crypto
import Foundation
import GenkiCore
import GenkiFixtures
import GenkiSchema
import Testing

@testable import GenkiShards

/// Sealed sets are complete or refused, and `open` is all or nothing (issue 13).
@Suite struct SealedFolderTests {
    /// A valid folder sealed for a new recipient: (sealed folder, recipient private key).
    static func sealed() async throws -> (URL, String) {
        let dir = try await ValidShardFolder.copy()
        let recipient = ShardSealer.newRecipient()
        try ShardEncryption.seal(directory: dir, name: "genki", recipientPublicKey: recipient.publicKey)
        return (dir, recipient.privateKey)
    }

    /// Opens into a fresh `opened` beside the folder, expecting a refusal naming `reason`, and
    /// checks that nothing was written.
    static func expectRefusal(_ dir: URL, _ key: String, _ reason: String, sourceLocation: SourceLocation = #_sourceLocation) {
        let out = dir.deletingLastPathComponent().appendingPathComponent("opened")
        do {
            _ = try ShardEncryption.open(directory: dir, privateKey: key, to: out)
            Issue.record("opened a folder that should be refused (\(reason))", sourceLocation: sourceLocation)
        } catch {
            #expect(error.description.contains(reason), "\(error)", sourceLocation: sourceLocation)
        }
        #expect(!FileManager.default.fileExists(atPath: out.path), "nothing is written", sourceLocation: sourceLocation)
        #expect((try? Forge.stagingLeftovers(beside: out).isEmpty) == true, "no temporary folder is left", sourceLocation: sourceLocation)
    }

    @Test func aSealedFolderOpensToTheSameVerifiedFolder() async throws {
        let plain = try await ValidShardFolder.copy()
        let (dir, key) = try await Self.sealed()
        defer { for d in [plain, dir] { try? FileManager.default.removeItem(at: d.deletingLastPathComponent()) } }
        let schemas = repositoryRoot.appendingPathComponent("schemas")
        #expect(try JSONSchemaValidator(directory: schemas, root: "shard-sealed.schema.json").validate(data: Data(contentsOf: dir.appendingPathComponent("sealed.json"))).isEmpty)
        #expect(try JSONSchemaValidator(directory: schemas, root: "shard-recipient.schema.json").validate(data: Data(contentsOf: dir.appendingPathComponent("recipient.json"))).isEmpty)
        let sealedCheck = ShardVerifier.verify(directory: dir)
        #expect(sealedCheck.problems.map(\.description) == ["(folder): a sealed folder: `genki shard open` it, then verify the opened folder"])
        let out = dir.deletingLastPathComponent().appendingPathComponent("opened")
        #expect(try ShardEncryption.open(directory: dir, privateKey: key, to: out) == 3)
        for name in try FileManager.default.contentsOfDirectory(atPath: plain.path) {
            #expect(try Data(contentsOf: out.appendingPathComponent(name)) == Data(contentsOf: plain.appendingPathComponent(name)), "\(name)")
        }
        #expect(try FileManager.default.contentsOfDirectory(atPath: out.path).count == 7)
        #expect(ShardVerifier.verify(directory: out).passed)
    }

    @Test func aDroppedShardIsDetected() async throws {
        let (dir, key) = try await Self.sealed()
        defer { try? FileManager.default.removeItem(at: dir.deletingLastPathComponent()) }
        try FileManager.default.removeItem(at: dir.appendingPathComponent("genki-000002.tar.sealed"))
        Self.expectRefusal(dir, key, "genki-000002.tar.sealed: listed in sealed.json but missing (a dropped shard)")
        #expect(ShardVerifier.verify(directory: dir).problems.contains { $0.description.contains("a dropped shard") })
    }

    /// genki's output is deterministic, so any clear SHA-256 of a plaintext member, shard or
    /// manifest line would let a holder of a song test whether it is inside. Format 3 keeps
    /// only ciphertext digests in clear.
    @Test func nothingInClearIsADigestOrCopyOfPlaintext() async throws {
        let plain = try await ValidShardFolder.copy()
        let (dir, _) = try await Self.sealed()
        defer { for d in [plain, dir] { try? FileManager.default.removeItem(at: d.deletingLastPathComponent()) } }
        var secrets: [String] = []
        for name in try FileManager.default.contentsOfDirectory(atPath: plain.path) {
            let bytes = try Forge.bytes(plain, name)
            secrets.append(Forge.sha(bytes))
            if name.hasSuffix(".tar") {
                for m in try TarArchive.read(bytes) {
                    secrets.append(Forge.sha(m.data))
                    secrets.append(String(m.name.prefix { $0 != "." }))
                }
            }
        }
        let manifestText = String(decoding: try Forge.bytes(plain, "manifest.jsonl"), as: UTF8.self)
        #expect(secrets.contains { manifestText.contains($0) }, "the plain manifest really carries member digests and keys")
        let sealedNames = try FileManager.default.contentsOfDirectory(atPath: dir.path).sorted()
        #expect(sealedNames == ["genki-000000.tar.sealed", "genki-000001.tar.sealed", "genki-000002.tar.sealed", "index.sealed", "recipient.json", "sealed.json"])
        for name in sealedNames {
            let text = String(decoding: try Forge.bytes(dir, name), as: UTF8.self)
            for s in secrets { #expect(!text.contains(s), "\(name) carries \(s)") }
        }
    }

    @Test func aReplacedOrClearIndexIsRefused() async throws {
        let (dir, key) = try await Self.sealed()
        defer { try? FileManager.default.removeItem(at: dir.deletingLastPathComponent()) }
        try Forge.write(dir, "manifest.jsonl", Array("{}\n".utf8))
        Self.expectRefusal(dir, key, "manifest.jsonl: stray file")
        try FileManager.default.removeItem(at: dir.appendingPathComponent("manifest.jsonl"))
        let index = try Forge.bytes(dir, "index.sealed")
        let tampered = Array(index.dropLast()) + [index[index.count - 1] ^ 1]
        try Forge.write(dir, "index.sealed", tampered)
        Self.expectRefusal(dir, key, "index.sealed: differs from sealed.json")
        // The forger cannot re-commit a new index without the dataset key.
        var manifest = try SealedManifest.decode(try Forge.bytes(dir, "sealed.json"))
        manifest.index = .init(name: "index.sealed", bytes: tampered.count, sha256: Forge.sha(tampered))
        try Forge.write(dir, "sealed.json", manifest.bytes)
        Self.expectRefusal(dir, key, "sealed.json is not authentic")
    }

    @Test func aFormatTwoSealedManifestIsRefusedWithAReSealHint() async throws {
        let (dir, key) = try await Self.sealed()
        defer { try? FileManager.default.removeItem(at: dir.deletingLastPathComponent()) }
        let text = String(decoding: try Forge.bytes(dir, "sealed.json"), as: UTF8.self).replacingOccurrences(of: "genki.shard-sealed/3", with: "genki.shard-sealed/2")
        try Forge.write(dir, "sealed.json", Array(text.utf8))
        Self.expectRefusal(dir, key, "re-seal the plain folder")
    }

    @Test func aDroppedShardWithARewrittenSealedManifestIsNotAuthentic() async throws {
        let (dir, key) = try await Self.sealed()
        defer { try? FileManager.default.removeItem(at: dir.deletingLastPathComponent()) }
        try FileManager.default.removeItem(at: dir.appendingPathComponent("genki-000002.tar.sealed"))
        var manifest = try SealedManifest.decode(try Forge.bytes(dir, "sealed.json"))
        manifest.shards.removeLast()
        manifest.shardCount = 2
        try Forge.write(dir, "sealed.json", manifest.bytes)
        Self.expectRefusal(dir, key, "sealed.json is not authentic")
    }

    @Test func addedSwappedAndRewrittenFilesAreRefused() async throws {
        let (dir, key) = try await Self.sealed()
        defer { try? FileManager.default.removeItem(at: dir.deletingLastPathComponent()) }
        let a = dir.appendingPathComponent("genki-000000.tar.sealed")
        let b = dir.appendingPathComponent("genki-000001.tar.sealed")
        let extra = dir.appendingPathComponent("genki-000003.tar.sealed")
        try FileManager.default.copyItem(at: a, to: extra)
        Self.expectRefusal(dir, key, "genki-000003.tar.sealed: not listed in sealed.json (an added shard)")
        try FileManager.default.removeItem(at: extra)
        let (x, y) = (try Data(contentsOf: a), try Data(contentsOf: b))
        try y.write(to: a)
        try x.write(to: b)
        Self.expectRefusal(dir, key, "genki-000000.tar.sealed: differs from sealed.json")
        try x.write(to: a)
        try y.write(to: b)
        try Forge.write(dir, "index.sealed", try Forge.bytes(dir, "index.sealed") + [0x0A])
        Self.expectRefusal(dir, key, "index.sealed: differs from sealed.json")
    }

    @Test func aFailedOpenLeavesNoDecryptedShardBehind() async throws {
        let (dir, privateKey) = try await Self.sealed()
        defer { try? FileManager.default.removeItem(at: dir.deletingLastPathComponent()) }
        // A forger holding the dataset key: the last shard decrypts, but to a lying tar. Shards
        // before it are decrypted first, so a partial folder would exist without staging.
        let key = try Forge.datasetKey(dir, privateKey: privateKey)
        let forged = try ShardSealer.seal(TarArchive.member(name: "x.json", data: [1]) + TarArchive.end, name: "genki-000002.tar", shardCount: 3, key: key)
        try Forge.write(dir, "genki-000002.tar.sealed", forged)
        var manifest = try SealedManifest.decode(try Forge.bytes(dir, "sealed.json"))
        manifest.shards[2] = .init(name: "genki-000002.tar.sealed", bytes: forged.count, sha256: Forge.sha(forged))
        manifest = try SealedManifest.make(shards: manifest.shards, index: manifest.index, key: key)
        try Forge.write(dir, "sealed.json", manifest.bytes)
        Self.expectRefusal(dir, privateKey, "the opened folder does not verify")
    }

    @Test func aFormatOneSealedFolderIsRefused() async throws {
        let (dir, key) = try await Self.sealed()
        defer { try? FileManager.default.removeItem(at: dir.deletingLastPathComponent()) }
        try FileManager.default.removeItem(at: dir.appendingPathComponent("sealed.json"))
        Self.expectRefusal(dir, key, "sealed.json: missing")
    }

    @Test func privateKeyFilesMustBeOwnerOnly() throws {
        let dir = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let path = dir.appendingPathComponent("r.key").path
        let key = ShardSealer.newRecipient().privateKey
        try Data((key + "\n").utf8).write(to: URL(fileURLWithPath: path))
        for mode: mode_t in [0o644, 0o640, 0o604, 0o660] {
            chmod(path, mode)
            do {
                _ = try PrivateKeyFile.read(path: path)
                Issue.record("mode \(String(mode, radix: 8)) was accepted")
            } catch {
                #expect(error.description.contains("chmod 600"), "\(error)")
            }
        }
        chmod(path, 0o600)
        #expect(try PrivateKeyFile.read(path: path) == key + "\n")
    }
}
