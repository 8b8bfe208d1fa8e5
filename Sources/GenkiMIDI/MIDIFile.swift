/// Time division of a Standard MIDI File.
public enum MIDIDivision: Equatable, Sendable {
    /// Ticks per quarter note.
    case ppq(Int)
    /// SMPTE frames per second (24, 25, 29 = 29.97 drop-frame, 30) and ticks per frame.
    case smpte(framesPerSecond: Int, ticksPerFrame: Int)

    /// The 16-bit header word.
    var word: UInt16 {
        switch self {
        case .ppq(let ppq): return UInt16(clamping: ppq) & 0x7FFF
        case .smpte(let fps, let tpf):
            return UInt16(UInt8(bitPattern: Int8(truncatingIfNeeded: -fps))) << 8 | UInt16(UInt8(clamping: tpf))
        }
    }
}

/// One MIDI message as stored in a track.
public enum MIDIMessage: Equatable, Hashable, Sendable {
    case noteOff(channel: UInt8, key: UInt8, velocity: UInt8)
    case noteOn(channel: UInt8, key: UInt8, velocity: UInt8)
    case polyPressure(channel: UInt8, key: UInt8, pressure: UInt8)
    case controlChange(channel: UInt8, controller: UInt8, value: UInt8)
    case programChange(channel: UInt8, program: UInt8)
    case channelPressure(channel: UInt8, pressure: UInt8)
    /// 14-bit value, 8192 = centre.
    case pitchBend(channel: UInt8, value: UInt16)
    /// `F0` (complete or first packet) or `F7` (continuation / escape) system exclusive data.
    case sysex(data: [UInt8], escape: Bool)
    /// `FF type data` meta event.
    case meta(type: UInt8, data: [UInt8])

    /// The channel of a channel message.
    public var channel: UInt8? {
        switch self {
        case .noteOff(let c, _, _), .noteOn(let c, _, _), .polyPressure(let c, _, _), .controlChange(let c, _, _),
            .programChange(let c, _), .channelPressure(let c, _), .pitchBend(let c, _):
            return c
        case .sysex, .meta:
            return nil
        }
    }
}

/// Meta event types genki interprets.
public enum MetaType {
    public static let sequenceNumber: UInt8 = 0x00
    public static let text: UInt8 = 0x01
    public static let copyright: UInt8 = 0x02
    public static let trackName: UInt8 = 0x03
    public static let instrumentName: UInt8 = 0x04
    public static let lyric: UInt8 = 0x05
    public static let marker: UInt8 = 0x06
    public static let cuePoint: UInt8 = 0x07
    public static let programName: UInt8 = 0x08
    public static let deviceName: UInt8 = 0x09
    public static let channelPrefix: UInt8 = 0x20
    public static let port: UInt8 = 0x21
    public static let endOfTrack: UInt8 = 0x2F
    public static let tempo: UInt8 = 0x51
    public static let smpteOffset: UInt8 = 0x54
    public static let timeSignature: UInt8 = 0x58
    public static let keySignature: UInt8 = 0x59
    public static let sequencerSpecific: UInt8 = 0x7F
}

/// A timed event: absolute tick within its track.
public struct MIDIEvent: Equatable, Hashable, Sendable {
    public var tick: Int
    public var message: MIDIMessage

    public init(tick: Int, message: MIDIMessage) {
        self.tick = tick
        self.message = message
    }
}

/// A parsed Standard MIDI File.
public struct MIDIFile: Equatable, Sendable {
    /// 0 (one track), 1 (simultaneous tracks) or 2 (independent sequences).
    public var format: Int
    public var division: MIDIDivision
    /// Events per track, ticks absolute and non-decreasing, without end-of-track markers.
    public var tracks: [[MIDIEvent]]

    public init(format: Int, division: MIDIDivision, tracks: [[MIDIEvent]]) {
        self.format = format
        self.division = division
        self.tracks = tracks
    }
}

/// A parse result: the file and what was repaired or ignored on the way.
public struct MIDIParseResult: Sendable {
    public var file: MIDIFile
    public var warnings: [String]
}
