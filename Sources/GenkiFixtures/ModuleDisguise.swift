/// The changes a copier makes to a tracker module before passing it off as new, applied to a
/// `TrackerSong` (then written as an XM: the "re-saved by another tracker" case). Each field at
/// its default changes nothing; `combined` applies them all.
public struct ModuleDisguise: Sendable, Equatable {
    /// Semitones every note moves (notes stay in XM's C-0 … B-7).
    public var transpose = 0
    /// Factor on the speed (ticks per row) and the tempo (BPM), at the start and in every
    /// Fxx command: the song plays faster or slower, its rows unchanged.
    public var speedFactor = 1.0
    public var tempoFactor = 1.0
    /// Rows per original row (2: every row followed by an empty one, the speed halved — the
    /// "expand pattern" edit; the song sounds the same but reads at twice the rows). Patterns
    /// that would pass 256 rows are left alone.
    public var rowExpansion = 1
    /// Channel order: new channel `k` plays old channel `channelOrder[k]` (empty: unchanged).
    public var channelOrder: [Int] = []
    /// Instrument order: new instrument `k + 1` is old instrument `instrumentOrder[k] + 1`, and
    /// the cells are renumbered to match, so the song sounds the same (empty: unchanged).
    public var instrumentOrder: [Int] = []
    /// New title and instrument names (nil: unchanged).
    public var text: String?
    /// Write the song as it plays: each stretch of rows played becomes its own pattern, in play
    /// order, with the pattern breaks and position jumps resolved (and removed); the song ends
    /// where the original loops or ends, rows never played are gone.
    public var playOrder = false
    /// Share of the order list kept, from the start (1: all).
    public var keptOrders = 1.0

    public init(
        transpose: Int = 0, speedFactor: Double = 1, tempoFactor: Double = 1, rowExpansion: Int = 1, channelOrder: [Int] = [], instrumentOrder: [Int] = [],
        text: String? = nil, playOrder: Bool = false, keptOrders: Double = 1
    ) {
        self.transpose = transpose
        self.speedFactor = speedFactor
        self.tempoFactor = tempoFactor
        self.rowExpansion = rowExpansion
        self.channelOrder = channelOrder
        self.instrumentOrder = instrumentOrder
        self.text = text
        self.playOrder = playOrder
        self.keptOrders = keptOrders
    }

    /// A permutation of `count` items drawn from `seed` that moves every item when it can (a
    /// derangement for two or more items).
    public static func permutation(_ count: Int, seed: UInt64) -> [Int] {
        guard count >= 2 else { return Array(0..<max(0, count)) }
        var rng = SplitMix64(seed: seed)
        var p = Array(0..<count)
        for _ in 0..<64 {
            p.shuffle(using: &rng)
            if p.indices.allSatisfy({ p[$0] != $0 }) { return p }
        }
        return (0..<count).map { ($0 + 1) % count }
    }

    /// All disguises at once for a song of `channels` channels and `instruments` instruments:
    /// transposed down 2, 20 % faster ticks, expanded rows, channels and instruments permuted,
    /// new text.
    public static func combined(channels: Int, instruments: Int, seed: UInt64) -> ModuleDisguise {
        ModuleDisguise(
            transpose: -2, speedFactor: 1, tempoFactor: 1.2, rowExpansion: 2, channelOrder: permutation(channels, seed: seed),
            instrumentOrder: permutation(instruments, seed: seed &+ 1), text: "re-saved copy")
    }

    /// The disguised song.
    public func apply(to original: TrackerSong) -> TrackerSong {
        var song = playOrder ? Self.unrolled(original) : original
        if keptOrders < 1 { song.orders = Array(song.orders.prefix(max(1, Int((Double(song.orders.count) * keptOrders).rounded())))) }
        var out = song
        let channelMap = channelOrder.count == song.channels && Set(channelOrder) == Set(0..<song.channels) ? channelOrder : Array(0..<song.channels)
        var newNumber = [UInt8](0...255)  // old instrument number → new
        var instruments = song.instruments
        if instrumentOrder.count == song.instruments.count, Set(instrumentOrder) == Set(song.instruments.indices), song.instruments.count < 256 {
            instruments = instrumentOrder.map { song.instruments[$0] }
            for (k, old) in instrumentOrder.enumerated() { newNumber[old + 1] = UInt8(k + 1) }
        }
        let expand = rowExpansion > 1 && song.patterns.allSatisfy { $0.rows * rowExpansion <= 256 } ? rowExpansion : 1
        func scaled(_ v: Int, _ factor: Double, _ range: ClosedRange<Int>) -> Int { max(range.lowerBound, min(range.upperBound, Int((Double(v) * factor).rounded()))) }
        // Expansion divides the ticks per row; what the speed cannot absorb goes to the tempo.
        let speedFactor = self.speedFactor / Double(expand)
        out.patterns = song.patterns.map { pattern in
            var p = TrackerPattern(rows: pattern.rows * expand, channels: song.channels)
            for r in 0..<pattern.rows {
                for c in 0..<song.channels {
                    var cell = pattern.cells[r * song.channels + channelMap[c]]
                    if (1...96).contains(cell.note) { cell.note = UInt8(max(1, min(96, Int(cell.note) + transpose))) }
                    cell.instrument = newNumber[Int(cell.instrument)]
                    switch cell.effect {
                    case TrackerCell.speedOrTempo where cell.parameter > 0 && cell.parameter < 0x20:
                        cell.parameter = UInt8(scaled(Int(cell.parameter), speedFactor, 1...31))
                    case TrackerCell.speedOrTempo where cell.parameter >= 0x20:
                        cell.parameter = UInt8(scaled(Int(cell.parameter), tempoFactor, 32...255))
                    case TrackerCell.patternBreak where expand > 1:
                        let row = min(99, TrackerCell.breakRow(cell.parameter)) * expand
                        cell.parameter = row <= 99 ? TrackerCell.breakParameter(row: row) : 0
                    default: break
                    }
                    // A break or jump moves to the last of the row's expanded rows, so the row
                    // keeps its whole length.
                    if expand > 1, cell.effect == TrackerCell.patternBreak || cell.effect == TrackerCell.positionJump {
                        p.cells[(r * expand + expand - 1) * song.channels + c] = TrackerCell(effect: cell.effect, parameter: cell.parameter)
                        cell.effect = 0
                        cell.parameter = 0
                    }
                    p.cells[(r * expand) * song.channels + c] = cell
                }
            }
            return p
        }
        out.instruments = instruments
        out.speed = scaled(song.speed, speedFactor, 1...31)
        out.tempo = scaled(song.tempo, tempoFactor, 32...255)
        if let text {
            out.title = text
            for k in out.instruments.indices where !out.instruments[k].name.isEmpty { out.instruments[k].name = "\(text) \(k + 1)" }
        }
        return out
    }

    /// The song as it plays (see `playOrder`).
    static func unrolled(_ song: TrackerSong) -> TrackerSong {
        var out = song
        out.orders = []
        out.patterns = []
        out.restart = 0
        var visited = Set<Int>()
        var order = 0
        var row = 0
        var total = 0
        orders: while order < song.orders.count, song.orders[order] >= 0, song.orders[order] < song.patterns.count, total < 1 << 20 {
            let pattern = song.patterns[song.orders[order]]
            var played = TrackerPattern(rows: 0, channels: song.channels)
            var next = (order: order + 1, row: 0)
            var r = row < pattern.rows ? row : 0
            var looped = false
            while r < pattern.rows {
                guard visited.insert(order << 16 | r).inserted else {
                    looped = true
                    break
                }
                var cells = Array(pattern.cells[(r * song.channels)..<((r + 1) * song.channels)])
                var jump: Int?
                var skip: Int?
                for c in cells.indices {
                    switch cells[c].effect {
                    case TrackerCell.positionJump: jump = Int(cells[c].parameter)
                    case TrackerCell.patternBreak: skip = TrackerCell.breakRow(cells[c].parameter)
                    default: continue
                    }
                    cells[c].effect = 0
                    cells[c].parameter = 0
                }
                played.cells += cells
                played.rows += 1
                total += 1
                if jump != nil || skip != nil {
                    next = (jump ?? order + 1, skip ?? 0)
                    break
                }
                r += 1
            }
            if played.rows > 0 {
                out.orders.append(out.patterns.count)
                out.patterns.append(played)
            }
            if looped { break orders }
            (order, row) = next
        }
        if out.patterns.isEmpty {
            out.patterns = [TrackerPattern(rows: 1, channels: song.channels)]
            out.orders = [0]
        }
        return out
    }
}
