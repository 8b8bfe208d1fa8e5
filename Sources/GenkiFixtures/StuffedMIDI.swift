import GenkiMIDI

/// A Standard MIDI File that hides a marker everywhere a file can carry bytes besides its
/// music: every meta type 0x00…0xFF (text kinds, sequencer-specific, unknown types, a payload on the
/// end-of-track event), oversized tempo, time- and key-signature payloads with the marker
/// after (and, for the signatures, inside) their values, `F0` and `F7` sysex, an unknown
/// chunk and junk after the last chunk. Its music is a short melody on channel 0.
/// Canonicalising it must leave none of the marker's bytes (issue 13).
public enum StuffedMIDI {
    /// The marker the file hides.
    public static let marker = Array("MARK hidden 7f3a".utf8)

    /// Notes of the melody (keys 60…71, each 200 ticks long, 240 apart).
    public static let noteCount = 16

    /// The file's bytes.
    public static func bytes() -> [UInt8] {
        func vlq(_ n: Int) -> [UInt8] {
            var v = n
            var out = [UInt8(v & 0x7F)]
            v >>= 7
            while v > 0 {
                out.insert(UInt8(v & 0x7F) | 0x80, at: 0)
                v >>= 7
            }
            return out
        }
        func meta(_ type: UInt8, _ data: [UInt8]) -> [UInt8] { [0x00, 0xFF, type] + vlq(data.count) + data }
        var conductor: [UInt8] = []
        for type in UInt8(0)...0xFF where ![MetaType.endOfTrack, MetaType.tempo, MetaType.timeSignature, MetaType.keySignature].contains(type) {
            conductor += meta(type, marker)
        }
        conductor += meta(MetaType.tempo, [0x07, 0xA1, 0x20])
        conductor += meta(MetaType.tempo, [0x07, 0xA1, 0x20] + marker)
        conductor += meta(MetaType.timeSignature, [3, 2] + marker)
        conductor += meta(MetaType.timeSignature, [marker[0], marker[1]] + marker)
        conductor += meta(MetaType.keySignature, [0x4D, 0x41] + marker)
        conductor += [0x00, 0xF0] + vlq(marker.count + 2) + [0x7E] + marker + [0xF7]
        conductor += [0x00, 0xF7] + vlq(marker.count) + marker
        conductor += meta(MetaType.endOfTrack, marker)
        var notes: [UInt8] = []
        for k in 0..<noteCount {
            let key = UInt8(60 + k % 12)
            notes += [k == 0 ? 0x00 : 40, 0x90, key, 100]
            notes += [0x81, 0x48, 0x80, key, 64]  // 200 ticks later
            if k == 3 { notes += meta(0x01, marker) + [0x00, 0xF7] + vlq(marker.count) + marker }
        }
        notes += meta(MetaType.endOfTrack, [])
        func chunk(_ id: String, _ body: [UInt8]) -> [UInt8] {
            let n = body.count
            return Array(id.utf8) + [UInt8(n >> 24 & 0xFF), UInt8(n >> 16 & 0xFF), UInt8(n >> 8 & 0xFF), UInt8(n & 0xFF)] + body
        }
        return chunk("MThd", [0, 1, 0, 2, 0x01, 0xE0]) + chunk("MTrk", conductor) + chunk("XFIH", marker) + chunk("MTrk", notes) + marker
    }

    /// Whether `needle` occurs in `hay`.
    public static func contains(_ hay: [UInt8], _ needle: [UInt8]) -> Bool {
        guard !needle.isEmpty, needle.count <= hay.count else { return false }
        return (0...(hay.count - needle.count)).contains { hay[$0..<($0 + needle.count)].elementsEqual(needle) }
    }
}
