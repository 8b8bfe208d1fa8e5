/// Writes the metadata-free canonical form of a MIDI file.
///
/// Kept: notes (note-offs normalised to `0x80 key 64`), program changes, controllers, pitch
/// bend, channel and key pressure, tempo, time and key signatures (re-synthesised from their
/// values at their standard lengths, so no stuffed byte survives). Dropped: every other meta
/// event (text, copyright, track and instrument names, lyrics, markers, cue points, program and
/// device names, sequencer-specific data, ports, SMPTE offsets) and all system-exclusive data.
/// Output is format 1: a conductor track, then one track per used channel in channel order,
/// events ordered by time and content, without running status. Format 2 sequences are laid
/// end to end.
public enum CanonicalMIDIWriter {
    /// What the canonical form left out.
    public struct Report: Sendable, Equatable {
        public var droppedMetaEvents = 0
        public var droppedSysexEvents = 0
    }

    /// Meta types that survive (they shape timing, not identity).
    public static let keptMetaTypes: Set<UInt8> = [MetaType.tempo, MetaType.timeSignature, MetaType.keySignature]

    /// The canonical file model and what was dropped.
    public static func canonicalize(_ file: MIDIFile) -> (file: MIDIFile, report: Report) {
        var report = Report()
        var conductor: [MIDIEvent] = []
        var channels = [[MIDIEvent]](repeating: [], count: 16)
        var offset = 0
        for track in file.tracks {
            for event in track {
                let tick = event.tick + offset
                switch event.message {
                case .meta(let type, let data):
                    if let clean = resynthesised(type: type, data: data) {
                        conductor.append(MIDIEvent(tick: tick, message: clean))
                    } else {
                        report.droppedMetaEvents += 1
                    }
                case .sysex:
                    report.droppedSysexEvents += 1
                case .noteOn(let c, let k, 0), .noteOff(let c, let k, _):
                    channels[Int(c)].append(MIDIEvent(tick: tick, message: .noteOff(channel: c, key: k, velocity: 64)))
                default:
                    if let c = event.message.channel { channels[Int(c)].append(MIDIEvent(tick: tick, message: event.message)) }
                }
            }
            if file.format == 2 { offset += track.last?.tick ?? 0 }
        }
        func ordered(_ events: [MIDIEvent]) -> [MIDIEvent] {
            var seen = Set<MIDIEvent>()
            return
                events
                .sorted { a, b in
                    if a.tick != b.tick { return a.tick < b.tick }
                    let ra = rank(a.message)
                    let rb = rank(b.message)
                    if ra != rb { return ra < rb }
                    return NoteStream.contentKey(a.message) < NoteStream.contentKey(b.message)
                }
                // Identical conductor events repeated across tracks collapse to one.
                .filter { event in
                    guard case .meta = event.message else { return true }
                    return seen.insert(event).inserted
                }
        }
        var tracks = [ordered(conductor)]
        for events in channels where !events.isEmpty { tracks.append(ordered(events)) }
        return (MIDIFile(format: 1, division: file.division, tracks: tracks), report)
    }

    /// A kept meta event rebuilt from its parsed value at its standard length, never copied:
    /// tempo as 3 bytes, time signature as numerator, denominator power and the standard 24
    /// clocks / 8 thirty-seconds, key signature as sharps/flats (−7…7) and mode (0/1). Bytes a
    /// file stuffs beyond (or into) those fields are gone. Nil: the event is dropped.
    static func resynthesised(type: UInt8, data: [UInt8]) -> MIDIMessage? {
        switch type {
        case MetaType.tempo:
            guard data.count >= 3 else { return nil }
            return .meta(type: type, data: Array(data[0..<3]))
        case MetaType.timeSignature:
            guard data.count >= 2, data[0] > 0 else { return nil }
            return .meta(type: type, data: [data[0], min(data[1], 6), 24, 8])
        case MetaType.keySignature:
            guard data.count >= 2 else { return nil }
            let sharps = max(-7, min(7, Int8(bitPattern: data[0])))
            return .meta(type: type, data: [UInt8(bitPattern: sharps), data[1] & 1])
        default:
            return nil
        }
    }

    private static func rank(_ m: MIDIMessage) -> Int {
        switch m {
        case .noteOff: return 0
        case .noteOn: return 3
        case .meta: return 1
        default: return 2
        }
    }

    /// Canonical bytes of a file.
    public static func write(_ file: MIDIFile) -> (bytes: [UInt8], report: Report) {
        let (canonical, report) = canonicalize(file)
        return (SMFWriter(runningStatus: false).write(canonical), report)
    }
}
