import Foundation
import GenkiAudio
import GenkiFixtures
import Testing
@testable import GenkiShards

/// `--clip` decodes each source once and cuts every clip from that decode (issue 13: a
/// 10-minute file took 851 CPU-s at --clip 10 when each clip decoded the whole source).
@Suite(.serialized) struct ClipOnceTests {
    @Test func everyClipOfASourceComesFromOneDecodeAndMatchesItsSlice() async throws {
        // 95 s: nine 10-s clips (the last 5 s are dropped). Two sources, so the spool holds
        // clips of more than one file.
        let dir = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        var pieces: [[Int16]] = []
        for seed: UInt64 in [21, 22] {
            var pcm: [Int16] = []
            for k in 0..<4 { pcm += TaggedCollection.pcm(TaggedCollection.piece(seed * 10 + UInt64(k))) }
            pcm = Array(pcm.prefix(95 * 44_100))
            #expect(pcm.count == 95 * 44_100)
            pieces.append(pcm)
            try Data(WAVEncoder.encode(pcm, sampleRate: 44_100)).write(to: dir.appendingPathComponent("s\(seed).wav"))
        }
        var outputs: [[UInt8]] = []
        for jobs in [1, 2] {
            let out = try temporaryDirectory()
            defer { try? FileManager.default.removeItem(at: out) }
            var o = options(jobs: jobs)
            o.clipSeconds = 10
            let report = try await ShardBuilder.build(paths: [dir.path], out: out, secret: testSecret, options: o)
            #expect(report.samples == 18)
            #expect(report.sourceDecodes == 2, "one decode per source, not one per clip")
            #expect(report.failed.isEmpty)
            let members = try ShardBuilder.readShard(out.appendingPathComponent(ShardBuilder.shardName(o.name, 0)))
            // Each clip's audio is exactly a 10-s slice of its source's one decode.
            let slices = Set(pieces.flatMap { p in (0..<9).map { c in Array(p[(c * 441_000)..<((c + 1) * 441_000)]) } })
            let wavs = members.filter { $0.name.hasSuffix(".wav") }
            #expect(wavs.count == 18)
            for w in wavs {
                let body = Array(w.data.dropFirst(44))
                let samples = stride(from: 0, to: body.count - 1, by: 2).map { Int16(bitPattern: UInt16(body[$0]) | UInt16(body[$0 + 1]) << 8) }
                #expect(slices.contains(samples))
            }
            outputs.append(members.flatMap { $0.data })
        }
        #expect(outputs[0] == outputs[1])
    }

    /// The one-decode path writes exactly the bytes of the per-clip path (each clip decoding its
    /// whole source): WAV, FLAC, Ogg, MP3, a 48 kHz WAV resampled to the profile rate and a
    /// rendered MIDI piece, at --clip 10, as WAV and as FLAC members.
    @Test func decodingOnceWritesTheBytesOfDecodingPerClip() async throws {
        let collection = try TaggedCollection()
        defer { try? FileManager.default.removeItem(at: collection.folder.deletingLastPathComponent()) }
        let pcm48 = Downmix.pcm16(ChiptuneSynth().render(ChiptuneSynth.Piece(seed: 611, duration: 25, sampleRate: 48_000, channels: 1)))
        try Data(WAVEncoder.encode(pcm48, sampleRate: 48_000)).write(to: collection.folder.appendingPathComponent("r48.wav"))
        for flac in [false, true] {
            var folders: [[String: Data]] = []
            var decodes: [Int] = []
            var samples: [Int] = []
            for once in [false, true] {
                let out = try temporaryDirectory()
                defer { try? FileManager.default.removeItem(at: out) }
                var o = options(jobs: 2, maxSamples: 4)
                o.clipSeconds = 10
                o.flac = flac
                o.decodeClipSourcesOnce = once
                let report = try await ShardBuilder.build(paths: [collection.folder.path], out: out, secret: testSecret, options: o)
                #expect(report.failed.isEmpty, "\(report.failed)")
                decodes.append(report.sourceDecodes)
                samples.append(report.samples)
                var files: [String: Data] = [:]
                for f in try FileManager.default.contentsOfDirectory(atPath: out.path) { files[f] = try Data(contentsOf: out.appendingPathComponent(f)) }
                folders.append(files)
            }
            #expect(samples[0] == samples[1] && samples[0] >= 14)
            #expect(folders[0].keys.sorted() == folders[1].keys.sorted())
            for (name, bytes) in folders[0] { #expect(folders[1][name] == bytes, "\(name) differs (flac: \(flac))") }
            #expect(decodes[0] == samples[0], "the reference decodes once per clip")
            #expect(decodes[1] == 6, "one decode per source: 5 audio files and 1 rendered MIDI piece")
        }
    }
}
