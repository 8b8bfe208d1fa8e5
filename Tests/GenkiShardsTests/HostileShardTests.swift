import Foundation
import GenkiCore
import GenkiFixtures
import GenkiPipeline
import Testing

@testable import GenkiShards

/// Shard runs over inputs and options that once crashed, escaped `--out` or lost data (issue 13).
@Suite(.serialized) struct HostileShardTests {
    /// 31 s of chiptune as a 16-bit WAV (long enough for one 30 s clip).
    static func goodWAV(seed: UInt64) -> [UInt8] {
        WAVEncoder.encode(TaggedCollection.pcm(TaggedCollection.piece(seed)), sampleRate: 44_100)
    }

    static func folder(_ files: [(String, [UInt8])]) throws -> URL {
        let dir = try temporaryDirectory()
        for (name, bytes) in files { try Data(bytes).write(to: dir.appendingPathComponent(name)) }
        return dir
    }

    @Test func anAbsurdTickMIDIIsRefusedBeforeAnyClipIsPlanned() async throws {
        let input = try Self.folder([("absurd.mid", HostileFixtures.absurdTickMIDI()), ("good.wav", Self.goodWAV(seed: 7))])
        let out = try temporaryDirectory()
        defer { for d in [input, out] { try? FileManager.default.removeItem(at: d) } }
        var o = options(jobs: 2)
        o.clipSeconds = 30
        let report = try await ShardPipeline.build(paths: [input.path], out: out, secret: testSecret, options: o)
        #expect(report.failed.count == 1)
        #expect(report.failed.first?.path.hasSuffix("absurd.mid") == true)
        #expect(report.failed.first?.reason.contains("over the 3600 s limit") == true, "\(report.failed)")
        #expect(report.samples == 1, "the good file gives its one 30 s clip")
    }

    @Test func exactCopiesWithKeepDuplicatesGetTheirOwnKeysAndAVerifiableFolder() async throws {
        let wav = Self.goodWAV(seed: 8)
        let input = try Self.folder([("a.wav", wav), ("b.wav", wav), ("c.wav", wav)])
        let out = try temporaryDirectory()
        let unpacked = try temporaryDirectory()
        defer { for d in [input, out, unpacked] { try? FileManager.default.removeItem(at: d) } }
        var o = options(jobs: 2)
        o.keepDuplicates = true
        let report = try await ShardPipeline.build(paths: [input.path], out: out, secret: testSecret, options: o)
        #expect(report.samples == 3, "every copy is kept under its own key")
        #expect(report.duplicates.isEmpty && report.failed.isEmpty)
        #expect(ShardVerifier.verify(directory: out).passed)
        let keys = try ExactLengthShardTests.wavFrames(out)
        #expect(keys.count == 3)
        let n = try ShardUnpacker.unpack(directory: out, to: unpacked)
        #expect(n == 3)
        let wavs = try FileManager.default.contentsOfDirectory(atPath: unpacked.path).filter { $0.hasSuffix(".wav") }
        #expect(Set(wavs).count == 3, "no sample overwrites another")
        // The same folder shards to the same keys again (copy indices follow path order).
        let again = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: again) }
        _ = try await ShardPipeline.build(paths: [input.path], out: again, secret: testSecret, options: o)
        for name in try FileManager.default.contentsOfDirectory(atPath: out.path) where name.hasSuffix(".tar") {
            #expect(try Data(contentsOf: out.appendingPathComponent(name)) == Data(contentsOf: again.appendingPathComponent(name)))
        }
    }

    @Test(arguments: ["../../x", "a/b", "", ".hidden", "x y", String(repeating: "n", count: 101), "名前"])
    func unsafeDatasetNamesAreRefused(name: String) async throws {
        let parent = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: parent) }
        let out = parent.appendingPathComponent("a/b/out")
        var o = options(jobs: 1)
        o.name = name
        await #expect(throws: ShardError.self) {
            try await ShardPipeline.build(paths: [parent.path], out: out, secret: testSecret, options: o)
        }
        #expect(!FileManager.default.fileExists(atPath: out.path), "nothing is written")
        #expect(ShardOptions.nameProblem(name) != nil)
    }

    @Test func safeDatasetNamesAreAccepted() {
        for name in ["genki", "my-set_v1.2", "A0", String(repeating: "n", count: 100)] { #expect(ShardOptions.nameProblem(name) == nil, "\(name)") }
    }

    @Test func foreignTemporaryFilesInTheOutputFolderSurvive() async throws {
        let input = try Self.folder([("good.wav", Self.goodWAV(seed: 9))])
        let out = try temporaryDirectory()
        defer { for d in [input, out] { try? FileManager.default.removeItem(at: d) } }
        let foreign = [".thesis-draft.tmp": Data("my thesis".utf8), ".genki-000000.tar.tmp": Data("not genki's".utf8)]
        for (name, data) in foreign { try data.write(to: out.appendingPathComponent(name)) }
        for _ in 0..<2 {  // a fresh run, then a resumed one
            let report = try await ShardPipeline.build(paths: [input.path], out: out, secret: testSecret, options: options(jobs: 1))
            #expect(report.samples == 1)
        }
        for (name, data) in foreign { #expect(try Data(contentsOf: out.appendingPathComponent(name)) == data, "\(name)") }
        let names = try FileManager.default.contentsOfDirectory(atPath: out.path)
        #expect(!names.contains { $0.hasPrefix(AtomicFile.prefix) }, "this run's own temporaries are gone")
    }

    @Test func aFailedWriteRemovesOnlyItsOwnTemporaryFile() throws {
        let dir = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let target = dir.appendingPathComponent("x.json")
        let temp = try AtomicFile(for: target)
        #expect(temp.url.lastPathComponent.hasPrefix(".genki-tmp-") && temp.url.lastPathComponent.hasSuffix("-x.json"))
        temp.discard()
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir.path).isEmpty)
        try ShardBuilder.writeAtomically(Array("{}".utf8), to: target)
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir.path) == ["x.json"])
    }

    @Test func outOfRangeClipLengthsAreRefused() async throws {
        let out = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: out) }
        for clip in [1e-300, 1e-9, 0, -1, .nan, .infinity, 3_601] {
            var o = options(jobs: 1)
            o.clipSeconds = clip
            await #expect(throws: ShardError.self, "\(clip)") {
                try await ShardPipeline.build(paths: [out.path], out: out, secret: testSecret, options: o)
            }
        }
    }
}
