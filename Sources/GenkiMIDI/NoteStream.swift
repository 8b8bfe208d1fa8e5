import GenkiFingerprint

/// One sounding note, independent of how the file encoded it.
public struct CanonicalNote: Equatable, Hashable, Sendable {
    /// Onset and length in quarter notes (exact ratios of ticks to the division).
    public var onsetBeats: Double
    public var durationBeats: Double
    /// Onset and length in seconds through the tempo map.
    public var onsetSeconds: Double
    public var durationSeconds: Double
    public var pitch: UInt8
    public var velocity: UInt8
    /// 0-based channel (9 is General MIDI percussion).
    public var channel: UInt8
    /// Program in effect on the channel at the onset.
    public var program: UInt8
    public var isDrum: Bool
}

/// The canonical note stream of a file: notes sorted by onset, pitch, channel; the tempo map;
/// what was repaired. Track order, running status, note-off encoding (0x80 or note-on with
/// velocity 0) and tick resolution do not change it.
public struct NoteStream: Sendable {
    public let notes: [CanonicalNote]
    public let tempoMap: TempoMap
    /// End of the last event, in beats and seconds.
    public let durationBeats: Double
    public let durationSeconds: Double
    /// Notes that never received a note-off (closed at the end of their track).
    public let unterminatedNotes: Int
    /// Note-offs without a sounding note.
    public let orphanNoteOffs: Int

    /// Sort rank of messages at the same tick: note-offs first, then state changes, then note-ons.
    private static func rank(_ m: MIDIMessage) -> Int {
        switch m {
        case .noteOff: return 0
        case .noteOn(_, _, let v): return v == 0 ? 0 : 3
        case .meta: return 1
        default: return 2
        }
    }

    /// Builds the stream. Format 2 tracks are independent sequences played one after another.
    public init(_ file: MIDIFile) {
        struct Item {
            var tick: Int
            var rank: Int
            var message: MIDIMessage
            var key: UInt64
            var order: Int
        }
        var items: [Item] = []
        var trackEnds: [Int] = []
        var offset = 0
        var order = 0
        for track in file.tracks {
            let end = track.last?.tick ?? 0
            for event in track {
                items.append(Item(
                    tick: event.tick + offset, rank: Self.rank(event.message), message: event.message,
                    key: Self.contentKey(event.message), order: order
                ))
                order += 1
            }
            trackEnds.append(end + offset)
            if file.format == 2 { offset += end }
        }
        // Order by time, then by kind, then by content: never by track position, so
        // reordering tracks cannot change the stream.
        items.sort { a, b in
            if a.tick != b.tick { return a.tick < b.tick }
            if a.rank != b.rank { return a.rank < b.rank }
            if a.key != b.key { return a.key < b.key }
            return a.order < b.order
        }
        var tempos: [(tick: Int, microsecondsPerQuarter: Int)] = []
        for item in items {
            if case .meta(MetaType.tempo, let d) = item.message, d.count == 3 {
                tempos.append((item.tick, Int(d[0]) << 16 | Int(d[1]) << 8 | Int(d[2])))
            }
        }
        let map = TempoMap(division: file.division, tempos: tempos)
        tempoMap = map

        struct Sounding {
            var tick: Int
            var velocity: UInt8
            var program: UInt8
        }
        var programs = [UInt8](repeating: 0, count: 16)
        var sounding: [Int: [Sounding]] = [:]  // key: channel << 7 | pitch
        var raw: [(start: Int, end: Int, pitch: UInt8, velocity: UInt8, channel: UInt8, program: UInt8)] = []
        var orphans = 0
        for item in items {
            switch item.message {
            case .programChange(let c, let p):
                programs[Int(c)] = p
            case .noteOn(let c, let k, let v) where v > 0:
                sounding[Int(c) << 7 | Int(k), default: []].append(Sounding(tick: item.tick, velocity: v, program: programs[Int(c)]))
            case .noteOn(let c, let k, _), .noteOff(let c, let k, _):
                let key = Int(c) << 7 | Int(k)
                if var queue = sounding[key], !queue.isEmpty {
                    let s = queue.removeFirst()
                    sounding[key] = queue.isEmpty ? nil : queue
                    raw.append((s.tick, item.tick, k, s.velocity, c, s.program))
                } else {
                    orphans += 1
                }
            default:
                break
            }
        }
        let lastTick = max(items.last?.tick ?? 0, trackEnds.max() ?? 0)
        var unterminated = 0
        for (key, queue) in sounding {
            for s in queue {
                raw.append((s.tick, lastTick, UInt8(key & 0x7F), s.velocity, UInt8(key >> 7), s.program))
                unterminated += 1
            }
        }
        var notes = raw.map { r in
            CanonicalNote(
                onsetBeats: map.beats(r.start), durationBeats: map.beatSpan(from: r.start, to: r.end),
                onsetSeconds: map.seconds(r.start), durationSeconds: map.seconds(r.end) - map.seconds(r.start),
                pitch: r.pitch, velocity: r.velocity, channel: r.channel, program: r.program, isDrum: r.channel == 9
            )
        }
        notes.sort { a, b in
            (a.onsetBeats, a.pitch, a.channel, a.durationBeats, a.velocity, a.program)
                < (b.onsetBeats, b.pitch, b.channel, b.durationBeats, b.velocity, b.program)
        }
        self.notes = notes
        durationBeats = map.beats(lastTick)
        durationSeconds = map.seconds(lastTick)
        unterminatedNotes = unterminated
        orphanNoteOffs = orphans
    }

    /// A sort key on message contents, for deterministic ties (kind, channel, data bytes; for
    /// sysex and meta events the type, length and first bytes).
    static func contentKey(_ m: MIDIMessage) -> UInt64 {
        func pack(_ kind: UInt64, _ c: UInt8, _ a: UInt64, _ b: UInt64 = 0) -> UInt64 {
            kind << 60 | UInt64(c) << 56 | a << 28 | b
        }
        func prefix(_ d: [UInt8]) -> UInt64 {
            var v = UInt64(min(d.count, 0xFFFF)) << 32
            for (i, byte) in d.prefix(4).enumerated() { v |= UInt64(byte) << UInt64(24 - 8 * i) }
            return v
        }
        switch m {
        case .noteOff(let c, let k, let v): return pack(0, c, UInt64(k), UInt64(v))
        case .noteOn(let c, let k, let v): return pack(1, c, UInt64(k), UInt64(v))
        case .polyPressure(let c, let k, let p): return pack(2, c, UInt64(k), UInt64(p))
        case .controlChange(let c, let n, let v): return pack(3, c, UInt64(n), UInt64(v))
        case .programChange(let c, let p): return pack(4, c, UInt64(p))
        case .channelPressure(let c, let p): return pack(5, c, UInt64(p))
        case .pitchBend(let c, let v): return pack(6, c, UInt64(v))
        case .sysex(let d, let e): return 7 << 60 | (e ? 1 << 56 : 0) | prefix(d)
        case .meta(let t, let d): return 8 << 60 | UInt64(t) << 48 | prefix(d)
        }
    }

    /// Distinct programs of pitched (non-drum) notes, sorted.
    public var programs: [Int] { Array(Set(notes.filter { !$0.isDrum }.map { Int($0.program) })).sorted() }
    /// Distinct channels with notes, sorted.
    public var channels: [Int] { Array(Set(notes.map { Int($0.channel) })).sorted() }

    /// XXH3-128 of the canonical stream: every note's onset and length in beats, pitch, velocity,
    /// channel, program and drum flag, then the tempo map in beats. Equal for the same music
    /// however it was encoded (format, track order, running status, note-off style, resolution).
    public var canonicalHash: Digest128 {
        var bytes: [UInt8] = Array("genki.midi.canonical/1".utf8)
        bytes.reserveCapacity(bytes.count + notes.count * 21 + tempoMap.changes.count * 16)
        func put(_ v: UInt64) { for s in stride(from: 0, to: 64, by: 8) { bytes.append(UInt8(truncatingIfNeeded: v >> UInt64(s))) } }
        for n in notes {
            put(n.onsetBeats.bitPattern)
            put(n.durationBeats.bitPattern)
            bytes += [n.pitch, n.velocity, n.channel, n.program, n.isDrum ? 1 : 0]
        }
        bytes.append(0xFF)
        for c in tempoMap.changes {
            put(tempoMap.beats(c.tick).bitPattern)
            put(UInt64(c.microsecondsPerQuarter))
        }
        return XXH3Hasher.hash(bytes)
    }
}
