import Foundation

/// Reads a ProTracker-family MOD (31 samples with a 4-byte tag at offset 1,080 — `M.K.`,
/// `FLT4`, `6CHN`, `16CH`… but not `FLT8` — or the old 15-sample layout) into a `TrackerSong` with its real
/// sample data, as FastTracker 2 converts one: periods become notes (nearest step of the
/// finetune-0 table), effects and parameters stay as they are (XM keeps MOD's effect numbers),
/// the Amiga frequency table is kept.
public enum MODReader {
    /// Why a file is not a MOD this reader takes.
    public enum Failure: Error, Equatable {
        case tooShort
        case badLayout(String)
    }

    /// The channel count a 4-byte tag names, nil for an unknown tag.
    static func channels(tag: [UInt8]) -> Int? {
        let s = String(decoding: tag, as: UTF8.self)
        switch s {
        case "M.K.", "M!K!", "M&K!", "N.T.", "FLT4": return 4
        case "CD81", "OKTA", "OCTA": return 8
        default: break
        }
        let digits = tag.prefix(2).map { $0 >= 0x30 && $0 <= 0x39 }
        if s.hasSuffix("CHN"), digits.first == true { return Int(tag[0] - 0x30) }
        if s.hasSuffix("CH") || s.hasSuffix("CN"), digits == [true, true] { return Int(tag[0] - 0x30) * 10 + Int(tag[1] - 0x30) }
        return nil
    }

    /// Parses `bytes`.
    public static func read(_ bytes: [UInt8]) throws(Failure) -> TrackerSong {
        guard bytes.count >= 600 else { throw .tooShort }
        // Startrekker's FLT8 stores each 8-channel pattern as two 4-channel halves: not read
        // here (as `ModuleStripper` does not strip it); libopenmpt's pattern API reads it.
        if bytes.count >= 1_084, bytes[1_080..<1_084].elementsEqual("FLT8".utf8) { throw .badLayout("FLT8 (patterns stored in 4-channel halves)") }
        let tagged = bytes.count >= 1_084 ? channels(tag: Array(bytes[1_080..<1_084])) : nil
        let sampleCount = tagged == nil ? 15 : 31
        let channels = tagged ?? 4
        guard (1...32).contains(channels) else { throw .badLayout("\(channels) channels") }
        func be16(_ at: Int) -> Int { Int(bytes[at]) << 8 | Int(bytes[at + 1]) }
        func text(_ at: Int, _ length: Int) -> String {
            String(decoding: bytes[at..<(at + length)].prefix { $0 != 0 }, as: UTF8.self)
        }
        struct Header {
            var name: String
            var length: Int
            var finetune: Int
            var volume: Int
            var loopStart: Int
            var loopLength: Int
        }
        var headers: [Header] = []
        for s in 0..<sampleCount {
            let at = 20 + 30 * s
            let nibble = Int(bytes[at + 24] & 0x0F)
            headers.append(
                Header(
                    name: text(at, 22), length: 2 * be16(at + 22), finetune: nibble >= 8 ? nibble - 16 : nibble, volume: min(64, Int(bytes[at + 25])),
                    loopStart: 2 * be16(at + 26), loopLength: 2 * be16(at + 28)))
        }
        let orderAt = 20 + 30 * sampleCount
        let songLength = Int(bytes[orderAt])
        let restart = Int(bytes[orderAt + 1])
        let table = Array(bytes[(orderAt + 2)..<(orderAt + 130)])
        guard (1...128).contains(songLength) else { throw .badLayout("song length \(songLength)") }
        let patternCount = Int(table.max() ?? 0) + 1
        let patternAt = orderAt + 130 + (tagged == nil ? 0 : 4)
        let patternBytes = 64 * channels * 4
        guard bytes.count >= patternAt + patternCount * patternBytes else { throw .tooShort }
        var patterns: [TrackerPattern] = []
        for p in 0..<patternCount {
            var pattern = TrackerPattern(rows: 64, channels: channels)
            for k in 0..<(64 * channels) {
                let at = patternAt + p * patternBytes + 4 * k
                let period = Int(bytes[at] & 0x0F) << 8 | Int(bytes[at + 1])
                let sample = bytes[at] & 0xF0 | bytes[at + 2] >> 4
                pattern.cells[k] = TrackerCell(note: note(period: period), instrument: sample, effect: bytes[at + 2] & 0x0F, parameter: bytes[at + 3])
            }
            patterns.append(pattern)
        }
        var instruments: [TrackerInstrument] = []
        var dataAt = patternAt + patternCount * patternBytes
        for h in headers {
            let available = max(0, min(h.length, bytes.count - dataAt))
            let data = available > 0 ? bytes[dataAt..<(dataAt + available)].map { Int8(bitPattern: $0) } : []
            dataAt += h.length
            let looped = h.loopLength > 2 && h.loopStart < data.count
            instruments.append(
                TrackerInstrument(
                    name: h.name, sample: data, loopStart: looped ? h.loopStart : 0, loopLength: looped ? min(h.loopLength, data.count - h.loopStart) : 0,
                    volume: UInt8(h.volume), finetune: Int8(h.finetune * 16), relativeNote: 0))
        }
        return TrackerSong(
            title: text(0, 20), channels: channels, orders: table.prefix(songLength).map(Int.init), restart: restart < songLength ? restart : 0,
            patterns: patterns, instruments: instruments, speed: 6, tempo: 125, linearFrequencies: false)
    }

    /// The XM note of an Amiga period (0: none): the nearest semitone, C-1 of ProTracker (856)
    /// being XM's C-3 (a sample then plays at the same rate in both).
    static func note(period: Int) -> UInt8 {
        guard period > 0 else { return 0 }
        let steps = (12 * log2(856 / Double(period))).rounded()
        return UInt8(max(1, min(96, Int(steps) + 37)))
    }
}
