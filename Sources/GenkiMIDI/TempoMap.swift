/// Converts ticks to beats and seconds through the file's tempo changes.
public struct TempoMap: Sendable, Equatable {
    /// A tempo change: from `tick` on, `microsecondsPerQuarter`.
    public struct Change: Sendable, Equatable {
        public var tick: Int
        public var microsecondsPerQuarter: Int
        /// Seconds elapsed at `tick`.
        var seconds: Double
    }

    /// The default tempo of a Standard MIDI File (120 BPM).
    public static let defaultMicrosecondsPerQuarter = 500_000

    public let division: MIDIDivision
    /// Sorted changes, the first at tick 0.
    public let changes: [Change]

    /// Builds the map from (tick, µs per quarter) pairs in any order (later entries win ties).
    public init(division: MIDIDivision, tempos: [(tick: Int, microsecondsPerQuarter: Int)]) {
        self.division = division
        var sorted = tempos.enumerated().sorted { ($0.element.tick, $0.offset) < ($1.element.tick, $1.offset) }.map(\.element)
        if sorted.first?.tick != 0 { sorted.insert((0, Self.defaultMicrosecondsPerQuarter), at: 0) }
        var changes: [Change] = []
        for t in sorted {
            if let last = changes.last, last.tick == t.tick {
                changes[changes.count - 1].microsecondsPerQuarter = t.microsecondsPerQuarter
                continue
            }
            let seconds = changes.last.map { $0.seconds + Self.span(ticks: t.tick - $0.tick, tempo: $0.microsecondsPerQuarter, division) } ?? 0
            changes.append(Change(tick: t.tick, microsecondsPerQuarter: t.microsecondsPerQuarter, seconds: seconds))
        }
        self.changes = changes
    }

    private static func span(ticks: Int, tempo: Int, _ division: MIDIDivision) -> Double {
        switch division {
        case .ppq(let ppq): return Double(ticks) / Double(ppq) * Double(tempo) / 1_000_000
        case .smpte(let fps, let tpf):
            let rate = fps == 29 ? 29.97 : Double(fps)
            return Double(ticks) / (rate * Double(tpf))
        }
    }

    /// Beats (quarter notes) at `tick`. SMPTE files count beats at 120 BPM.
    public func beats(_ tick: Int) -> Double {
        switch division {
        case .ppq(let ppq): return Double(tick) / Double(ppq)
        case .smpte: return seconds(tick) * 2
        }
    }

    /// Beats between two ticks: `(to − from) / ppq`, exact for the tick difference (so the same
    /// span at another resolution gives the same double).
    public func beatSpan(from: Int, to: Int) -> Double {
        switch division {
        case .ppq(let ppq): return Double(to - from) / Double(ppq)
        case .smpte: return beats(to) - beats(from)
        }
    }

    /// Seconds at `tick`.
    public func seconds(_ tick: Int) -> Double {
        if changes.count == 1, let only = changes.first {
            return Self.span(ticks: tick, tempo: only.microsecondsPerQuarter, division)
        }
        // Binary search for the last change at or before `tick`.
        var lo = 0
        var hi = changes.count - 1
        while lo < hi {
            let mid = (lo + hi + 1) / 2
            if changes[mid].tick <= tick { lo = mid } else { hi = mid - 1 }
        }
        let c = changes[lo]
        return c.seconds + Self.span(ticks: tick - c.tick, tempo: c.microsecondsPerQuarter, division)
    }
}
