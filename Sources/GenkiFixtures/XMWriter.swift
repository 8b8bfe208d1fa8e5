/// Writes a `TrackerSong` as a FastTracker 2 module (XM 1.04): the header and order list,
/// patterns packed cell by cell, then one instrument per song instrument holding its 8-bit
/// sample (delta-coded). The channel count is rounded up to an even number (FastTracker 2's
/// rule); patterns keep at most 256 rows, the order list 256 entries and the song 128
/// instruments (the format's limits).
public enum XMWriter {
    /// The tracker name field.
    public static let trackerName = "genki XMWriter"

    /// The XM 1.04 bytes of `song`.
    public static func write(_ song: TrackerSong) -> [UInt8] {
        var out: [UInt8] = []
        func le16(_ v: Int) { out += FixtureBytes.le(v, 2) }
        func le32(_ v: Int) { out += FixtureBytes.le(v, 4) }
        func text(_ s: String, _ length: Int) { out += FixtureBytes.field(s, length) }
        let channels = max(2, min(32, song.channels + song.channels % 2))
        let orders = Array(song.orders.prefix(256))
        let patterns = song.patterns.prefix(256)
        let instruments = song.instruments.prefix(128)
        out += Array("Extended Module: ".utf8)
        text(song.title, 20)
        out.append(0x1A)
        text(trackerName, 20)
        le16(0x0104)
        le32(276)
        le16(orders.count)
        le16(song.restart < orders.count ? song.restart : 0)
        le16(channels)
        le16(patterns.count)
        le16(instruments.count)
        le16(song.linearFrequencies ? 1 : 0)
        le16(max(1, min(31, song.speed)))
        le16(max(32, min(255, song.tempo)))
        out += orders.map { UInt8(clamping: $0) } + [UInt8](repeating: 0, count: 256 - orders.count)
        for pattern in patterns {
            let rows = max(1, min(256, pattern.rows))
            var packed: [UInt8] = []
            for r in 0..<rows {
                for c in 0..<channels {
                    let k = r * song.channels + c
                    guard c < song.channels, k < pattern.cells.count else {
                        packed.append(0x80)
                        continue
                    }
                    let cell = pattern.cells[k]
                    // Packed: a mask byte (bit 7 set) naming the fields that follow, non-zero ones only.
                    var mask: UInt8 = 0x80
                    var fields: [UInt8] = []
                    for (bit, value) in zip([UInt8(0x01), 0x02, 0x04, 0x08, 0x10], [cell.note, cell.instrument, cell.volume, cell.effect, cell.parameter])
                    where value != 0 {
                        mask |= bit
                        fields.append(value)
                    }
                    packed.append(mask)
                    packed += fields
                }
            }
            le32(9)
            out.append(0)
            le16(rows)
            le16(packed.count)
            out += packed
        }
        for instrument in instruments {
            let sample = instrument.sample
            le32(263)
            text(instrument.name, 22)
            out.append(0)
            le16(sample.isEmpty ? 0 : 1)
            le32(40)  // sample header size
            out += [UInt8](repeating: 0, count: 96)  // every note plays sample 1
            out += [UInt8](repeating: 0, count: 48 + 48)  // envelopes (off)
            out += [UInt8](repeating: 0, count: 2 + 6 + 2)  // envelope points, sustain and loops, types
            out += [0, 0, 0, 0]  // vibrato
            le16(0)  // fadeout
            out += [UInt8](repeating: 0, count: 22)  // reserved
            guard !sample.isEmpty else { continue }
            let loopStart = max(0, min(sample.count, instrument.loopStart))
            let loopLength = max(0, min(sample.count - loopStart, instrument.loopLength))
            le32(sample.count)
            le32(loopStart)
            le32(loopLength)
            out.append(min(64, instrument.volume))
            out.append(UInt8(bitPattern: instrument.finetune))
            out.append(loopLength > 0 ? 1 : 0)  // forward loop, 8-bit
            out.append(0x80)  // centre panning
            out.append(UInt8(bitPattern: instrument.relativeNote))
            out.append(0)  // delta-coded
            text(instrument.name, 22)
            var previous: Int8 = 0
            for v in sample {
                out.append(UInt8(bitPattern: v &- previous))
                previous = v
            }
        }
        return out
    }
}
