import CLibOpenMPT
import GenkiMIDI

/// A tracker module's notes, read through libopenmpt's pattern API into the canonical note
/// stream the MIDI tier fingerprints (`SymbolicFingerprint(notes:)`).
///
/// Orders are followed in sequence and every row counts as a sixteenth note (onset beats =
/// row ÷ 4); speed and tempo are left out, so a re-tempo'd copy reads the same, and the
/// fingerprint's interval and gap-ratio shingles make transposition, channel order and
/// instrument (sample) choice irrelevant. An instrument heard at one pitch only, at least
/// `drumMinimumHits` times, is taken for percussion and left to the audio tier, as MIDI drums
/// are. Jumps and pattern breaks are not followed (a limit: a module that loops back through
/// them reads as its order list).
public struct ModuleScore: Sendable, Equatable {
    public var notes: [CanonicalNote]
    public var channels: Int
    public var orders: Int
    public var patterns: Int

    /// Hits at one fixed pitch that mark an instrument as percussion.
    public static let drumMinimumHits = 4
    /// Pattern cells read at most (hostile order lists and pattern sizes stay bounded).
    public static let maximumCells = 4_000_000

    /// Reads the score of a module (any format libopenmpt opens).
    public static func read(_ bytes: [UInt8]) throws(ChipError) -> ModuleScore {
        let module = try ModuleRenderer.open(bytes)
        defer { openmpt_module_destroy(module) }
        let channels = Int(openmpt_module_get_num_channels(module))
        let orders = Int(openmpt_module_get_num_orders(module))
        let patterns = Int(openmpt_module_get_num_patterns(module))
        struct Hit {
            var row: Int
            var channel: Int
            var pitch: UInt8
            var instrument: UInt8
        }
        var hits: [Hit] = []
        var ends: [(row: Int, channel: Int)] = []  // note-offs and cuts
        var row = 0
        var cells = 0
        orderLoop: for order in 0..<max(0, orders) {
            let pattern = openmpt_module_get_order_pattern(module, Int32(order))
            guard pattern >= 0, Int(pattern) < patterns else { continue }
            let rows = Int(openmpt_module_get_pattern_num_rows(module, pattern))
            for r in 0..<max(0, rows) {
                cells += max(0, channels)
                if cells > maximumCells { break orderLoop }
                for c in 0..<max(0, channels) {
                    let note = openmpt_module_get_pattern_row_channel_command(module, pattern, Int32(r), Int32(c), Int32(OPENMPT_MODULE_COMMAND_NOTE))
                    if (1...120).contains(note) {
                        let instrument = openmpt_module_get_pattern_row_channel_command(
                            module, pattern, Int32(r), Int32(c), Int32(OPENMPT_MODULE_COMMAND_INSTRUMENT))
                        // libopenmpt's note 1 is C-0; MIDI puts C-0 at 12.
                        hits.append(Hit(row: row + r, channel: c, pitch: UInt8(min(127, Int(note) + 11)), instrument: instrument))
                    } else if note >= 253 {
                        ends.append((row + r, c))
                    }
                }
            }
            row += rows
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
}
