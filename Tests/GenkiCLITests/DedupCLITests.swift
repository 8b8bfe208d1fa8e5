import Foundation
import GenkiAudio
import GenkiFixtures
import GenkiSchema
import Testing

@Suite struct DedupCLITests {
    @Test func clustersCopiesAcrossFormatsAndWritesListsAndValidJSONLines() throws {
        let dir = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let audio = repositoryRoot.appendingPathComponent("fixtures/audio")
        let midi = repositoryRoot.appendingPathComponent("fixtures/midi/good")
        let fm = FileManager.default
        for name in ["a-stereo-44100-pcm16.wav", "a-stereo-44100-16.flac", "c-mono-22050-pcm16.wav"] {
            try fm.copyItem(at: audio.appendingPathComponent(name), to: dir.appendingPathComponent(name))
        }
        try fm.copyItem(at: audio.appendingPathComponent("c-mono-22050-pcm16.wav"), to: dir.appendingPathComponent("copy.wav"))
        for name in ["piece-format1.mid", "piece-96ppq-reversed-tracks.mid"] {
            try fm.copyItem(at: midi.appendingPathComponent(name), to: dir.appendingPathComponent(name))
        }
        // A pitch-shifted version of a piece, written as MP3.
        let piece = ChiptuneSynth.Piece(seed: 4_242, duration: 20, sampleRate: 22_050, channels: 1)
        for (name, distortion) in [("song.wav", AudioDistortion.gain(decibels: 0)), ("song-up.wav", .pitch(semitones: 1))] {
            let (x, rate) = try distortion.render(piece)
            let w = try AudioWriter(path: dir.appendingPathComponent(name).path, format: .wavPCM16, sampleRate: rate, channels: 1)
            try w.write(x)
            try w.close()
        }
        let keep = dir.appendingPathComponent("keep.txt").path
        let drop = dir.appendingPathComponent("drop.txt").path
        let result = try genki("dedup", dir.path, "--jsonl", "--keep-list", keep, "--drop-list", drop)
        #expect(result.status == 0, "\(result.stderrText)")
        let validator = try JSONSchemaValidator(directory: repositoryRoot.appendingPathComponent("schemas"), root: "dedup-cluster.schema.json")
        let lines = result.stdoutText.split(separator: "\n")
        #expect(lines.count == 4, "\(result.stdoutText)")
        var reasons: Set<String> = []
        for line in lines {
            let value = try JSONValue.parse(Data(line.utf8))
            #expect(try validator.validate(value).isEmpty)
            if case .array(let pairs)? = value["pairs"] {
                for case .string(let r)? in pairs.map({ $0["reason"] }) { reasons.insert(r) }
            }
        }
        #expect(reasons == ["pcm", "bytes", "midi-canonical", "audio-near"])
        let kept = try String(contentsOfFile: keep, encoding: .utf8).split(separator: "\n").map(String.init)
        let dropped = try String(contentsOfFile: drop, encoding: .utf8).split(separator: "\n").map(String.init)
        #expect(kept.count == 4 && dropped.count == 4)
        #expect(Set(kept).isDisjoint(with: dropped))
    }

    @Test func unanalysableFilesGiveExitOneWithoutPaths() throws {
        let result = try genki("dedup", repositoryRoot.appendingPathComponent("fixtures/bad").path)
        #expect(result.status == 1)
        #expect(result.stderrText.contains("could not be analysed"))
        #expect(!result.stderrText.contains("fixtures/bad"))
        #expect(try genki("dedup", "x", "--threshold", "2").status == 2)
    }
}
