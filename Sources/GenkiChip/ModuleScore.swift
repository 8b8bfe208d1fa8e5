import CLibOpenMPT
import GenkiMIDI

/// A tracker module's notes, read through libopenmpt's pattern API into the canonical note
/// stream the MIDI tier fingerprints (`SymbolicFingerprint(notes:)`).
///
/// The rows are read in play order: from the first order, following pattern breaks (a break
/// ends its pattern and starts the next order at the row it names) and position jumps, skipping
/// `+++` orders, until a row would play a second time (the song loops) or the song ends (a
/// `---` order, the end of the list, a jump past it). Orders that play never reached are read
/// afterwards the same way, from the first of them (libopenmpt plays them as further subsongs),
/// so every order's rows count once. Every row counts as a sixteenth note (onset beats = row ÷ 4);
/// speed and tempo are left out, so a re-tempo'd copy reads the same, and the fingerprint's
/// interval and gap-ratio shingles make transposition, channel order and instrument (sample)
/// choice irrelevant. An instrument heard at one pitch only, at least `drumMinimumHits` times,
/// is taken for percussion and left to the audio tier, as MIDI drums are. Pattern loops (E6x,
/// SBx) are not repeated.
public struct ModuleScore: Sendable, Equatable {
    public var notes: [CanonicalNote]
    public var channels: Int
    public var orders: Int
    public var patterns: Int

    /// Hits at one fixed pitch that mark an instrument as percussion.
    public static let drumMinimumHits = 4
    /// Pattern cells read at most (hostile order lists and pattern sizes stay bounded).
    public static let maximumCells = 4_000_000

    /// Reads the score of a module (any format libopenmpt opens): the whole song, or with
    /// `subsong` (0-based, of a module libopenmpt finds several in) that subsong only, read in
    /// play order from its first order until it loops or ends.
    public static func read(_ bytes: [UInt8], subsong: Int? = nil) throws(ChipError) -> ModuleScore {
        // Only the pattern API is read: for the whole song, libopenmpt need not walk the subsongs.
        let module = try ModuleRenderer.open(bytes, walkSubsongs: subsong != nil)
        defer { openmpt_module_destroy(module) }
        let channels = Int(openmpt_module_get_num_channels(module))
        let orders = Int(openmpt_module_get_num_orders(module))
        let patterns = Int(openmpt_module_get_num_patterns(module))
        var first = 0
        if let subsong {
            let count = Int(openmpt_module_get_num_subsongs(module))
            guard (0..<max(1, count)).contains(subsong) else { throw .subtune(subsong, of: count) }
            if count > 1 {
                openmpt_module_select_subsong(module, Int32(subsong))
                first = Int(openmpt_module_get_current_order(module))
            }
        }
        struct Hit {
            var row: Int
            var channel: Int
            var pitch: UInt8
            var instrument: UInt8
        }
        var hits: [Hit] = []
        var ends: [(row: Int, channel: Int)] = []  // note-offs and cuts
        var row = 0
        for (pattern, r) in playedRows(module, orders: orders, patterns: patterns, channels: channels, from: first, onlyThisSong: subsong != nil) {
            for c in 0..<max(0, channels) {
                let note = openmpt_module_get_pattern_row_channel_command(module, pattern, r, Int32(c), Int32(OPENMPT_MODULE_COMMAND_NOTE))
                if (1...120).contains(note) {
                    let instrument = openmpt_module_get_pattern_row_channel_command(module, pattern, r, Int32(c), Int32(OPENMPT_MODULE_COMMAND_INSTRUMENT))
                    // libopenmpt's note 1 is C-0; MIDI puts C-0 at 12.
                    hits.append(Hit(row: row, channel: c, pitch: UInt8(min(127, Int(note) + 11)), instrument: instrument))
                } else if note >= 253 {
                    ends.append((row, c))
                }
            }
            row += 1
        }
        // Percussion: instruments heard often at one pitch only.
        var pitchesOf: [UInt8: Set<UInt8>] = [:]
        var countOf: [UInt8: Int] = [:]
        for h in hits {
            pitchesOf[h.instrument, default: []].insert(h.pitch)
            countOf[h.instrument, default: 0] += 1
        }
        let drums = Set(countOf.keys.filter { (pitchesOf[$0]?.count ?? 0) == 1 && (countOf[$0] ?? 0) >= drumMinimumHits && $0 != 0 })
        // A note lasts until the next event on its channel (or the end).
        var nextEvent: [Int: [Int]] = [:]
        for h in hits { nextEvent[h.channel, default: []].append(h.row) }
        for e in ends { nextEvent[e.channel, default: []].append(e.row) }
        for k in nextEvent.keys { nextEvent[k]?.sort() }
        var notes: [CanonicalNote] = []
        notes.reserveCapacity(hits.count)
        for h in hits {
            let later = nextEvent[h.channel] ?? []
            var lo = 0
            var hi = later.count
            while lo < hi {
                let mid = (lo + hi) / 2
                if later[mid] <= h.row { lo = mid + 1 } else { hi = mid }
            }
            let end = lo < later.count ? later[lo] : row
            let onset = Double(h.row) / 4
            let length = Double(max(1, end - h.row)) / 4
            notes.append(
                CanonicalNote(
                    onsetBeats: onset, durationBeats: length, onsetSeconds: onset / 2, durationSeconds: length / 2, pitch: h.pitch,
                    velocity: 100, channel: UInt8(h.channel & 0x0F), program: h.instrument, isDrum: drums.contains(h.instrument)))
        }
        notes.sort { ($0.onsetBeats, $0.pitch, $0.channel) < ($1.onsetBeats, $1.pitch, $1.channel) }
        return ModuleScore(notes: notes, channels: channels, orders: orders, patterns: patterns)
    }

    /// libopenmpt's effect numbers (its internal `EffectCommand`, `soundlib/modcommand.h`) for
    /// the two flow commands, the same for every format: MOD/XM `Bxx`/`Dxx`, S3M/IT `Bxx`/`Cxx`.
    /// Break rows arrive as plain row numbers (the loaders decode MOD's and XM's decimal digits)
    /// and as libopenmpt plays them: it zeroes them in a MOD it takes for a NoiseTracker file
    /// (one using none of ProTracker's further effects).
    static let positionJump: UInt8 = 12
    static let patternBreak: UInt8 = 14
    /// libopenmpt's order entry for `---` (end of song); `+++` (0xFFFE) and missing patterns
    /// are skipped.
    static let endOrder: Int32 = 0xFFFF

    /// The (pattern, row) pairs in play order (see the type's description) from order `from`,
    /// at most `maximumCells` cells in all; with `onlyThisSong`, the song that starts there
    /// alone (no unreached orders after it).
    static func playedRows(
        _ module: OpaquePointer, orders: Int, patterns: Int, channels: Int, from: Int = 0, onlyThisSong: Bool = false
    ) -> [(Int32, Int32)] {
        guard orders > 0, patterns > 0, (0..<orders).contains(from) else { return [] }
        var visited: [[Bool]] = Array(repeating: [], count: orders)  // per order, per row; empty until reached
        var out: [(Int32, Int32)] = []
        let rowBudget = maximumCells / max(1, channels)
        func pattern(_ order: Int) -> Int32 { openmpt_module_get_order_pattern(module, Int32(order)) }
        var start: Int? = from
        while let first = start, out.count < rowBudget {
            var order = first
            var row = 0
            song: while order < orders, out.count < rowBudget {
                let p = pattern(order)
                if p == endOrder { break song }
                guard p >= 0, Int(p) < patterns else {
                    order += 1  // `+++`, or a pattern that does not exist
                    row = 0
                    continue
                }
                let rows = Int(openmpt_module_get_pattern_num_rows(module, p))
                if visited[order].isEmpty { visited[order] = [Bool](repeating: false, count: max(1, rows)) }
                var r = row < rows ? row : 0
                var next = (order: order + 1, row: 0)
                while r < rows {
                    if visited[order][r] || out.count >= rowBudget { break song }
                    visited[order][r] = true
                    out.append((p, Int32(r)))
                    var jump: Int?
                    var skip: Int?
                    for c in 0..<max(0, channels) {
                        switch openmpt_module_get_pattern_row_channel_command(module, p, Int32(r), Int32(c), Int32(OPENMPT_MODULE_COMMAND_EFFECT)) {
                        case positionJump:
                            jump = Int(openmpt_module_get_pattern_row_channel_command(module, p, Int32(r), Int32(c), Int32(OPENMPT_MODULE_COMMAND_PARAMETER)))
                        case patternBreak:
                            skip = Int(openmpt_module_get_pattern_row_channel_command(module, p, Int32(r), Int32(c), Int32(OPENMPT_MODULE_COMMAND_PARAMETER)))
                        default: break
                        }
                    }
                    if jump != nil || skip != nil {
                        next = (jump ?? order + 1, skip ?? 0)
                        break
                    }
                    r += 1
                }
                (order, row) = next
            }
            // The next song: the first order never reached that holds a pattern (orders before
            // `first` were all reached or empty already).
            start = onlyThisSong ? nil : (first..<orders).first { visited[$0].isEmpty && pattern($0) >= 0 && Int(pattern($0)) < patterns }
        }
        return out
    }
}
