import Foundation
import GenkiAudio
import GenkiFixtures
import Testing

func decodeAll(_ path: String) throws -> (AudioStreamInfo, [Float]) {
    let decoder = try AudioDecoder(path: path)
    var out: [Float] = []
    var buffer = [Float](repeating: 0, count: 1024 * decoder.info.channels)
    while true {
        let n = try buffer.withUnsafeMutableBufferPointer { try decoder.read(into: $0.baseAddress!, frames: 1024) }
        if n == 0 { break }
        out.append(contentsOf: buffer.prefix(n * decoder.info.channels))
    }
    return (decoder.info, out)
}

func temporaryDirectory() throws -> URL { try makeTemporaryDirectory(prefix: "genki-test") }

@Suite struct CodecRoundTripTests {
    static let piece = ChiptuneSynth.Piece(seed: 42, duration: 0.5, sampleRate: 44_100, channels: 2)

    @Test(arguments: AudioFileFormat.allCases)
    func writeThenDecode(format: AudioFileFormat) throws {
        // Every format the issue names is writable by Debian 12's libsndfile 1.2.
        let rate = format == .oggOpus ? 48_000 : 44_100
        #expect(format.isWritable(sampleRate: rate, channels: 2))
        var piece = Self.piece
        piece.sampleRate = rate
        let samples = ChiptuneSynth().render(piece)
        let dir = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let path = dir.appendingPathComponent("x.\(format.fileExtension)").path
        let writer = try AudioWriter(path: path, format: format, sampleRate: rate, channels: 2)
        try writer.write(samples)
        try writer.close()
        let (info, decoded) = try decodeAll(path)
        #expect(info.channels == 2)
        #expect(info.sampleRate == rate)
        switch format {
        case .wavPCM16, .flac16:
            #expect(decoded == samples.map { (($0 * 32768).rounded(.toNearestOrEven)) / 32768 })
        case .wavPCM24, .flac24:
            #expect(decoded.count == samples.count)
            #expect(zip(decoded, samples).allSatisfy { abs($0 - $1) <= 1.0 / 8_388_608 })
        case .wavFloat:
            #expect(decoded == samples)
        case .oggVorbis, .oggOpus, .mp3:
            // Lossy: length within codec padding, content close in energy.
            let expected = samples.count / 2
            #expect(abs(decoded.count / 2 - expected) < expected / 5)
            let e1 = samples.reduce(0) { $0 + Double($1 * $1) } / Double(samples.count)
            let e2 = decoded.reduce(0) { $0 + Double($1 * $1) } / Double(decoded.count)
            #expect(abs(10 * log10(e2 / e1)) < 3, "energy changed by \(10 * log10(e2 / e1)) dB")
        }
    }

    @Test func pcmWritesAreByteDeterministic() throws {
        let dir = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let samples = ChiptuneSynth().render(Self.piece)
        for format in [AudioFileFormat.wavPCM16, .wavPCM24, .wavFloat, .flac16, .flac24, .mp3] {
            var blobs: [Data] = []
            for i in 0..<2 {
                let path = dir.appendingPathComponent("\(i).\(format.fileExtension)").path
                let writer = try AudioWriter(path: path, format: format, sampleRate: 44_100, channels: 2)
                try writer.write(samples)
                try writer.close()
                blobs.append(try Data(contentsOf: URL(fileURLWithPath: path)))
            }
            #expect(blobs[0] == blobs[1], "\(format)")
        }
    }

    @Test func decoderRefusesSpecialFilesWithoutBlocking() throws {
        let dir = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let hazards = try FixtureSet.writeHazards(to: dir)
        #expect(throws: AudioError.open("not a regular file")) { try AudioDecoder(path: hazards.fifo) }
        #expect(throws: AudioError.open("not a regular file")) { try AudioDecoder(path: "/dev/zero") }
        #expect(throws: AudioError.self) { try AudioDecoder(path: dir.path) }
    }

    @Test func decoderRejectsEmptyAndGarbage() throws {
        let dir = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        try FixtureSet.writeBad(to: dir)
        #expect(throws: AudioError.open("empty file (0 bytes)")) {
            try AudioDecoder(path: dir.appendingPathComponent("bad-zero-length.wav").path)
        }
        for name in ["bad-garbage.wav", "bad-text.wav", "bad-huge-fmt-chunk.wav", "bad-fake-header.flac"] {
            #expect(throws: AudioError.self, "\(name)") { try AudioDecoder(path: dir.appendingPathComponent(name).path) }
        }
    }
}
