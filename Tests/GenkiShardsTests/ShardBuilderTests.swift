import Foundation
import GenkiAudio
import GenkiFixtures
import GenkiPipeline
import GenkiSchema
import Testing

@testable import GenkiShards

let testSecret = ShardSecret(bytes: (0..<32).map { UInt8(truncatingIfNeeded: $0 * 37 + 11) })

func options(jobs: Int, maxSamples: Int = 1_000) -> ShardOptions {
    var o = ShardOptions()
    o.jobs = jobs
    o.maxSamples = maxSamples
    o.includeMIDI = true
    o.renderMIDI = true
    return o
}

@Suite(.serialized) struct ShardBuilderTests {
    let collection: TaggedCollection

    init() throws { collection = try TaggedCollection() }

    @Test func shardsAreByteIdenticalForAnyJobsAndCarryNoNamesTagsOrIdentity() async throws {
        let inputs = try collection.inputBytes()
        for tag in TaggedCollection.tags {
            let present = contains(inputs, tag)
            #expect(present, "the input must really carry \(tag)")
        }
        let a = try temporaryDirectory()
        let b = try temporaryDirectory()
        defer { for d in [a, b, collection.folder.deletingLastPathComponent()] { try? FileManager.default.removeItem(at: d) } }
        let ra = try await ShardPipeline.build(paths: [collection.folder.path], out: a, secret: testSecret, options: options(jobs: 1, maxSamples: 2))
        let rb = try await ShardPipeline.build(paths: [collection.folder.path], out: b, secret: testSecret, options: options(jobs: 2, maxSamples: 2))
        #expect(ra.failed.isEmpty, "\(ra.failed)")
        #expect(ra.samples == 5 && rb.samples == 5)
        #expect(ra.shards == 3)
        let files = try FileManager.default.contentsOfDirectory(atPath: a.path).sorted()
        #expect(files == (try FileManager.default.contentsOfDirectory(atPath: b.path).sorted()))
        for f in files {
            #expect(try Data(contentsOf: a.appendingPathComponent(f)) == Data(contentsOf: b.appendingPathComponent(f)), "\(f) differs between --jobs 1 and 2")
        }
        // Privacy: no path, name, tag, user, host or secret anywhere in the output.
        let out = try folderBytes(a)
        var forbidden = TaggedCollection.tags + [TaggedCollection.marker, collection.folder.path]
        forbidden.append(testSecret.bytes.map { String(format: "%02x", $0) }.joined())
        if let user = ProcessInfo.processInfo.environment["USER"], user.count >= 3 { forbidden.append(user) }
        let host = ProcessInfo.processInfo.hostName
        if host.count >= 3 { forbidden.append(host) }
        for word in forbidden {
            let leaked = contains(out, word)
            #expect(!leaked, "output contains \(word)")
        }
        // Tar headers are normalised and everything verifies.
        let result = ShardVerifier.verify(directory: a)
        #expect(result.passed, "\(result.problems)")
        #expect(result.samples == 5 && result.shards == 3)
    }

    @Test func outputsMatchTheirSchemas() async throws {
        let dir = try temporaryDirectory()
        defer { for d in [dir, collection.folder.deletingLastPathComponent()] { try? FileManager.default.removeItem(at: d) } }
        _ = try await ShardPipeline.build(paths: [collection.folder.path], out: dir, secret: testSecret, options: options(jobs: 2))
        let schemas = repositoryRoot.appendingPathComponent("schemas")
        let sample = try JSONSchemaValidator(directory: schemas, root: "shard-sample.schema.json")
        let manifest = try JSONSchemaValidator(directory: schemas, root: "shard-manifest.schema.json")
        let card = try JSONSchemaValidator(directory: schemas, root: "shard-dataset.schema.json")
        var sidecars = 0
        for shard in try FileManager.default.contentsOfDirectory(atPath: dir.path) where shard.hasSuffix(".tar") {
            for m in try TarArchive.read([UInt8](try Data(contentsOf: dir.appendingPathComponent(shard)))) where m.name.hasSuffix(".json") {
                #expect(try sample.validate(data: Data(m.data)).isEmpty)
                sidecars += 1
            }
        }
        #expect(sidecars == 5)
        let lines = String(decoding: try Data(contentsOf: dir.appendingPathComponent("manifest.jsonl")), as: UTF8.self).split(separator: "\n")
        #expect(lines.count == 5)
        for line in lines { #expect(try manifest.validate(data: Data(line.utf8)).isEmpty) }
        #expect(try card.validate(data: Data(contentsOf: dir.appendingPathComponent("dataset.json"))).isEmpty)
        let croissant = try JSONSerialization.jsonObject(with: Data(contentsOf: dir.appendingPathComponent("croissant.json"))) as? [String: Any]
        #expect(croissant?["conformsTo"] as? String == "http://mlcommons.org/croissant/1.1")
    }

    @Test func anInterruptedRunLeavesNoHalfShardAndResumesToTheSameBytes() async throws {
        let fresh = try temporaryDirectory()
        let resumed = try temporaryDirectory()
        defer { for d in [fresh, resumed, collection.folder.deletingLastPathComponent()] { try? FileManager.default.removeItem(at: d) } }
        _ = try await ShardPipeline.build(paths: [collection.folder.path], out: fresh, secret: testSecret, options: options(jobs: 2, maxSamples: 2))
        // The interrupted state: the first shard complete, the second still a hidden temporary
        // file (what a kill during writing leaves), no manifest yet.
        try FileManager.default.copyItem(at: fresh.appendingPathComponent("genki-000000.tar"), to: resumed.appendingPathComponent("genki-000000.tar"))
        let leftover = ".genki-tmp-0123456789abcdef-genki-000001.tar"
        try Data([UInt8](repeating: 7, count: 1_000)).write(to: resumed.appendingPathComponent(leftover))
        #expect(ShardVerifier.verify(directory: resumed).passed == false)
        let report = try await ShardPipeline.build(paths: [collection.folder.path], out: resumed, secret: testSecret, options: options(jobs: 1, maxSamples: 2))
        #expect(report.resumedShards == 1)
        let files = try FileManager.default.contentsOfDirectory(atPath: fresh.path).sorted()
        // Only temporary files this run created are removed: the killed run's leftover stays.
        let after = try FileManager.default.contentsOfDirectory(atPath: resumed.path).sorted()
        #expect(files == after.filter { $0 != leftover }, "no temporary file of this run is left")
        #expect(after.contains(leftover))
        for f in files { #expect(try Data(contentsOf: fresh.appendingPathComponent(f)) == Data(contentsOf: resumed.appendingPathComponent(f))) }
    }

    @Test func sealedShardsOpenWithTheRightKeyAndDetectTampering() async throws {
        let dir = try temporaryDirectory()
        let opened = try temporaryDirectory()
        defer { for d in [dir, opened, collection.folder.deletingLastPathComponent()] { try? FileManager.default.removeItem(at: d) } }
        _ = try await ShardPipeline.build(paths: [collection.folder.path], out: dir, secret: testSecret, options: options(jobs: 2, maxSamples: 3))
        let plain = try Data(contentsOf: dir.appendingPathComponent("genki-000000.tar"))
        let recipient = ShardSealer.newRecipient()
        try ShardEncryption.seal(directory: dir, name: "genki", recipientPublicKey: recipient.publicKey)
        let names = try FileManager.default.contentsOfDirectory(atPath: dir.path)
        #expect(!names.contains { $0.hasSuffix(".tar") }, "plaintext shards are removed")
        #expect(names.filter { $0.hasSuffix(".tar.sealed") }.count == 2)
        let recipientSchema = try JSONSchemaValidator(directory: repositoryRoot.appendingPathComponent("schemas"), root: "shard-recipient.schema.json")
        #expect(try recipientSchema.validate(data: Data(contentsOf: dir.appendingPathComponent("recipient.json"))).isEmpty)
        #expect(try ShardEncryption.open(directory: dir, privateKey: recipient.privateKey, to: opened) == 2)
        #expect(try Data(contentsOf: opened.appendingPathComponent("genki-000000.tar")) == plain)
        #expect(ShardVerifier.verify(directory: opened).passed)
        // Wrong key, flipped byte, swapped shard names: all refused.
        #expect(throws: ShardError.self) { try ShardEncryption.open(directory: dir, privateKey: ShardSealer.newRecipient().privateKey, to: opened) }
        let sealedURL = dir.appendingPathComponent("genki-000000.tar.sealed")
        var sealed = [UInt8](try Data(contentsOf: sealedURL))
        let key = try ShardSealer.unwrap(
            ephemeral: try recipientField(dir, "ephemeral_public_key"), wrapped: try recipientField(dir, "wrapped_key"),
            recipientPrivateKey: recipient.privateKey
        )
        #expect(try ShardSealer.open(sealed, name: "genki-000000.tar", shardCount: 2, key: key) == [UInt8](plain))
        #expect(throws: ShardError.self) { try ShardSealer.open(sealed, name: "genki-000001.tar", shardCount: 2, key: key) }
        #expect(throws: ShardError.self) { try ShardSealer.open(sealed, name: "genki-000000.tar", shardCount: 1, key: key) }
        sealed[sealed.count / 2] ^= 0x01
        #expect(throws: ShardError.self) { try ShardSealer.open(sealed, name: "genki-000000.tar", shardCount: 2, key: key) }
    }

    func recipientField(_ dir: URL, _ field: String) throws -> String {
        let object = try JSONSerialization.jsonObject(with: Data(contentsOf: dir.appendingPathComponent("recipient.json"))) as? [String: Any]
        return object?[field] as? String ?? ""
    }
}

@Suite struct ShardBasicsTests {
    @Test func secretFileIsCreatedPrivateAndReused() throws {
        let dir = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let path = dir.appendingPathComponent("secret").path
        let first = try ShardSecret.loadOrCreate(path: path)
        var info = stat()
        #expect(stat(path, &info) == 0 && info.st_mode & 0o777 == 0o600)
        let second = try ShardSecret.loadOrCreate(path: path)
        #expect(first.key(forPCMHash: "abc") == second.key(forPCMHash: "abc"))
        #expect(first.key(forPCMHash: "abc").count == 32)
        chmod(path, 0o644)
        #expect(throws: ShardError.self) { try ShardSecret.loadOrCreate(path: path) }
    }

    @Test func wavEncodingRoundTripsThroughLibsndfile() throws {
        let dir = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let samples: [Int16] = (0..<1_000).map { Int16(truncatingIfNeeded: $0 &* 97) }
        let url = dir.appendingPathComponent("x.wav")
        try Data(WAVEncoder.encode(samples, sampleRate: 44_100)).write(to: url)
        #expect(try ProfileAudio.pcm16(path: url.path, profile: .genki) == samples)
        #expect(WAVEncoder.info(WAVEncoder.encode(samples, sampleRate: 44_100))?.frames == 1_000)
    }
}

@Suite struct FLACShardTests {
    @Test func flacMembersAreDeterministicLosslessAndVerify() async throws {
        let dir = try temporaryDirectory()
        let wavDir = try temporaryDirectory()
        let flacDir = try temporaryDirectory()
        let again = try temporaryDirectory()
        defer { for d in [dir, wavDir, flacDir, again] { try? FileManager.default.removeItem(at: d) } }
        for seed in 0..<3 {
            let w = try AudioWriter(path: dir.appendingPathComponent("p\(seed).wav").path, format: .wavPCM16, sampleRate: 44_100, channels: 1)
            try w.write(TaggedCollection.piece(UInt64(900 + seed)))
            try w.close()
        }
        var wavOptions = ShardOptions()
        wavOptions.jobs = 2
        var flacOptions = wavOptions
        flacOptions.flac = true
        _ = try await ShardPipeline.build(paths: [dir.path], out: wavDir, secret: testSecret, options: wavOptions)
        let report = try await ShardPipeline.build(paths: [dir.path], out: flacDir, secret: testSecret, options: flacOptions)
        _ = try await ShardPipeline.build(paths: [dir.path], out: again, secret: testSecret, options: flacOptions)
        #expect(report.samples == 3 && report.failed.isEmpty)
        #expect(ShardVerifier.verify(directory: flacDir).passed)
        let flacTar = try Data(contentsOf: flacDir.appendingPathComponent("genki-000000.tar"))
        #expect(flacTar == (try Data(contentsOf: again.appendingPathComponent("genki-000000.tar"))), "FLAC shards are byte-identical across runs")
        let wavMembers = try TarArchive.read([UInt8](try Data(contentsOf: wavDir.appendingPathComponent("genki-000000.tar"))))
        let flacMembers = try TarArchive.read([UInt8](flacTar))
        #expect(flacMembers.filter { $0.name.hasSuffix(".flac") }.count == 3)
        // Lossless: each FLAC decodes to exactly the WAV's samples.
        for f in flacMembers where f.name.hasSuffix(".flac") {
            let key = String(f.name.dropLast(5))
            let wav = try #require(wavMembers.first { $0.name == key + ".wav" })
            let url = flacDir.appendingPathComponent("check.flac")
            try Data(f.data).write(to: url)
            #expect(try ProfileAudio.pcm16(path: url.path, profile: .genki) == Array(wav.data[44...]).withUnsafeBytes { Array($0.bindMemory(to: Int16.self)) })
            #expect(f.data.count < wav.data.count)
        }
    }
}
