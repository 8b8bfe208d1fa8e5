import Foundation
import GenkiAudio
import GenkiMIDI

/// A deterministic mixed collection for whole-pipeline comparisons (`genki-fixtures --collection
/// N`, `tools/golden.sh`): short chiptune pieces in several formats, rates and channel counts,
/// exact copies, disguised copies (gain, trim, lossy re-encode, resample), MIDI pieces and their
/// re-laid-out and transposed copies. The same `count` always gives the same bytes.
public enum CollectionFixture {
    /// Writes `count` files into `directory` (created if needed); returns how many were written
    /// (a format this libsndfile cannot write is replaced by 16-bit WAV, so always `count`).
    @discardableResult
    public static func write(count: Int, to directory: URL) throws -> Int {
        let fm = FileManager.default
        try fm.createDirectory(at: directory, withIntermediateDirectories: true)
        let synth = ChiptuneSynth()
        let formats: [AudioFileFormat] = [.wavPCM16, .flac16, .oggVorbis, .wavPCM24, .flac24]
        let rates = [22_050, 32_000, 44_100, 48_000]
        var originals: [(name: String, piece: ChiptuneSynth.Piece, format: AudioFileFormat)] = []
        var midis: [(name: String, piece: GeneratedPiece)] = []
        for i in 0..<count {
            let seed = UInt64(i) &* 7919 &+ 11
            let name = String(format: "%04d", i)
            switch i % 10 {
            case 0, 1, 2, 3, 4:
                let piece = ChiptuneSynth.Piece(
                    seed: seed, duration: 3 + Double(i % 7) * 0.75, sampleRate: rates[i % rates.count],
                    channels: 1 + (i / 5) % 2, gain: 0.4
                )
                var format = formats[(i / 3) % formats.count]
                if !format.isWritable(sampleRate: piece.sampleRate, channels: piece.channels) { format = .wavPCM16 }
                let file = "\(name)-orig.\(format.fileExtension)"
                try writeAudio(synth.render(piece), piece.sampleRate, piece.channels, format, directory.appendingPathComponent(file))
                originals.append((file, piece, format))
            case 5:
                let source = originals[originals.count - 1 - (i / 10) % min(originals.count, 5)]
                try fm.copyItem(at: directory.appendingPathComponent(source.name), to: directory.appendingPathComponent("\(name)-copy-\(source.name)"))
            case 6:
                let source = originals[(i / 10 * 3) % originals.count]
                let disguises: [AudioDistortion] = [.gain(decibels: -6), .trimEnd(fraction: 0.2), .codec(.mp3, level: 0.5), .resample(rate: 16_000), .codec(.oggVorbis, level: 0.3)]
                let disguise = disguises[(i / 10) % disguises.count]
                var format = AudioFileFormat.wavPCM16
                var (samples, rate) = try disguise.render(source.piece)
                if case .codec(let codec, _) = disguise, codec.isWritable(sampleRate: rate, channels: 1) { format = codec }
                if case .codec = disguise, format == .wavPCM16 { (samples, rate) = (synth.render(monoOf(source.piece)), source.piece.sampleRate) }
                try writeAudio(samples, rate, 1, format, directory.appendingPathComponent("\(name)-disguised.\(format.fileExtension)"))
            case 7, 8:
                let piece = GeneratedPiece.make(seed: seed, bars: 4 + i % 5)
                let file = "\(name)-piece.mid"
                try Data(SMFWriter().write(piece.file(.init(format: i % 2)))).write(to: directory.appendingPathComponent(file))
                midis.append((file, piece))
            default:
                let source = midis[(i / 10) % midis.count]
                let layout = GeneratedPiece.Layout(format: 1, velocityZeroNoteOffs: true, reverseTracks: true, metadata: false)
                let piece = (i / 10) % 2 == 0 ? source.piece : source.piece.transposed(2)
                try Data(SMFWriter(runningStatus: true).write(piece.file(layout))).write(to: directory.appendingPathComponent("\(name)-relaid-\(source.name)"))
            }
        }
        return count
    }

    private static func monoOf(_ piece: ChiptuneSynth.Piece) -> ChiptuneSynth.Piece {
        var p = piece
        p.channels = 1
        return p
    }

    private static func writeAudio(_ samples: [Float], _ rate: Int, _ channels: Int, _ format: AudioFileFormat, _ url: URL) throws {
        let writer = try AudioWriter(path: url.path, format: format, sampleRate: rate, channels: channels)
        try writer.write(samples)
        try writer.close()
    }
}
