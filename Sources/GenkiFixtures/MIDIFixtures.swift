import Foundation
import GenkiMIDI

/// The bundled MIDI fixtures: one piece in several encodings, and malformed files.
public enum MIDIFixtures {
    /// What parsing a fixture must give.
    public enum Outcome: Sendable, Equatable {
        /// Parsed; the warnings include this text ("" when none is expected).
        case parses(warning: String)
        /// Rejected with an error whose description includes this text.
        case rejected(reason: String)
    }

    /// A named fixture.
    public struct Fixture: Sendable {
        public let name: String
        public let bytes: [UInt8]
        public let outcome: Outcome
    }

    /// The piece every good fixture encodes.
    public static let piece = GeneratedPiece.make(seed: 2026, bars: 4)

    static func be32(_ v: Int) -> [UInt8] { [UInt8(v >> 24 & 0xFF), UInt8(v >> 16 & 0xFF), UInt8(v >> 8 & 0xFF), UInt8(v & 0xFF)] }

    /// A minimal file: header plus the given track bodies (each without end-of-track unless included).
    static func raw(format: Int = 1, tracksDeclared: Int? = nil, division: [UInt8] = [0x01, 0xE0], tracks: [[UInt8]]) -> [UInt8] {
        var out = Array("MThd".utf8) + be32(6) + [0, UInt8(format)] + [0, UInt8(tracksDeclared ?? tracks.count)] + division
        for t in tracks { out += Array("MTrk".utf8) + be32(t.count) + t }
        return out
    }

    static let eot: [UInt8] = [0x00, 0xFF, 0x2F, 0x00]
    static let someNotes: [UInt8] = [0x00, 0x90, 60, 100, 0x60, 0x80, 60, 64, 0x00, 0x90, 64, 100, 0x60, 0x80, 64, 64]

    /// The same piece in several encodings; all must give the same canonical stream.
    public static let good: [Fixture] = {
        let p = piece
        let format1 = SMFWriter().write(p.file())
        let format0 = SMFWriter(runningStatus: true).write(p.file(.init(format: 0, velocityZeroNoteOffs: true)))
        let ppq96 = SMFWriter().write(p.resolution(96).file(.init(reverseTracks: true)))
        let riff: [UInt8] = {
            let data = format1
            let body = Array("RMID".utf8) + Array("data".utf8) + le32(data.count) + data + (data.count % 2 == 1 ? [0] : [])
            return Array("RIFF".utf8) + le32(body.count) + body
        }()
        return [
            Fixture(name: "piece-format1.mid", bytes: format1, outcome: .parses(warning: "")),
            Fixture(name: "piece-format0-running-status.mid", bytes: format0, outcome: .parses(warning: "")),
            Fixture(name: "piece-96ppq-reversed-tracks.mid", bytes: ppq96, outcome: .parses(warning: "")),
            Fixture(name: "piece-rmid.rmi", bytes: riff, outcome: .parses(warning: "")),
        ]
    }()

    static func le32(_ v: Int) -> [UInt8] { [UInt8(v & 0xFF), UInt8(v >> 8 & 0xFF), UInt8(v >> 16 & 0xFF), UInt8(v >> 24 & 0xFF)] }

    /// Malformed files, each with the outcome it must produce.
    public static let bad: [Fixture] = {
        let whole = SMFWriter().write(piece.file())
        var hugeTrack = raw(tracks: [someNotes + eot])
        hugeTrack.replaceSubrange(18..<22, with: [0xFF, 0xFF, 0xFF, 0xF0])
        return [
            Fixture(name: "bad-zero-length.mid", bytes: [], outcome: .rejected(reason: "no MThd header")),
            Fixture(name: "bad-garbage.mid", bytes: (0..<512).map { UInt8(truncatingIfNeeded: $0 &* 73 &+ 11) }, outcome: .rejected(reason: "no MThd header")),
            Fixture(name: "bad-zero-tracks.mid", bytes: raw(tracks: []), outcome: .rejected(reason: "0 tracks")),
            Fixture(name: "bad-short-header.mid", bytes: Array("MThd".utf8) + be32(2) + [0, 1], outcome: .rejected(reason: "needs 6")),
            Fixture(name: "bad-division-zero.mid", bytes: raw(division: [0, 0], tracks: [someNotes + eot]), outcome: .rejected(reason: "division of 0")),
            Fixture(name: "bad-truncated.mid", bytes: Array(whole.prefix(whole.count * 2 / 3)), outcome: .parses(warning: "only")),
            Fixture(name: "bad-track-length-beyond-file.mid", bytes: hugeTrack, outcome: .parses(warning: "declares 4294967280 bytes")),
            Fixture(name: "bad-missing-end-of-track.mid", bytes: raw(tracks: [someNotes]), outcome: .parses(warning: "no end-of-track")),
            Fixture(name: "bad-junk-after-last-chunk.mid", bytes: raw(tracks: [someNotes + eot]) + [0x00, 0x13, 0x37, 0xFE, 0x99, 0x01, 0x02, 0x03, 0x04, 0x05], outcome: .parses(warning: "junk")),
            Fixture(name: "bad-tempo-zero.mid", bytes: raw(tracks: [[0x00, 0xFF, 0x51, 0x03, 0, 0, 0] + someNotes + eot]), outcome: .parses(warning: "invalid tempo")),
            Fixture(name: "bad-vlq-overflow.mid", bytes: raw(tracks: [someNotes + [0xFF, 0xFF, 0xFF, 0xFF, 0x7F, 0x90, 60, 100] + eot]), outcome: .parses(warning: "bad or truncated delta")),
            Fixture(name: "bad-sysex-huge-length.mid", bytes: raw(tracks: [someNotes + [0x00, 0xF0, 0x8F, 0xFF, 0xFF, 0x7F, 0x01, 0x02]]), outcome: .parses(warning: "sysex declares")),
            Fixture(name: "bad-meta-huge-length.mid", bytes: raw(tracks: [someNotes + [0x00, 0xFF, 0x01, 0x8F, 0xFF, 0xFF, 0x7F, 0x41]]), outcome: .parses(warning: "meta event declares")),
            Fixture(name: "bad-data-without-status.mid", bytes: raw(tracks: [[0x00, 60, 100] + someNotes + eot]), outcome: .parses(warning: "without running status")),
            Fixture(name: "bad-declared-tracks-mismatch.mid", bytes: raw(tracksDeclared: 5, tracks: [someNotes + eot]), outcome: .parses(warning: "declares 5 tracks")),
            Fixture(name: "bad-junk-before-header.mid", bytes: [UInt8](repeating: 0, count: 128) + raw(tracks: [someNotes + eot]), outcome: .parses(warning: "junk before the header")),
        ]
    }()

    /// Writes the fixtures into `directory/good` and `directory/bad`.
    public static func write(to directory: URL) throws {
        for (sub, list) in [("good", good), ("bad", bad)] {
            let dir = directory.appendingPathComponent(sub)
            try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
            for f in list { try Data(f.bytes).write(to: dir.appendingPathComponent(f.name)) }
        }
    }
}
