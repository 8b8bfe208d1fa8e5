/// A tracker module in the terms FastTracker 2's XM format uses: an order list of patterns of
/// cells and a list of one-sample instruments. `MODReader` fills it from a ProTracker MOD (with
/// the real sample data), other readers from any module; `ModuleDisguise` changes it the way a
/// copier would; `XMWriter` writes it out as an XM.
public struct TrackerSong: Sendable, Equatable {
    public var title: String
    public var channels: Int
    /// Pattern indices in play order.
    public var orders: [Int]
    /// The order the song restarts at after its end.
    public var restart: Int
    public var patterns: [TrackerPattern]
    public var instruments: [TrackerInstrument]
    /// Ticks per row and beats per minute at the start.
    public var speed: Int
    public var tempo: Int
    /// XM's linear frequency table (true) or the Amiga period table (false, as MODs play).
    public var linearFrequencies: Bool

    /// A song from its parts (speed, tempo and frequency table default to FastTracker 2's).
    public init(
        title: String, channels: Int, orders: [Int], restart: Int = 0, patterns: [TrackerPattern], instruments: [TrackerInstrument], speed: Int = 6,
        tempo: Int = 125, linearFrequencies: Bool = true
    ) {
        self.title = title
        self.channels = channels
        self.orders = orders
        self.restart = restart
        self.patterns = patterns
        self.instruments = instruments
        self.speed = speed
        self.tempo = tempo
        self.linearFrequencies = linearFrequencies
    }
}

/// One pattern: `rows` rows of `channels` cells, row by row.
public struct TrackerPattern: Sendable, Equatable {
    public var rows: Int
    public var cells: [TrackerCell]

    /// An empty pattern.
    public init(rows: Int, channels: Int) {
        self.rows = rows
        cells = [TrackerCell](repeating: TrackerCell(), count: rows * channels)
    }
}

/// One pattern cell, in XM's encoding.
public struct TrackerCell: Sendable, Equatable {
    /// XM note numbers: 1 … 96 are C-0 … B-7, `keyOff` releases the note, 0 is none.
    public var note: UInt8
    /// 1-based instrument, 0 for none.
    public var instrument: UInt8
    /// XM's volume column byte (0x10 … 0x50 set the volume, 0 is none).
    public var volume: UInt8
    /// XM effect (0x0 … 0x21, the MOD effects 0 … F first) and its parameter.
    public var effect: UInt8
    public var parameter: UInt8

    /// XM's key-off note.
    public static let keyOff: UInt8 = 97
    /// XM effects genki's tools read: position jump (Bxx), pattern break (Dxx, decimal
    /// digits), extended (Exy) and speed or tempo (Fxx: below 0x20 the speed, else the tempo).
    public static let positionJump: UInt8 = 0x0B
    public static let patternBreak: UInt8 = 0x0D
    public static let extended: UInt8 = 0x0E
    public static let speedOrTempo: UInt8 = 0x0F

    /// A pattern break's parameter for `row` (0–99): two decimal digits, tens in the high nibble.
    public static func breakParameter(row: Int) -> UInt8 {
        let r = min(99, max(0, row))
        return UInt8((r / 10) << 4 | r % 10)
    }

    /// The row a pattern break's parameter names (its two decimal digits).
    public static func breakRow(_ parameter: UInt8) -> Int { Int(parameter >> 4) * 10 + Int(parameter & 0x0F) }

    /// A cell (all zero: an empty cell).
    public init(note: UInt8 = 0, instrument: UInt8 = 0, volume: UInt8 = 0, effect: UInt8 = 0, parameter: UInt8 = 0) {
        self.note = note
        self.instrument = instrument
        self.volume = volume
        self.effect = effect
        self.parameter = parameter
    }

    /// Whether the cell holds nothing.
    public var isEmpty: Bool { note == 0 && instrument == 0 && volume == 0 && effect == 0 && parameter == 0 }
}

/// An instrument holding one 8-bit sample (`sample` empty: a silent instrument).
public struct TrackerInstrument: Sendable, Equatable {
    public var name: String
    public var sample: [Int8]
    /// Loop start and length in samples (length 0: no loop).
    public var loopStart: Int
    public var loopLength: Int
    /// 0 … 64.
    public var volume: UInt8
    /// In 1/128 semitone.
    public var finetune: Int8
    /// Semitones the sample sounds above its note (0: C-4 plays the sample at 8,363 Hz).
    public var relativeNote: Int8

    /// A one-sample instrument with 8-bit sample data.
    public init(name: String, sample: [Int8], loopStart: Int = 0, loopLength: Int = 0, volume: UInt8 = 64, finetune: Int8 = 0, relativeNote: Int8 = 0) {
        self.name = name
        self.sample = sample
        self.loopStart = loopStart
        self.loopLength = loopLength
        self.volume = volume
        self.finetune = finetune
        self.relativeNote = relativeNote
    }

    /// A looped placeholder waveform (readers that cannot reach a module's sample data use it):
    /// one period of a square, saw, triangle or pulse, chosen by `index`, so instruments differ.
    public static func placeholder(name: String, index: Int) -> TrackerInstrument {
        let length = 64
        let wave: [Int8] = (0..<length).map { k in
            switch index % 4 {
            case 0: return k < length / 2 ? 80 : -80
            case 1: return Int8(truncatingIfNeeded: k * 4 - 128)
            case 2: return Int8((k < length / 2 ? k : length - 1 - k) * 8 - 124)
            default: return k < length / 4 ? 80 : -80
            }
        }
        return TrackerInstrument(name: name, sample: wave, loopStart: 0, loopLength: length, volume: 48)
    }
}
