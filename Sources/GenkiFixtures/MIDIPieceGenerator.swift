import GenkiMIDI

/// Deterministic synthetic MIDI pieces (melody, chords, bass, drums) and the disguises a copier
/// would apply, for fixtures, tests and benchmarks.
public struct GeneratedPiece: Sendable, Equatable {
    /// One note in ticks.
    public struct Note: Sendable, Equatable {
        public var tick: Int
        public var length: Int
        public var key: Int
        public var velocity: Int
        public var channel: Int
    }

    public var ppq: Int
    public var microsecondsPerQuarter: Int
    public var notes: [Note]
    /// Program per channel (drum channel 9 has none).
    public var programs: [Int: Int]
    /// Metadata strings written as text meta events (privacy tests look for them).
    public var metadata: [String]

    /// A new piece from a seed: 16 bars of 4/4.
    public static func make(seed: UInt64, bars: Int = 16, ppq: Int = 480) -> GeneratedPiece {
        var rng = SplitMix64(seed: seed &* 0x2545_F491_4F6C_DD1D &+ 7)
        func rand(_ n: Int) -> Int { Int(rng.next() % UInt64(n)) }
        let sixteenth = ppq / 4
        let root = 48 + rand(12)
        let scales = [[0, 2, 4, 5, 7, 9, 11], [0, 2, 3, 5, 7, 8, 10], [0, 2, 4, 7, 9], [0, 3, 5, 7, 10], [0, 2, 3, 5, 7, 9, 10]]
        let scale = scales[rand(scales.count)]
        func degree(_ d: Int) -> Int {
            let n = scale.count
            let octave = d >= 0 ? d / n : (d - n + 1) / n
            return octave * 12 + scale[((d % n) + n) % n]
        }
        let progression = (0..<4).map { _ in rand(scale.count) }
        var notes: [Note] = []
        // Melody on channel 0.
        var position = 0
        var current = rand(7)
        let end = bars * 16 * sixteenth
        let lengths = [1, 2, 2, 2, 3, 4, 4, 6, 8]
        while position < end {
            let length = lengths[rand(lengths.count)] * sixteenth
            current = min(max(current + rand(7) - 3, -2), 11)
            if rand(8) != 0 {
                notes.append(Note(tick: position, length: length, key: root + 12 + degree(current), velocity: 70 + rand(50), channel: 0))
            }
            position += length
        }
        // Chords on channel 1 (half bars), bass on channel 2 (beats), drums on channel 9.
        let chordStyle = rand(3)
        for bar in 0..<bars {
            let chord = progression[bar % progression.count] + (bar / 4 % 2) * rand(2)
            for half in 0..<2 {
                let start = (bar * 16 + half * 8) * sixteenth
                let tones = chordStyle == 0 ? [0, 2, 4] : (chordStyle == 1 ? [0, 2, 4, 6] : [0, 4, 7])
                for t in tones {
                    notes.append(Note(tick: start, length: 8 * sixteenth, key: root + degree(chord + t), velocity: 60, channel: 1))
                }
            }
            let bassPattern = [0, 4, 8, 12, 14].filter { _ in rand(4) != 0 }
            for step in bassPattern {
                let k = root - 12 + degree(chord + (step == 8 ? 4 : 0))
                notes.append(Note(tick: (bar * 16 + step) * sixteenth, length: 2 * sixteenth, key: k, velocity: 90, channel: 2))
            }
            for step in 0..<16 where step % 4 == 0 || rand(3) == 0 {
                let drum = step % 8 == 0 ? 36 : (step % 8 == 4 ? 38 : 42)
                notes.append(Note(tick: (bar * 16 + step) * sixteenth, length: sixteenth, key: drum, velocity: 100, channel: 9))
            }
        }
        return GeneratedPiece(
            ppq: ppq, microsecondsPerQuarter: 60_000_000 / (90 + rand(70)), notes: notes,
            programs: [0: 80 + rand(8), 1: 81 + rand(7), 2: 38],
            metadata: [
                "Song \(seed) by Jane Doe", "(C) 2026 Jane Doe, jane@example.invalid",
                "Lead", "Pads", "Bass", "Drums", "la la la", "Chorus", "cue \(seed)",
            ]
        )
    }

    /// How the piece is laid out in a file.
    public struct Layout: Sendable {
        /// 0: everything in one track; 1: conductor plus one track per channel.
        public var format: Int = 1
        /// Writes note-offs as note-on with velocity 0.
        public var velocityZeroNoteOffs = false
        /// Reverses the order of the channel tracks (format 1).
        public var reverseTracks = false
        /// Includes text metadata, sysex and sequencer-specific events.
        public var metadata = true

        public init(format: Int = 1, velocityZeroNoteOffs: Bool = false, reverseTracks: Bool = false, metadata: Bool = true) {
            self.format = format
            self.velocityZeroNoteOffs = velocityZeroNoteOffs
            self.reverseTracks = reverseTracks
            self.metadata = metadata
        }
    }

    /// The piece as a MIDI file model.
    public func file(_ layout: Layout = Layout()) -> MIDIFile {
        let tempo = microsecondsPerQuarter
        var conductor: [MIDIEvent] = [
            MIDIEvent(tick: 0, message: .meta(type: MetaType.tempo, data: [UInt8(tempo >> 16 & 0xFF), UInt8(tempo >> 8 & 0xFF), UInt8(tempo & 0xFF)])),
            MIDIEvent(tick: 0, message: .meta(type: MetaType.timeSignature, data: [4, 2, 24, 8])),
        ]
        if layout.metadata, metadata.count >= 9 {
            conductor.insert(MIDIEvent(tick: 0, message: .meta(type: MetaType.trackName, data: Array(metadata[0].utf8))), at: 0)
            conductor.append(MIDIEvent(tick: 0, message: .meta(type: MetaType.copyright, data: Array(metadata[1].utf8))))
            conductor.append(MIDIEvent(tick: 0, message: .sysex(data: [0x7E, 0x7F, 0x09, 0x01, 0xF7], escape: false)))
            conductor.append(MIDIEvent(tick: 0, message: .meta(type: MetaType.sequencerSpecific, data: [0x00, 0x00, 0x41, 0x47, 0x45, 0x4E])))
            conductor.append(MIDIEvent(tick: ppq * 8, message: .meta(type: MetaType.marker, data: Array(metadata[7].utf8))))
            conductor.append(MIDIEvent(tick: ppq * 4, message: .meta(type: MetaType.cuePoint, data: Array(metadata[8].utf8))))
        }
        let channels = Array(Set(notes.map(\.channel)).union(programs.keys)).sorted()
        var channelTracks: [[MIDIEvent]] = []
        for (index, channel) in channels.enumerated() {
            var events: [MIDIEvent] = []
            let c = UInt8(channel)
            if layout.metadata, metadata.count >= 9 {
                events.append(MIDIEvent(tick: 0, message: .meta(type: MetaType.trackName, data: Array(metadata[2 + index % 4].utf8))))
                events.append(MIDIEvent(tick: 0, message: .meta(type: MetaType.instrumentName, data: Array("Synth \(channel)".utf8))))
                if channel == 0 { events.append(MIDIEvent(tick: ppq, message: .meta(type: MetaType.lyric, data: Array(metadata[6].utf8)))) }
            }
            if let program = programs[channel] {
                events.append(MIDIEvent(tick: 0, message: .programChange(channel: c, program: UInt8(program & 0x7F))))
            }
            events.append(MIDIEvent(tick: 0, message: .controlChange(channel: c, controller: 7, value: 100)))
            for n in notes where n.channel == channel {
                let key = UInt8(min(127, max(0, n.key)))
                events.append(MIDIEvent(tick: n.tick, message: .noteOn(channel: c, key: key, velocity: UInt8(min(127, max(1, n.velocity))))))
                let off: MIDIMessage =
                    layout.velocityZeroNoteOffs
                    ? .noteOn(channel: c, key: key, velocity: 0) : .noteOff(channel: c, key: key, velocity: 64)
                events.append(MIDIEvent(tick: n.tick + n.length, message: off))
            }
            channelTracks.append(Self.sortForFile(events))
        }
        if layout.reverseTracks { channelTracks.reverse() }
        if layout.format == 0 {
            return MIDIFile(format: 0, division: .ppq(ppq), tracks: [Self.sortForFile(conductor + channelTracks.flatMap { $0 })])
        }
        return MIDIFile(format: 1, division: .ppq(ppq), tracks: [Self.sortForFile(conductor)] + channelTracks)
    }

    /// Stable time order with note-offs before note-ons at the same tick.
    static func sortForFile(_ events: [MIDIEvent]) -> [MIDIEvent] {
        func rank(_ m: MIDIMessage) -> Int {
            switch m {
            case .noteOff: return 1
            case .noteOn(_, _, let v): return v == 0 ? 1 : 2
            default: return 0
            }
        }
        return events.enumerated().sorted { a, b in
            (a.element.tick, rank(a.element.message), a.offset) < (b.element.tick, rank(b.element.message), b.offset)
        }.map(\.element)
    }

    // MARK: Disguises

    /// Every pitched note moved by `semitones`.
    public func transposed(_ semitones: Int) -> GeneratedPiece {
        var p = self
        p.notes = notes.map { n in
            var m = n
            if n.channel != 9 { m.key += semitones }
            return m
        }
        return p
    }

    /// Tempo multiplied by `factor` (notes keep their beats).
    public func tempoScaled(_ factor: Double) -> GeneratedPiece {
        var p = self
        p.microsecondsPerQuarter = Int((Double(microsecondsPerQuarter) / factor).rounded())
        return p
    }

    /// Re-expressed at another resolution (ticks scaled; `newPPQ` must divide the grid exactly).
    public func resolution(_ newPPQ: Int) -> GeneratedPiece {
        var p = self
        p.ppq = newPPQ
        p.notes = notes.map { n in
            var m = n
            m.tick = n.tick * newPPQ / ppq
            m.length = max(1, n.length * newPPQ / ppq)
            return m
        }
        return p
    }

    /// Pitched channels moved (0→5, 1→3, 2→4) and every program replaced.
    public func rearranged() -> GeneratedPiece {
        let map = [0: 5, 1: 3, 2: 4]
        var p = self
        p.notes = notes.map { n in
            var m = n
            m.channel = map[n.channel] ?? n.channel
            return m
        }
        p.programs = Dictionary(uniqueKeysWithValues: programs.map { (map[$0.key] ?? $0.key, ($0.value + 17) % 128) })
        return p
    }

    /// Only notes starting inside the middle `keep` fraction, shifted to start at 0.
    public func trimmed(keep: Double) -> GeneratedPiece {
        let end = notes.map { $0.tick + $0.length }.max() ?? 0
        let cut = Int(Double(end) * (1 - keep) / 2)
        let from = cut - cut % (ppq / 4)
        let to = end - cut
        var p = self
        p.notes = notes.filter { $0.tick >= from && $0.tick < to }.map { n in
            var m = n
            m.tick -= from
            return m
        }
        return p
    }

    /// A `fraction` of the pitched notes removed (deterministically from `seed`).
    public func droppingNotes(_ fraction: Double, seed: UInt64) -> GeneratedPiece {
        var rng = SplitMix64(seed: seed)
        var p = self
        p.notes = notes.filter { n in n.channel == 9 || Double(rng.next() % 10_000) / 10_000 >= fraction }
        return p
    }

    /// `fraction` × the pitched note count of random extra notes added.
    public func addingNotes(_ fraction: Double, seed: UInt64) -> GeneratedPiece {
        var rng = SplitMix64(seed: seed)
        var p = self
        let pitched = notes.filter { $0.channel != 9 }
        let end = notes.map { $0.tick + $0.length }.max() ?? ppq
        let count = Int(Double(pitched.count) * fraction)
        for _ in 0..<count {
            let tick = Int(rng.next() % UInt64(max(1, end / (ppq / 4)))) * (ppq / 4)
            let base = pitched.isEmpty ? 60 : pitched[Int(rng.next() % UInt64(pitched.count))].key
            p.notes.append(Note(tick: tick, length: ppq / 4, key: base + Int(rng.next() % 13) - 6, velocity: 80, channel: Int(rng.next() % 3)))
        }
        p.notes.sort { ($0.tick, $0.channel, $0.key) < ($1.tick, $1.channel, $1.key) }
        return p
    }
}
