import Foundation
import Testing

@testable import GenkiShards

/// `verify` trusts nothing and `unpack` refuses what `verify` refuses (issue 13).
@Suite struct TamperedFolderTests {
    @Test func aValidFolderVerifiesAndUnpacksEverySample() async throws {
        let dir = try await ValidShardFolder.copy()
        defer { try? FileManager.default.removeItem(at: dir.deletingLastPathComponent()) }
        let result = ShardVerifier.verify(directory: dir)
        #expect(result.passed, "\(result.problems)")
        #expect(result.shards == 3 && result.samples == 10)
        let out = dir.deletingLastPathComponent().appendingPathComponent("flat/deeper")
        #expect(try ShardUnpacker.unpack(directory: dir, to: out) == 10)
        let files = try FileManager.default.contentsOfDirectory(atPath: out.path)
        #expect(files.filter { $0.hasSuffix(".wav") }.count == 10 && files.filter { $0.hasSuffix(".json") }.count == 10)
        #expect(try Forge.stagingLeftovers(beside: out).isEmpty)
    }

    @Test(arguments: FolderLies.all)
    func verifyRejectsALyingFolderWithItsReason(_ lie: Lie) async throws {
        let dir = try await ValidShardFolder.copy()
        defer { try? FileManager.default.removeItem(at: dir.deletingLastPathComponent()) }
        try lie.apply(dir)
        let result = ShardVerifier.verify(directory: dir)
        #expect(!result.passed)
        #expect(result.problems.contains { $0.description.contains(lie.reason) }, "\(lie): \(result.problems)")
    }

    @Test(arguments: FolderLies.all)
    func unpackRefusesALyingFolderAndWritesNothing(_ lie: Lie) async throws {
        let dir = try await ValidShardFolder.copy()
        defer { try? FileManager.default.removeItem(at: dir.deletingLastPathComponent()) }
        try lie.apply(dir)
        let out = dir.deletingLastPathComponent().appendingPathComponent("flat")
        do {
            _ = try ShardUnpacker.unpack(directory: dir, to: out)
            Issue.record("\(lie) was unpacked")
        } catch {
            #expect(error.description.contains("does not verify, nothing unpacked"), "\(lie): \(error)")
        }
        #expect(!FileManager.default.fileExists(atPath: out.path), "\(lie): nothing is written")
        #expect(try Forge.stagingLeftovers(beside: out).isEmpty)
    }

    @Test func unpackNeverWritesIntoANonEmptyFolderNorOverAFile() async throws {
        let dir = try await ValidShardFolder.copy()
        let parent = dir.deletingLastPathComponent()
        defer { try? FileManager.default.removeItem(at: parent) }
        let out = parent.appendingPathComponent("flat")
        try FileManager.default.createDirectory(at: out, withIntermediateDirectories: true)
        try Data("mine".utf8).write(to: out.appendingPathComponent("notes.txt"))
        #expect(throws: ShardError.self) { try ShardUnpacker.unpack(directory: dir, to: out) }
        #expect(try FileManager.default.contentsOfDirectory(atPath: out.path) == ["notes.txt"])
        // The staging folder creates every file exclusively: a second sample of one name fails.
        let staging = try StagingFolder(for: parent.appendingPathComponent("other"))
        defer { staging.discard() }
        try staging.write([1], as: "a.json")
        #expect(throws: ShardError.self) { try staging.write([2], as: "a.json") }
        #expect(throws: ShardError.self) { try staging.write([2], as: "../escape.json") }
        #expect(try Data(contentsOf: staging.url.appendingPathComponent("a.json")) == Data([1]))
        #expect(!FileManager.default.fileExists(atPath: parent.appendingPathComponent("escape.json").path))
    }

    @Test func problemsNameTheFileTheMemberAndTheReason() async throws {
        let dir = try await ValidShardFolder.copy()
        defer { try? FileManager.default.removeItem(at: dir.deletingLastPathComponent()) }
        try FolderLies.editShard(dir) { members in
            guard let i = members.firstIndex(where: { $0.name.hasSuffix(".mid") }) else { return }
            members[i].data = [0x4D]
        }
        let problem = try #require(ShardVerifier.verify(directory: dir).problems.first)
        #expect(problem.file == "genki-000000.tar")
        #expect(problem.member?.hasSuffix(".mid") == true)
        #expect(problem.reason.contains("is not a MIDI file"))
    }

    @Test func mediaChecksAcceptGenkiOutputAndRefuseLookalikes() throws {
        let pcm: [Int16] = (0..<4_410).map { Int16(truncatingIfNeeded: $0 &* 31) }
        let flac = try FLACEncoder.encode(pcm, sampleRate: 44_100)
        #expect(try AudioMemberCheck.flac(flac, sampleRate: 44_100).get() == 4_410)
        #expect(throws: AudioMemberCheck.Reason.self) { try AudioMemberCheck.flac(flac, sampleRate: 48_000).get() }
        #expect(throws: AudioMemberCheck.Reason.self) { try AudioMemberCheck.flac(Array(flac.prefix(60)), sampleRate: 44_100).get() }
        #expect(throws: AudioMemberCheck.Reason.self) { try AudioMemberCheck.flac(Array("fLaC".utf8) + [UInt8](repeating: 0, count: 100), sampleRate: 44_100).get() }
        let wav = WAVEncoder.encode(pcm, sampleRate: 44_100)
        #expect(try AudioMemberCheck.wav(wav, sampleRate: 44_100).get() == 4_410)
        #expect(throws: AudioMemberCheck.Reason.self) { try AudioMemberCheck.wav(wav + [0, 0], sampleRate: 44_100).get() }
        #expect(throws: AudioMemberCheck.Reason.self) { try AudioMemberCheck.wav(wav, sampleRate: 48_000).get() }
    }
}
