import Foundation
import GenkiPipeline
import Testing

@testable import GenkiShards

/// The upstream trainer lists only `.wav`: `unpack` of a `--flac` folder must give the same
/// flat folder, byte for byte, as `unpack` of the WAV folder built from the same inputs.
@Suite struct UnpackFormatTests {
    static func files(_ dir: URL) throws -> [String: Data] {
        var out: [String: Data] = [:]
        for name in try FileManager.default.contentsOfDirectory(atPath: dir.path) {
            out[name] = try Data(contentsOf: dir.appendingPathComponent(name))
        }
        return out
    }

    @Test func flacShardsUnpackToTheSameWAVFolderAsWAVShards() async throws {
        let input = try temporaryDirectory()
        let wavOut = try temporaryDirectory()
        let flacOut = try temporaryDirectory()
        let root = try temporaryDirectory()
        defer { for d in [input, wavOut, flacOut, root] { try? FileManager.default.removeItem(at: d) } }
        for seed: UInt64 in [31, 32, 33] {
            let bytes = WAVEncoder.encode(TaggedCollection.pcm(TaggedCollection.piece(seed)), sampleRate: 44_100)
            try Data(bytes).write(to: input.appendingPathComponent("p\(seed).wav"))
        }
        var o = options(jobs: 2)
        _ = try await ShardPipeline.build(paths: [input.path], out: wavOut, secret: testSecret, options: o)
        o.flac = true
        let report = try await ShardPipeline.build(paths: [input.path], out: flacOut, secret: testSecret, options: o)
        #expect(report.samples == 3)
        let tars = try FileManager.default.contentsOfDirectory(atPath: flacOut.path).filter { $0.hasSuffix(".tar") }
        let members = try tars.flatMap { try TarArchive.read([UInt8](try Data(contentsOf: flacOut.appendingPathComponent($0)))) }
        #expect(members.contains { $0.name.hasSuffix(".flac") } && !members.contains { $0.name.hasSuffix(".wav") }, "the shards really hold FLAC")

        let fromWAV = root.appendingPathComponent("from-wav")
        let fromFLAC = root.appendingPathComponent("from-flac")
        let kept = root.appendingPathComponent("kept")
        #expect(try ShardUnpacker.unpack(directory: wavOut, to: fromWAV) == 3)
        #expect(try ShardUnpacker.unpack(directory: flacOut, to: fromFLAC) == 3)
        let a = try Self.files(fromWAV)
        let b = try Self.files(fromFLAC)
        #expect(a.keys.filter { $0.hasSuffix(".wav") }.count == 3)
        #expect(a == b, "FLAC is lossless and the sidecar says wav: the flat folders are identical")

        #expect(try ShardUnpacker.unpack(directory: flacOut, to: kept, keepFLAC: true) == 3)
        let c = try Self.files(kept)
        #expect(c.keys.filter { $0.hasSuffix(".flac") }.count == 3 && !c.keys.contains { $0.hasSuffix(".wav") })
        for (name, data) in c where name.hasSuffix(".json") {
            #expect(String(decoding: data, as: UTF8.self).contains("\"file_extension\":\"flac\""))
        }
    }
}
