import Crypto
import Foundation
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

    @Test func aDroppedShardIsDetectedEvenWithTheClearFilesRewritten() async throws {
        let (dir, key) = try await Self.sealed()
        defer { try? FileManager.default.removeItem(at: dir.deletingLastPathComponent()) }
        try FileManager.default.removeItem(at: dir.appendingPathComponent("genki-000002.tar.sealed"))
        // The forger rewrites the clear files for two shards.
        let sums = String(decoding: try Forge.bytes(dir, "SHA256SUMS"), as: UTF8.self).split(separator: "\n").filter { !$0.hasSuffix("genki-000002.tar") }
        try Forge.write(dir, "SHA256SUMS", Array(sums.map { $0 + "\n" }.joined().utf8))
        Self.expectRefusal(dir, key, "genki-000002.tar.sealed: listed in sealed.json but missing (a dropped shard)")
        #expect(ShardVerifier.verify(directory: dir).problems.contains { $0.description.contains("a dropped shard") })
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
        let a = dir.appendingPathComponent("genki-000000.tar.sealed"), b = dir.appendingPathComponent("genki-000001.tar.sealed")
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
        try Forge.write(dir, "dataset.json", try Forge.bytes(dir, "dataset.json") + [0x0A])
        Self.expectRefusal(dir, key, "dataset.json: differs from sealed.json")
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
        manifest = try SealedManifest.make(shards: manifest.shards, clearFiles: manifest.clearFiles, key: key)
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
