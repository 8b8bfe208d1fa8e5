/// A lenient Standard MIDI File parser that never trusts a declared length.
///
/// Every length is checked against the bytes actually present and nothing is allocated from a
/// declared size, so hostile files cost at most their own size. Damage that still leaves
/// usable data (a truncated track, a chunk running past the end, a missing end-of-track, junk
/// after the last chunk, a tempo of 0) becomes a warning; only files without a header or
/// without any track are rejected.
public enum MIDIParser {
    /// At most this many warnings are kept per file (the rest are counted).
    public static let maxWarnings = 20

    /// Parses a plain SMF or an RMID (RIFF-wrapped) file.
    public static func parse(_ bytes: [UInt8]) throws(MIDIError) -> MIDIParseResult {
        var warnings = Warnings()
        let smf = try unwrapRIFF(bytes, warnings: &warnings)
        return try parseSMF(smf, warnings: &warnings)
    }

    struct Warnings {
        var list: [String] = []
        var dropped = 0
        mutating func add(_ text: String) {
            if list.count < MIDIParser.maxWarnings { list.append(text) } else { dropped += 1 }
        }
        var all: [String] { dropped > 0 ? list + ["… and \(dropped) more warnings"] : list }
    }

    private static func be32(_ b: ArraySlice<UInt8>, _ at: Int) -> Int {
        Int(b[at]) << 24 | Int(b[at + 1]) << 16 | Int(b[at + 2]) << 8 | Int(b[at + 3])
    }

    private static func le32(_ b: [UInt8], _ at: Int) -> Int {
        Int(b[at]) | Int(b[at + 1]) << 8 | Int(b[at + 2]) << 16 | Int(b[at + 3]) << 24
    }

    private static func tag(_ b: ArraySlice<UInt8>, _ at: Int) -> String {
        String(decoding: b[at..<(at + 4)], as: UTF8.self)
    }

    /// Returns the SMF bytes inside an RMID wrapper, or the input itself.
    static func unwrapRIFF(_ bytes: [UInt8], warnings: inout Warnings) throws(MIDIError) -> ArraySlice<UInt8> {
        guard bytes.count >= 12, tag(bytes[...], 0) == "RIFF", tag(bytes[...], 8) == "RMID" else { return bytes[...] }
        var offset = 12
        while offset + 8 <= bytes.count {
            let id = tag(bytes[...], offset)
            let size = le32(bytes, offset + 4)
            let start = offset + 8
            let end = min(bytes.count, start + size)
            if id == "data" {
                if start + size > bytes.count { warnings.add("RMID data chunk declares \(size) bytes, \(end - start) present") }
                return bytes[start..<end]
            }
            offset = start + size + (size & 1)
        }
        throw .notMIDI("RMID file without a data chunk")
    }

    static func parseSMF(_ bytes: ArraySlice<UInt8>, warnings: inout Warnings) throws(MIDIError) -> MIDIParseResult {
        var offset = bytes.startIndex
        // Some files carry a preamble (e.g. a 128-byte MacBinary header): look a little further.
        let searchEnd = min(bytes.endIndex - 4, bytes.startIndex + 4096)
        var found: Int?
        if bytes.count >= 4 {
            var i = bytes.startIndex
            while i <= searchEnd {
                if bytes[i] == 0x4D && bytes[i + 1] == 0x54 && bytes[i + 2] == 0x68 && bytes[i + 3] == 0x64 {
                    found = i
                    break
                }
                i += 1
            }
        }
        guard let headerStart = found else { throw .notMIDI("no MThd header") }
        if headerStart > offset { warnings.add("\(headerStart - offset) bytes of junk before the header ignored") }
        offset = headerStart
        guard offset + 8 <= bytes.endIndex else { throw .invalidHeader("truncated header") }
        let headerLength = be32(bytes, offset + 4)
        guard headerLength >= 6 else { throw .invalidHeader("header chunk declares \(headerLength) bytes, needs 6") }
        guard offset + 14 <= bytes.endIndex else { throw .invalidHeader("truncated header") }
        var format = Int(bytes[offset + 8]) << 8 | Int(bytes[offset + 9])
        let declaredTracks = Int(bytes[offset + 10]) << 8 | Int(bytes[offset + 11])
        let hi = bytes[offset + 12]
        let lo = bytes[offset + 13]
        let division: MIDIDivision
        if hi & 0x80 != 0 {
            let fps = -Int(Int8(bitPattern: hi))
            guard lo > 0 else { throw .invalidHeader("SMPTE division with 0 ticks per frame") }
            if ![24, 25, 29, 30].contains(fps) { warnings.add("unusual SMPTE rate \(fps) frames/s") }
            guard fps > 0 else { throw .invalidHeader("SMPTE division with \(fps) frames/s") }
            division = .smpte(framesPerSecond: fps, ticksPerFrame: Int(lo))
        } else {
            let ppq = Int(hi) << 8 | Int(lo)
            guard ppq > 0 else { throw .invalidHeader("division of 0 ticks per quarter note") }
            division = .ppq(ppq)
        }
        if format > 2 {
            warnings.add("unknown format \(format), read as format 1")
            format = 1
        }
        // Skip the header body, bounded by the file.
        offset = min(bytes.endIndex, offset + 8 + headerLength)

        var tracks: [[MIDIEvent]] = []
        while offset + 8 <= bytes.endIndex {
            let id = tag(bytes, offset)
            let length = be32(bytes, offset + 4)
            let start = offset + 8
            let available = bytes.endIndex - start
            if id == "MTrk" {
                if length > available {
                    warnings.add("track \(tracks.count) declares \(length) bytes, only \(available) present")
                }
                let body = bytes[start..<(start + min(length, available))]
                tracks.append(parseTrack(body, index: tracks.count, warnings: &warnings))
            } else if !id.utf8.allSatisfy({ $0 >= 0x20 && $0 < 0x7F }) {
                warnings.add("\(bytes.endIndex - offset) bytes of junk after the last chunk ignored")
                offset = bytes.endIndex
                break
            }
            if length > available {
                offset = bytes.endIndex
                break
            }
            offset = start + length
        }
        if offset < bytes.endIndex && bytes.endIndex - offset > 0 {
            warnings.add("\(bytes.endIndex - offset) trailing bytes ignored")
        }
        guard !tracks.isEmpty else { throw .noTracks }
        if tracks.count != declaredTracks {
            warnings.add("header declares \(declaredTracks) tracks, \(tracks.count) found")
        }
        if format == 0 && tracks.count > 1 { warnings.add("format 0 with \(tracks.count) tracks") }
        return MIDIParseResult(file: MIDIFile(format: format, division: division, tracks: tracks), warnings: warnings.all)
    }

    /// Reads a variable-length quantity (at most 4 bytes); nil when malformed or cut off.
    @inline(__always)
    public static func readVLQ(_ b: ArraySlice<UInt8>, _ i: inout Int) -> Int? {
        var value = 0
        for _ in 0..<4 {
            guard i < b.endIndex else { return nil }
            let byte = b[i]
            i += 1
            value = value << 7 | Int(byte & 0x7F)
            if byte & 0x80 == 0 { return value }
        }
        return nil
    }

    static func parseTrack(_ b: ArraySlice<UInt8>, index: Int, warnings: inout Warnings) -> [MIDIEvent] {
        var events: [MIDIEvent] = []
        events.reserveCapacity(b.count / 3)
        var i = b.startIndex
        var tick = 0
        var running: UInt8 = 0
        var ended = false
        func stop(_ reason: String) { warnings.add("track \(index): \(reason); rest of track ignored") }
        while i < b.endIndex {
            guard let delta = readVLQ(b, &i) else {
                stop("bad or truncated delta time")
                break
            }
            tick += delta
            guard i < b.endIndex else {
                stop("truncated event")
                break
            }
            var status = b[i]
            if status & 0x80 != 0 {
                i += 1
            } else if running != 0 {
                status = running
            } else {
                // Resynchronise on the next status byte rather than dropping the whole track.
                let from = i
                while i < b.endIndex && b[i] & 0x80 == 0 { i += 1 }
                warnings.add("track \(index): data byte without running status; \(i - from) bytes skipped")
                guard i < b.endIndex else { break }
                status = b[i]
                i += 1
            }
            switch status {
            case 0x80...0xEF:
                running = status
                let channel = status & 0x0F
                let needs = (status & 0xF0 == 0xC0 || status & 0xF0 == 0xD0) ? 1 : 2
                guard i + needs <= b.endIndex else {
                    stop("truncated channel message")
                    i = b.endIndex
                    continue
                }
                let d1 = b[i]
                let d2 = needs == 2 ? b[i + 1] : 0
                guard d1 & 0x80 == 0, d2 & 0x80 == 0 else {
                    stop("status byte where data was expected")
                    i = b.endIndex
                    continue
                }
                i += needs
                let message: MIDIMessage
                switch status & 0xF0 {
                case 0x80: message = .noteOff(channel: channel, key: d1, velocity: d2)
                case 0x90: message = .noteOn(channel: channel, key: d1, velocity: d2)
                case 0xA0: message = .polyPressure(channel: channel, key: d1, pressure: d2)
                case 0xB0: message = .controlChange(channel: channel, controller: d1, value: d2)
                case 0xC0: message = .programChange(channel: channel, program: d1)
                case 0xD0: message = .channelPressure(channel: channel, pressure: d1)
                default: message = .pitchBend(channel: channel, value: UInt16(d2) << 7 | UInt16(d1))
                }
                events.append(MIDIEvent(tick: tick, message: message))
            case 0xFF:
                guard i < b.endIndex else {
                    stop("truncated meta event")
                    continue
                }
                let type = b[i]
                i += 1
                guard let length = readVLQ(b, &i) else {
                    stop("bad meta event length")
                    i = b.endIndex
                    continue
                }
                guard length <= b.endIndex - i else {
                    stop("meta event declares \(length) bytes, \(b.endIndex - i) left")
                    i = b.endIndex
                    continue
                }
                let data = Array(b[i..<(i + length)])
                i += length
                if type == MetaType.endOfTrack {
                    ended = true
                    break
                }
                if type == MetaType.tempo {
                    let tempo = data.count >= 3 ? Int(data[0]) << 16 | Int(data[1]) << 8 | Int(data[2]) : 0
                    if data.count != 3 || tempo == 0 {
                        warnings.add("track \(index): invalid tempo event (\(data.count) bytes, value \(tempo)) ignored")
                        continue
                    }
                }
                events.append(MIDIEvent(tick: tick, message: .meta(type: type, data: data)))
            case 0xF0, 0xF7:
                guard let length = readVLQ(b, &i) else {
                    stop("bad sysex length")
                    i = b.endIndex
                    continue
                }
                guard length <= b.endIndex - i else {
                    stop("sysex declares \(length) bytes, \(b.endIndex - i) left")
                    i = b.endIndex
                    continue
                }
                events.append(MIDIEvent(tick: tick, message: .sysex(data: Array(b[i..<(i + length)]), escape: status == 0xF7)))
                i += length
            default:
                stop("unexpected status byte \(status)")
                i = b.endIndex
            }
            if ended { break }
        }
        if !ended { warnings.add("track \(index): no end-of-track event") }
        return events
    }
}
