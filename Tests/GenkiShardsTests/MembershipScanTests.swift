import Foundation
import GenkiIngest
import GenkiPipeline
import Testing

@testable import GenkiShards

/// Anyone holding a song can run genki on it: every hash genki computes from an input (file and
/// PCM hashes at every profile, the canonical MIDI hash, the fingerprint digest) must be absent
/// from every byte beside the shards, plain and sealed, and a sealed folder must not carry the
/// plaintext members' digests either (issue 14).
@Suite(.serialized) struct MembershipScanTests {
    /// Every hex digest genki derives from the inputs, lowercase and uppercase.
    static func inputHashes(_ folder: URL) async -> [String] {
        var hashes: [String] = []
        for profile in [IngestProfile.genki, .clap, .fp] {
            var options = IngestOptions(profile: profile, jobs: 2, fingerprints: profile == .fp)
            options.isolation = .inProcess
            _ = await IngestRunner.run(paths: [folder.path], options: options) { outcome in
                guard case .record(let r) = outcome, r.isOK else { return }
                hashes += [r.fileXXH3, r.pcmXXH3, r.midi?.canonicalXXH3, r.midi?.minHashXXH3, r.fingerprint?.xxh3].compactMap { $0 }
            }
        }
        return Array(Set(hashes + hashes.map { $0.uppercased() }))
    }

    @Test func noInputHashIsBesideThePlainOrSealedShards() async throws {
        let collection = try TaggedCollection()
        let plain = try temporaryDirectory()
        defer { for d in [plain, collection.folder.deletingLastPathComponent()] { try? FileManager.default.removeItem(at: d) } }
        let report = try await ShardPipeline.build(paths: [collection.folder.path], out: plain, secret: testSecret, options: options(jobs: 2))
        #expect(report.samples == 5)
        let hashes = await Self.inputHashes(collection.folder)
        #expect(hashes.count >= 20, "the scan really has hashes to look for (\(hashes.count))")
        // Plain folder: the shards hold the audio itself, but no input hash is anywhere.
        let plainBytes = try folderBytes(plain)
        for h in hashes { #expect(!contains(plainBytes, h), "plain folder carries input hash \(h)") }
        // Sealed: no input hash, and no digest of any plaintext member, shard or clear file.
        var plaintextDigests: [String] = []
        for name in try FileManager.default.contentsOfDirectory(atPath: plain.path) {
            let bytes = [UInt8](try Data(contentsOf: plain.appendingPathComponent(name)))
            plaintextDigests.append(ShardBuilder.sha256Hex(bytes))
            if name.hasSuffix(".tar") { plaintextDigests += try TarArchive.read(bytes).map { ShardBuilder.sha256Hex($0.data) } }
        }
        try ShardEncryption.seal(directory: plain, name: "genki", recipientPublicKey: ShardSealer.newRecipient().publicKey)
        let sealedBytes = try folderBytes(plain)
        for h in hashes + plaintextDigests { #expect(!contains(sealedBytes, h), "sealed folder carries \(h)") }
    }
}
