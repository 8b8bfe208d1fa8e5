import Foundation
import GenkiAudio

/// The bundled fixture collection: small chiptune pieces in every format libsndfile writes here,
/// plus bad inputs. Everything is derived from seeds, so regenerating gives the same audio.
public enum FixtureSet {
    /// One good fixture: a synthesized piece written in one encoding.
    public struct AudioFixture: Sendable {
        /// File name inside the fixture folder.
        public let name: String
        /// The piece.
        public let piece: ChiptuneSynth.Piece
        /// Its encoding.
        public let format: AudioFileFormat
    }

    /// How a bad fixture must be reported.
    public enum BadOutcome: Sendable, Equatable {
        /// An error record (the file claims to be audio but is not usable).
        case error
        /// Not an audio candidate at all: skipped and counted.
        case skipped
    }

    /// One bad fixture: raw bytes under a name.
    public struct BadFixture: Sendable {
        public let name: String
        public let bytes: [UInt8]
        public let outcome: BadOutcome
    }

    /// The good fixtures. The stereo 44.1 kHz piece `a` is written both as WAV and as FLAC so
    /// their decoded-PCM hashes must match.
    public static let audio: [AudioFixture] = {
        let a = ChiptuneSynth.Piece(seed: 1, duration: 2.0, sampleRate: 44_100, channels: 2)
        let b = ChiptuneSynth.Piece(seed: 2, duration: 1.5, sampleRate: 48_000, channels: 2)
        let c = ChiptuneSynth.Piece(seed: 3, duration: 2.0, sampleRate: 22_050, channels: 1)
        let d = ChiptuneSynth.Piece(seed: 4, duration: 1.5, sampleRate: 32_000, channels: 1)
        let e = ChiptuneSynth.Piece(seed: 5, duration: 2.0, sampleRate: 44_100, channels: 2)
        let f = ChiptuneSynth.Piece(seed: 6, duration: 2.0, sampleRate: 44_100, channels: 1)
        let g = ChiptuneSynth.Piece(seed: 7, duration: 2.0, sampleRate: 48_000, channels: 2)
        let h = ChiptuneSynth.Piece(seed: 8, duration: 1.0, sampleRate: 96_000, channels: 1)
        let i = ChiptuneSynth.Piece(seed: 9, duration: 1.0, sampleRate: 11_025, channels: 1)
        return [
            AudioFixture(name: "a-stereo-44100-pcm16.wav", piece: a, format: .wavPCM16),
            AudioFixture(name: "a-stereo-44100-16.flac", piece: a, format: .flac16),
            AudioFixture(name: "b-stereo-48000-pcm24.wav", piece: b, format: .wavPCM24),
            AudioFixture(name: "c-mono-22050-pcm16.wav", piece: c, format: .wavPCM16),
            AudioFixture(name: "d-mono-32000-float.wav", piece: d, format: .wavFloat),
            AudioFixture(name: "e-stereo-44100-vorbis.ogg", piece: e, format: .oggVorbis),
            AudioFixture(name: "f-mono-44100.mp3", piece: f, format: .mp3),
            AudioFixture(name: "g-stereo-48000.opus", piece: g, format: .oggOpus),
            AudioFixture(name: "h-mono-96000-24.flac", piece: h, format: .flac24),
            // Content, not extension, makes it audio.
            AudioFixture(name: "i-mono-11025-pcm16-no-extension", piece: i, format: .wavPCM16),
        ]
    }()

    /// The bad fixtures.
    public static let bad: [BadFixture] = {
        var rng = SplitMix64(seed: 0xBAD)
        let garbage = (0..<4096).map { _ in UInt8(truncatingIfNeeded: rng.next()) }
        let goodSamples = (0..<8_000).map { Int16(truncatingIfNeeded: ($0 * 37) % 20_000 - 10_000) }
        let whole = RIFFBuilder.wav(samples: goodSamples, sampleRate: 8_000, channels: 1)
        return [
            BadFixture(name: "bad-zero-length.wav", bytes: [], outcome: .error),
            BadFixture(name: "bad-truncated.wav", bytes: Array(whole.prefix(whole.count * 6 / 10)), outcome: .error),
            BadFixture(name: "bad-garbage.wav", bytes: garbage, outcome: .error),
            BadFixture(name: "bad-text.wav", bytes: Array("This is a text file, not audio.\n".utf8), outcome: .error),
            BadFixture(name: "bad-huge-fmt-chunk.wav", bytes: RIFFBuilder.hugeFormatChunk(), outcome: .error),
            BadFixture(name: "bad-huge-data-chunk.wav", bytes: RIFFBuilder.hugeDataChunk(samples: goodSamples), outcome: .error),
            BadFixture(name: "bad-fake-header.flac", bytes: Array("fLaC".utf8) + garbage.prefix(256), outcome: .error),
            BadFixture(name: "notes.txt", bytes: Array("Track list and notes: not audio.\n".utf8), outcome: .skipped),
        ]
    }()

    /// Writes the good fixtures into `directory/audio`, the bad ones into `directory/bad` and the
    /// MIDI ones into `directory/midi/{good,bad}`, the chip-music ones into `directory/chip`.
    /// Formats this libsndfile cannot write are skipped and returned by name.
    @discardableResult
    public static func write(to directory: URL) throws -> [String] {
        let skipped = try writeAudio(to: directory.appendingPathComponent("audio"))
        try writeBad(to: directory.appendingPathComponent("bad"))
        try MIDIFixtures.write(to: directory.appendingPathComponent("midi"))
        try ChipFixtures.write(to: directory.appendingPathComponent("chip"))
        return skipped
    }

    /// Writes the bad fixtures into `directory` (created if needed).
    public static func writeBad(to directory: URL) throws {
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        for fixture in bad {
            try Data(fixture.bytes).write(to: directory.appendingPathComponent(fixture.name))
        }
    }

    /// Writes the good fixtures into `directory` (created if needed); returns the names skipped
    /// because this libsndfile cannot write their format.
    @discardableResult
    public static func writeAudio(to directory: URL) throws -> [String] {
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        var skipped: [String] = []
        let synth = ChiptuneSynth()
        for fixture in audio {
            guard fixture.format.isWritable(sampleRate: fixture.piece.sampleRate, channels: fixture.piece.channels) else {
                skipped.append(fixture.name)
                continue
            }
            let samples = synth.render(fixture.piece)
            let path = directory.appendingPathComponent(fixture.name).path
            let writer = try AudioWriter(
                path: path, format: fixture.format,
                sampleRate: fixture.piece.sampleRate, channels: fixture.piece.channels
            )
            try writer.write(samples)
            try writer.close()
        }
        return skipped
    }

    /// Creates the hazards that cannot live in git: an unreadable file, a directory loop via
    /// symlink, a FIFO. Returns their paths.
    public static func writeHazards(to directory: URL) throws -> (unreadable: String, loop: String, fifo: String) {
        let fm = FileManager.default
        try fm.createDirectory(at: directory, withIntermediateDirectories: true)
        let unreadable = directory.appendingPathComponent("hazard-unreadable.wav").path
        let bytes = RIFFBuilder.wav(samples: [Int16](repeating: 1000, count: 800), sampleRate: 8_000, channels: 1)
        try Data(bytes).write(to: URL(fileURLWithPath: unreadable))
        chmod(unreadable, 0)
        let loopDir = directory.appendingPathComponent("hazard-loop")
        try fm.createDirectory(at: loopDir, withIntermediateDirectories: true)
        let loop = loopDir.appendingPathComponent("again").path
        try? fm.removeItem(atPath: loop)
        try fm.createSymbolicLink(atPath: loop, withDestinationPath: "..")
        let fifo = directory.appendingPathComponent("hazard-fifo.wav").path
        unlink(fifo)
        mkfifo(fifo, 0o644)
        return (unreadable, loop, fifo)
    }
}
