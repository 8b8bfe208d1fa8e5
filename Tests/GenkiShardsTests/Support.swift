import Foundation
import GenkiAudio
import GenkiFixtures
import GenkiMIDI
import GenkiShards

func temporaryDirectory() throws -> URL { try makeTemporaryDirectory(prefix: "genki-shard-test") }

/// Little-endian helpers for hand-built RIFF chunks.
func le32(_ v: Int) -> [UInt8] { (0..<4).map { UInt8(truncatingIfNeeded: v >> (8 * $0)) } }

func chunk(_ id: String, _ body: [UInt8]) -> [UInt8] {
    Array(id.utf8) + le32(body.count) + body + (body.count % 2 == 1 ? [0] : [])
}

/// A collection of tagged inputs whose names and tags must never reach a shard.
struct TaggedCollection {
    static let marker = "PRIVATE-NAME"
    static let tags = ["SECRET-TAG-INFO", "SECRET-TAG-BEXT", "SECRET-TAG-FLAC", "SECRET-TAG-OGG", "SECRET-TAG-ID3", "SECRET-TAG-MIDI"]
    let folder: URL

    static func piece(_ seed: UInt64, seconds: Double = 31) -> [Float] {
        ChiptuneSynth().render(ChiptuneSynth.Piece(seed: seed, duration: seconds, sampleRate: 44_100, channels: 1))
    }

    static func pcm(_ x: [Float]) -> [Int16] {
        Downmix.pcm16(x)
    }

    init() throws {
        folder = try temporaryDirectory().appendingPathComponent("\(Self.marker)-music")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        // WAV with LIST/INFO and a BWF bext chunk, built by hand.
        let wav = WAVEncoder.encode(Self.pcm(Self.piece(501)), sampleRate: 44_100)
        let info = chunk("LIST", Array("INFO".utf8) + chunk("INAM", Array("SECRET-TAG-INFO\0".utf8)))
        var bext = Array("SECRET-TAG-BEXT".utf8) + [UInt8](repeating: 0, count: 602 - 15)
        bext[256] = 0
        let body = Array(wav[12..<36]) + info + chunk("bext", bext) + Array(wav[36...])
        try Data(Array("RIFF".utf8) + le32(4 + body.count) + Array("WAVE".utf8) + body).write(to: folder.appendingPathComponent("\(Self.marker)-a.wav"))
        // FLAC and Ogg Vorbis with Vorbis comments through libsndfile.
        for (format, ext, seed, tag) in [(AudioFileFormat.flac16, "flac", UInt64(502), "SECRET-TAG-FLAC"), (.oggVorbis, "ogg", 503, "SECRET-TAG-OGG")] {
            let w = try AudioWriter(path: folder.appendingPathComponent("\(Self.marker)-b.\(ext)").path, format: format, sampleRate: 44_100, channels: 1)
            try w.setTag(.title, tag)
            try w.setTag(.artist, tag)
            try w.write(Self.piece(seed))
            try w.close()
        }
        // MP3 with an ID3v2.3 title frame in front.
        let mp3Path = folder.appendingPathComponent("raw.mp3").path
        let w = try AudioWriter(path: mp3Path, format: .mp3, sampleRate: 44_100, channels: 1)
        try w.write(Self.piece(504))
        try w.close()
        let text = [UInt8(0)] + Array("SECRET-TAG-ID3".utf8)
        let frame = Array("TIT2".utf8) + [0, 0, 0, UInt8(text.count)] + [0, 0] + text
        let id3 = Array("ID3".utf8) + [3, 0, 0, 0, 0, 0, UInt8(frame.count)] + frame
        try Data(id3 + [UInt8](try Data(contentsOf: URL(fileURLWithPath: mp3Path)))).write(to: folder.appendingPathComponent("\(Self.marker)-c.mp3"))
        try FileManager.default.removeItem(atPath: mp3Path)
        // MIDI with text meta events.
        var piece = GeneratedPiece.make(seed: 505, bars: 24)
        piece.metadata = piece.metadata.map { _ in "SECRET-TAG-MIDI" }
        try Data(SMFWriter().write(piece.file())).write(to: folder.appendingPathComponent("\(Self.marker)-d.mid"))
    }

    /// Every input file's bytes (to check the tags really are in the inputs).
    func inputBytes() throws -> [UInt8] {
        var all: [UInt8] = []
        for f in try FileManager.default.contentsOfDirectory(atPath: folder.path) {
            all += [UInt8](try Data(contentsOf: folder.appendingPathComponent(f)))
        }
        return all
    }
}

/// Every byte of every file in a folder, with the file names.
func folderBytes(_ dir: URL) throws -> [UInt8] {
    var all: [UInt8] = []
    for f in try FileManager.default.contentsOfDirectory(atPath: dir.path).sorted() {
        all += Array(f.utf8) + [UInt8](try Data(contentsOf: dir.appendingPathComponent(f)))
    }
    return all
}

func contains(_ haystack: [UInt8], _ needle: String) -> Bool { contains(haystack, bytes: Array(needle.utf8)) }

func contains(_ haystack: [UInt8], bytes n: [UInt8]) -> Bool {
    guard !n.isEmpty, haystack.count >= n.count else { return false }
    for i in 0...(haystack.count - n.count) where haystack[i] == n[0] && Array(haystack[i..<(i + n.count)]) == n { return true }
    return false
}
