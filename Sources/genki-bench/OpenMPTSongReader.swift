import CLibOpenMPT
import GenkiFixtures

/// Reads any module libopenmpt opens into a `TrackerSong` through its pattern API, for the XM
/// writer ("re-saved by another tracker"): the order list (skip and end markers dropped, jumps
/// renumbered to match), every cell's note and instrument, the volume column's volume and
/// panning, and the effects XM shares, translated from libopenmpt's internal numbering (its
/// `soundlib/modcommand.h` command list) to XM's. libopenmpt gives no access to sample data:
/// every instrument gets a placeholder waveform. Channels with nothing in them are dropped; a
/// module using more than 32 keeps its first 32.
enum OpenMPTSongReader {
    struct Failure: Error { var reason: String }

    /// libopenmpt's effect numbers (`EffectCommand` in `soundlib/modcommand.h`).
    enum Command {
        static let arpeggio: UInt8 = 1, portamentoUp: UInt8 = 2, portamentoDown: UInt8 = 3, tonePortamento: UInt8 = 4, vibrato: UInt8 = 5
        static let tonePortaVolume: UInt8 = 6, vibratoVolume: UInt8 = 7, tremolo: UInt8 = 8, panning: UInt8 = 9, offset: UInt8 = 10
        static let volumeSlide: UInt8 = 11, positionJump: UInt8 = 12, volume: UInt8 = 13, patternBreak: UInt8 = 14, retrigger: UInt8 = 15
        static let speed: UInt8 = 16, tempo: UInt8 = 17, tremor: UInt8 = 18, modExtended: UInt8 = 19, globalVolume: UInt8 = 23
        static let globalVolumeSlide: UInt8 = 24, keyOff: UInt8 = 25, panningSlide: UInt8 = 29
    }

    /// XM note = libopenmpt note − this (libopenmpt's note 1 is C-0 of a 10-octave range, XM's
    /// note 1 its C-0 of 8 octaves starting an octave higher; measured on a written XM).
    static let noteOffset = 12

    static func read(_ bytes: [UInt8]) throws(Failure) -> TrackerSong {
        var error: Int32 = 0
        let opened = bytes.withUnsafeBytes { raw in
            openmpt_module_create_from_memory2(raw.baseAddress, raw.count, openmpt_log_func_silent, nil, openmpt_error_func_ignore, nil, &error, nil, nil)
        }
        guard let module = opened else { throw Failure(reason: "libopenmpt error \(error)") }
        defer { openmpt_module_destroy(module) }
        func string(_ p: UnsafePointer<CChar>?) -> String {
            guard let p else { return "" }
            defer { openmpt_free_string(p) }
            return String(cString: p)
        }
        let channels = Int(openmpt_module_get_num_channels(module))
        let patternCount = Int(openmpt_module_get_num_patterns(module))
        let orderCount = Int(openmpt_module_get_num_orders(module))
        func cell(_ p: Int32, _ r: Int32, _ c: Int, _ what: Int32) -> UInt8 {
            openmpt_module_get_pattern_row_channel_command(module, p, r, Int32(c), what)
        }
        // Orders: real patterns only; `newOrder[k]` is where old order k (or the next real one) lands.
        var orders: [Int] = []
        var newOrder: [Int] = []
        for k in 0..<max(0, orderCount) {
            newOrder.append(orders.count)
            let p = Int(openmpt_module_get_order_pattern(module, Int32(k)))
            if (0..<patternCount).contains(p) { orders.append(p) }
        }
        guard !orders.isEmpty else { throw Failure(reason: "no playable order") }
        // Channels holding anything.
        var used: [Int] = []
        for c in 0..<max(0, channels) {
            var any = false
            search: for p in 0..<patternCount {
                for r in 0..<Int(openmpt_module_get_pattern_num_rows(module, Int32(p))) {
                    if cell(Int32(p), Int32(r), c, Int32(OPENMPT_MODULE_COMMAND_NOTE)) != 0 || cell(Int32(p), Int32(r), c, Int32(OPENMPT_MODULE_COMMAND_EFFECT)) != 0 {
                        any = true
                        break search
                    }
                }
            }
            if any { used.append(c) }
        }
        if used.isEmpty { used = [0] }
        used = Array(used.prefix(32))
        var patterns: [TrackerPattern] = []
        for p in 0..<patternCount {
            let rows = min(256, Int(openmpt_module_get_pattern_num_rows(module, Int32(p))))
            var pattern = TrackerPattern(rows: max(1, rows), channels: used.count)
            for r in 0..<rows {
                for (k, c) in used.enumerated() {
                    var out = TrackerCell()
                    let note = Int(cell(Int32(p), Int32(r), c, Int32(OPENMPT_MODULE_COMMAND_NOTE)))
                    if (1...120).contains(note) {
                        var xm = note - noteOffset
                        while xm < 1 { xm += 12 }
                        while xm > 96 { xm -= 12 }
                        out.note = UInt8(xm)
                    } else if note >= 253 {
                        out.note = TrackerCell.keyOff
                    }
                    let instrument = cell(Int32(p), Int32(r), c, Int32(OPENMPT_MODULE_COMMAND_INSTRUMENT))
                    out.instrument = instrument <= 128 ? instrument : 0
                    let volumeCommand = cell(Int32(p), Int32(r), c, Int32(OPENMPT_MODULE_COMMAND_VOLUMEEFFECT))
                    let volume = cell(Int32(p), Int32(r), c, Int32(OPENMPT_MODULE_COMMAND_VOLUME))
                    switch volumeCommand {
                    case 1: out.volume = 0x10 + min(64, volume)
                    case 2: out.volume = 0xC0 + min(15, volume / 4)
                    default: break
                    }
                    let (effect, parameter) = translate(
                        cell(Int32(p), Int32(r), c, Int32(OPENMPT_MODULE_COMMAND_EFFECT)), cell(Int32(p), Int32(r), c, Int32(OPENMPT_MODULE_COMMAND_PARAMETER)),
                        newOrder: newOrder)
                    out.effect = effect
                    out.parameter = parameter
                    pattern.cells[r * used.count + k] = out
                }
            }
            patterns.append(pattern)
        }
        let instrumentCount = Int(openmpt_module_get_num_instruments(module))
        let sampleCount = Int(openmpt_module_get_num_samples(module))
        let count = min(128, instrumentCount > 0 ? instrumentCount : sampleCount)
        let instruments = (0..<count).map { k in
            let name = instrumentCount > 0 ? string(openmpt_module_get_instrument_name(module, Int32(k))) : string(openmpt_module_get_sample_name(module, Int32(k)))
            return TrackerInstrument.placeholder(name: name, index: k)
        }
        let title = string(openmpt_module_get_metadata(module, "title"))
        return TrackerSong(
            title: title, channels: used.count, orders: orders, patterns: patterns, instruments: instruments,
            speed: Int(openmpt_module_get_current_speed(module)), tempo: Int(openmpt_module_get_current_tempo(module)), linearFrequencies: true)
    }

    /// An effect in libopenmpt's numbering as XM's (0, 0 when XM has no counterpart).
    static func translate(_ command: UInt8, _ parameter: UInt8, newOrder: [Int]) -> (UInt8, UInt8) {
        switch command {
        case Command.arpeggio: return (0x0, parameter)
        case Command.portamentoUp: return (0x1, parameter)
        case Command.portamentoDown: return (0x2, parameter)
        case Command.tonePortamento: return (0x3, parameter)
        case Command.vibrato: return (0x4, parameter)
        case Command.tonePortaVolume: return (0x5, parameter)
        case Command.vibratoVolume: return (0x6, parameter)
        case Command.tremolo: return (0x7, parameter)
        case Command.panning: return (0x8, parameter)
        case Command.offset: return (0x9, parameter)
        case Command.volumeSlide: return (0xA, parameter)
        case Command.positionJump:
            let target = Int(parameter)
            return (TrackerCell.positionJump, UInt8(clamping: target < newOrder.count ? newOrder[target] : 255))
        case Command.volume: return (0xC, min(64, parameter))
        case Command.patternBreak:
            let row = min(99, Int(parameter))
            return (TrackerCell.patternBreak, TrackerCell.breakParameter(row: row))
        case Command.modExtended: return (TrackerCell.extended, parameter)
        case Command.speed where parameter > 0: return (TrackerCell.speedOrTempo, min(31, parameter))
        case Command.tempo where parameter >= 32: return (TrackerCell.speedOrTempo, parameter)
        case Command.globalVolume: return (0x10, min(64, parameter))
        case Command.globalVolumeSlide: return (0x11, parameter)
        case Command.keyOff: return (0x14, parameter)
        case Command.panningSlide: return (0x19, parameter)
        case Command.retrigger: return (0x1B, parameter)
        case Command.tremor: return (0x1D, parameter)
        default: return (0, 0)
        }
    }
}
