import GenkiCore
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

    /// A note from its parts (other symbolic sources, e.g. tracker modules, build their streams
    /// with it).
    public init(
        onsetBeats: Double, durationBeats: Double, onsetSeconds: Double, durationSeconds: Double, pitch: UInt8, velocity: UInt8, channel: UInt8,
        program: UInt8, isDrum: Bool
    ) {
        self.onsetBeats = onsetBeats
        self.durationBeats = durationBeats
        self.onsetSeconds = onsetSeconds
        self.durationSeconds = durationSeconds
        self.pitch = pitch
        self.velocity = velocity
        self.channel = channel
        self.program = program
        self.isDrum = isDrum
    }
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

    /// Builds the stream. Format 2 tracks are independent sequences played one after another.
    public init(_ file: MIDIFile) {
        // Only note, program and tempo events shape the stream. They go into a compact,
        // allocation-free array; each track is already in tick order, so the sort mostly merges
        // runs. Ties at one tick are ordered by kind (note-offs, tempo, programs, note-ons) and
        // then by content, never by track position, so reordering tracks cannot change the stream.
        struct Item {
            var tick: Int
            var rank: UInt8
            var key: UInt64
            var order: Int32
        }
        var items: [Item] = []
        items.reserveCapacity(file.tracks.reduce(0) { $0 + $1.count })
        var lastTick = 0
        var offset = 0
        var order: Int32 = 0
        for track in file.tracks {
            let end = track.last?.tick ?? 0
            for event in track {
                let rank: UInt8
                switch event.message {
                case .noteOff: rank = 0
                case .noteOn(_, _, let v): rank = v == 0 ? 0 : 3
                case .programChange: rank = 2
                case .meta(MetaType.tempo, let d) where d.count == 3: rank = 1
                default: continue
                }
                // Rank in the top two bits; within a rank the kind is fixed apart from bit 60
                // (note-off vs note-on), which the mask keeps.
                let key = UInt64(rank) << 62 | (Self.contentKey(event.message) & 0x3FFF_FFFF_FFFF_FFFF)
                items.append(Item(tick: event.tick + offset, rank: rank, key: key, order: order))
                order &+= 1
            }
            lastTick = max(lastTick, end + offset)
            if file.format == 2 { offset += end }
        }
        items.sort { a, b in
            if a.tick != b.tick { return a.tick < b.tick }
            if a.key != b.key { return a.key < b.key }
            return a.order < b.order
        }
        var tempos: [(tick: Int, microsecondsPerQuarter: Int)] = []
        for item in items where item.rank == 1 {
            tempos.append((item.tick, Int(item.key >> 8 & 0xFF_FFFF)))  // the 3 tempo bytes of the content key
        }
        let map = TempoMap(division: file.division, tempos: tempos)
        tempoMap = map

        // Sounding notes: one FIFO per (channel, pitch) slot, linked through a shared pool.
        struct Raw {
            var start: Int
            var end: Int
            var pitch: UInt8
            var velocity: UInt8
            var channel: UInt8
            var program: UInt8
            /// Tie-break order at one onset: pitch, channel, length, velocity, program.
            var tie: UInt64 {
                UInt64(pitch) << 56 | UInt64(channel) << 52 | UInt64(min(end - start, 0xF_FFFF_FFFF)) << 16
                    | UInt64(velocity) << 8 | UInt64(program)
            }
        }
        struct Pending {
            var start: Int
            var velocity: UInt8
            var program: UInt8
            var next: Int32
        }
        var programs = [UInt8](repeating: 0, count: 16)
        var head = [Int32](repeating: -1, count: 2048)
        var tail = [Int32](repeating: -1, count: 2048)
        var pool: [Pending] = []
        pool.reserveCapacity(items.count / 2 + 1)
        var raw: [Raw] = []
        raw.reserveCapacity(items.count / 2 + 1)
        var orphans = 0
        for item in items {
            let channel = UInt8(item.key >> 56 & 0x0F)
            let data1 = UInt8(item.key >> 28 & 0x7F)
            let data2 = UInt8(item.key & 0x7F)
            let kind = item.key >> 60 & 0x3
            if item.rank == 2 {
                programs[Int(channel)] = data1
            } else if item.rank == 3 {
                let slot = Int(channel) << 7 | Int(data1)
                let index = Int32(pool.count)
                pool.append(Pending(start: item.tick, velocity: data2, program: programs[Int(channel)], next: -1))
                if tail[slot] >= 0 { pool[Int(tail[slot])].next = index } else { head[slot] = index }
                tail[slot] = index
            } else if item.rank == 0 && kind <= 1 {
                let slot = Int(channel) << 7 | Int(data1)
                let first = head[slot]
                guard first >= 0 else {
                    orphans += 1
                    continue
                }
                let p = pool[Int(first)]
                head[slot] = p.next
                if p.next < 0 { tail[slot] = -1 }
                raw.append(Raw(start: p.start, end: item.tick, pitch: data1, velocity: p.velocity, channel: channel, program: p.program))
            }
        }
        lastTick = max(lastTick, items.last?.tick ?? 0)
        var unterminated = 0
        for slot in 0..<2048 {
            var i = head[slot]
            while i >= 0 {
                let p = pool[Int(i)]
                raw.append(Raw(start: p.start, end: lastTick, pitch: UInt8(slot & 0x7F), velocity: p.velocity, channel: UInt8(slot >> 7), program: p.program))
                unterminated += 1
                i = p.next
            }
        }
        // Onsets and lengths in beats grow with the tick values, so sorting by ticks is sorting
        // by beats: by onset, then by the packed tie key.
        raw.sort { a, b in a.start != b.start ? a.start < b.start : a.tie < b.tie }
        notes = raw.map { r in
            let onsetSeconds = map.seconds(r.start)
            return CanonicalNote(
                onsetBeats: map.beats(r.start), durationBeats: map.beatSpan(from: r.start, to: r.end),
                onsetSeconds: onsetSeconds, durationSeconds: map.seconds(r.end) - onsetSeconds,
                pitch: r.pitch, velocity: r.velocity, channel: r.channel, program: r.program, isDrum: r.channel == 9
            )
        }
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
        guard let hasher = try? XXH3Hasher() else { return Digest128(high: 0, low: 0) }
        hasher.update(Array("genki.midi.canonical/1".utf8))
        // 21 bytes per note: onset and length (IEEE-754 bits, little-endian), pitch, velocity,
        // channel, program, drum flag; written through one reused buffer.
        var buffer = [UInt8](repeating: 0, count: 21 * 256)
        var fill = 0
        func put64(_ v: UInt64) {
            for s in 0..<8 { buffer[fill + s] = UInt8(truncatingIfNeeded: v >> UInt64(8 * s)) }
            fill += 8
        }
        for n in notes {
            put64(n.onsetBeats.bitPattern)
            put64(n.durationBeats.bitPattern)
            buffer[fill] = n.pitch
            buffer[fill + 1] = n.velocity
            buffer[fill + 2] = n.channel
            buffer[fill + 3] = n.program
            buffer[fill + 4] = n.isDrum ? 1 : 0
            fill += 5
            if fill == buffer.count {
                buffer.withUnsafeBytes { hasher.update($0) }
                fill = 0
            }
        }
        buffer.withUnsafeBytes { hasher.update(UnsafeRawBufferPointer(rebasing: $0[0..<fill])) }
        var tail: [UInt8] = [0xFF]
        for c in tempoMap.changes {
            for v in [tempoMap.beats(c.tick).bitPattern, UInt64(c.microsecondsPerQuarter)] {
                for s in 0..<8 { tail.append(UInt8(truncatingIfNeeded: v >> UInt64(8 * s))) }
            }
        }
        hasher.update(tail)
        return hasher.finalize()
    }
}
