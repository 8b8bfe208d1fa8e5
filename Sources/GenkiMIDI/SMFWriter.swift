/// Serialises a `MIDIFile` as a Standard MIDI File.
public struct SMFWriter: Sendable {
    /// Whether consecutive channel messages with the same status omit it (running status).
    public var runningStatus: Bool

    public init(runningStatus: Bool = false) {
        self.runningStatus = runningStatus
    }

    /// The file's bytes. Events must be in tick order within each track; an end-of-track
    /// event is appended to every track.
    public func write(_ file: MIDIFile) -> [UInt8] {
        var out: [UInt8] = Array("MThd".utf8)
        out += be32(6) + be16(UInt16(file.format)) + be16(UInt16(file.tracks.count)) + be16(file.division.word)
        for track in file.tracks {
            let body = encode(track)
            out += Array("MTrk".utf8) + be32(UInt32(body.count)) + body
        }
        return out
    }

    private func be32(_ v: UInt32) -> [UInt8] { [UInt8(v >> 24), UInt8(v >> 16 & 0xFF), UInt8(v >> 8 & 0xFF), UInt8(v & 0xFF)] }
    private func be16(_ v: UInt16) -> [UInt8] { [UInt8(v >> 8), UInt8(v & 0xFF)] }

    /// Variable-length quantity (values are clamped to the 28-bit maximum).
    public static func vlq(_ value: Int) -> [UInt8] {
        var v = UInt32(clamping: min(max(0, value), 0x0FFF_FFFF))
        var bytes: [UInt8] = [UInt8(v & 0x7F)]
        v >>= 7
        while v > 0 {
            bytes.insert(UInt8(v & 0x7F) | 0x80, at: 0)
            v >>= 7
        }
        return bytes
    }

    private func encode(_ track: [MIDIEvent]) -> [UInt8] {
        var out: [UInt8] = []
        var last = 0
        var running: UInt8 = 0
        func channelMessage(_ status: UInt8, _ data: [UInt8]) {
            if !(runningStatus && status == running) { out.append(status) }
            running = status
            out += data
        }
        for event in track {
            out += Self.vlq(event.tick - last)
            last = max(last, event.tick)
            switch event.message {
            case .noteOff(let c, let k, let v): channelMessage(0x80 | c, [k, v])
            case .noteOn(let c, let k, let v): channelMessage(0x90 | c, [k, v])
            case .polyPressure(let c, let k, let p): channelMessage(0xA0 | c, [k, p])
            case .controlChange(let c, let n, let v): channelMessage(0xB0 | c, [n, v])
            case .programChange(let c, let p): channelMessage(0xC0 | c, [p])
            case .channelPressure(let c, let p): channelMessage(0xD0 | c, [p])
            case .pitchBend(let c, let v): channelMessage(0xE0 | c, [UInt8(v & 0x7F), UInt8(v >> 7 & 0x7F)])
            case .sysex(let data, let escape):
                out.append(escape ? 0xF7 : 0xF0)
                out += Self.vlq(data.count) + data
                running = 0
            case .meta(let type, let data):
                out += [0xFF, type] + Self.vlq(data.count) + data
                running = 0
            }
        }
        out += [0x00, 0xFF, MetaType.endOfTrack, 0x00]
        return out
    }
}
