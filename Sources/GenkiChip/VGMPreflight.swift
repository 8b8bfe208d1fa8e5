/// The VGM checks of `GMEPreflight`: the header's chip clocks, then the command stream walked
/// the way libgme 0.6.3 reads it (`Vgm_Emu_Impl::run_commands`: the same command lengths, data
/// blocks, PCM bank and seeks, and the loop), without playing it.
enum VGMPreflight {
    /// libgme reads the stream from here unless a 1.50+ header says otherwise; it is also where
    /// PCM reads start before any data block.
    static let headerSize = 0x40
    /// SN76489 clocks libgme plays (masked to 28 bits as it does; a field of 0 means 3.58 MHz).
    /// Below about 50 kHz (with FM) or above 10.5 MHz its frame timing overruns its buffers and
    /// it asserts; real chips run at 1.5–4 MHz.
    static let psgClocks = 200_000...8_000_000
    /// The fastest YM2612 clock genki gives libgme: 8 × the chip's 7.67 MHz. libgme emulates
    /// the chip at its own rate (clock / 144), so its cost grows with the clock: a 1 GHz clock
    /// (the field's 30 bits allow 1.07 GHz) took 6 CPU-s per second of audio, a 600-s render an
    /// hour; at this bound it takes well under one.
    static let fmClockLimit = 64_000_000
    /// libgme's VGM time base: 44,100 ticks a second whatever the output rate.
    static let ticksPerSecond = 44_100

    /// The chips the header declares that decide which writes libgme can take: a second PSG
    /// (bit 30 of the PSG clock; libgme ends the second chip's frames only then, so writes to an
    /// undeclared one run its time backwards), a YM2612 (a YM2612 clock, as libgme reads the
    /// header: `fmClocks`) and a second one (bit 30 of the YM2612 clock field). libgme never sets
    /// an undeclared FM chip up, and mostly drops writes to it, but not when the write's FM time
    /// is -1 (its "disabled" mark): then it writes into the chip's unset memory, a crash that
    /// depends on what the heap held.
    struct Chips {
        var dualPSG: Bool
        var ym2612: Bool
        var dualYM2612: Bool
        /// A header before 1.10 with a YM2413 clock, which libgme reads as both FM chips' (`fmClocks`).
        var sharedFM = false
    }

    /// Where libgme's PCM reads go: the bank a seek is relative to (the last type-0 data
    /// block) and the next byte a `0x8n` command reads.
    struct PCM {
        var bank = VGMPreflight.headerSize
        var position = VGMPreflight.headerSize
    }

    /// What one walk of the stream saw: the VGM time it takes (`ticks`), the PCM reads before
    /// its first seek (`reads`), whether it seeks, and whether it reached the end command (as
    /// opposed to the end of the file, where libgme stops for good).
    struct Pass {
        var ticks = 0
        var reads = 0
        var seeked = false
        var reachedEnd = false
        /// Where the command the file's end cuts short starts, when the walk ends at one.
        var cut: Int?
    }

    /// Throws `ChipError.open` when the VGM `file` has a shape libgme crashes or hangs on while
    /// playing up to `seconds` of it; returns how many of its bytes libgme should be given. That
    /// is all of them unless the stream ends inside a command (a cut-short file): libgme reads
    /// that command's operands past the end of its copy of the file, so whatever lies there in
    /// memory would be played. The file is then given up to that command's start, where libgme
    /// ends the stream as it does at any file end, so a cut file plays alike every time.
    static func check(_ file: ChipBytes, seconds: Double) throws(ChipError) -> Int {
        guard let cut = try walks(file, seconds: seconds) else { return file.count }
        // Walks from the loop start may meet the shorter file's end inside another command.
        if try walks(ChipBytes(Array(file.bytes.prefix(cut))), seconds: seconds) != nil {
            throw .open("VGM stream ends inside a command from its start and from its loop (libgme reads past the end)")
        }
        return cut
    }

    /// The checks of `check`; returns where the earliest command cut short by the file's end
    /// starts, if a walk met one.
    static func walks(_ file: ChipBytes, seconds: Double) throws(ChipError) -> Int? {
        guard file.count > headerSize, let version = file.le32(0x08) else { return nil }  // libgme refuses it
        let psg = file.le32(0x0C) ?? 0
        if psg != 0, !psgClocks.contains(psg & 0x0FFF_FFFF) {
            throw .open("VGM PSG clock \(psg & 0x0FFF_FFFF) Hz is outside \(psgClocks.lowerBound)–\(psgClocks.upperBound) Hz (libgme crashes on it)")
        }
        let ym2413 = file.le32(0x10) ?? 0
        let ym2612 = file.le32(0x2C) ?? 0
        if ym2612 != 0, ym2612 & 0x3FFF_FFFF == 0 { throw .open("VGM YM2612 clock has flag bits only (libgme divides by zero)") }
        // Before 1.10 libgme may take the YM2612's clock from the YM2413 field.
        let oldFM = version < 0x110 && ym2413 != 0
        if oldFM, ym2413 & 0x3FFF_FFFF == 0 { throw .open("VGM FM clock has flag bits only (libgme divides by zero)") }
        for clock in [ym2612, oldFM ? ym2413 : 0] where clock & 0x3FFF_FFFF > fmClockLimit {
            throw .open("VGM FM clock \(clock & 0x3FFF_FFFF) Hz is over \(fmClockLimit) Hz (libgme's emulation would take minutes per minute of audio)")
        }
        // Without a YM2612 clock libgme never sets its YM2612 emulator up (nor the FM timing),
        // yet passes it the stream's YM2612 writes: a crash depending on leftover memory.
        let fm = oldFM ? fmClocks(file, ym2413: ym2413, ym2612: ym2612) : (ym2413: ym2413, ym2612: ym2612)
        let chips = Chips(dualPSG: psg & 0x4000_0000 != 0, ym2612: fm.ym2612 != 0, dualYM2612: fm.ym2612 != 0 && ym2612 & 0x4000_0000 != 0, sharedFM: oldFM)
        var start = headerSize
        if version >= 0x150, let offset = file.le32(0x34), offset != 0 { start = 0x34 + offset }
        var pcm = PCM()
        let intro = try walk(file, from: start, pcm: &pcm, chips: chips)
        guard intro.reachedEnd, let loop = file.le32(0x1C), loop != 0, 0x1C + loop < file.count else { return intro.cut }
        let first = try walk(file, from: 0x1C + loop, pcm: &pcm, chips: chips)
        guard first.reachedEnd else { return first.cut }
        guard first.ticks > 0 else { throw .open("VGM loop takes no time (libgme would loop forever)") }
        // After one pass every later pass starts alike, unless the loop reads PCM without
        // seeking: then each pass reads further on, as many passes as the render lasts.
        _ = try walk(file, from: 0x1C + loop, pcm: &pcm, chips: chips)
        if !first.seeked, first.reads > 0 {
            let passes = Int(min(max(seconds, 0), 86_400) * Double(ticksPerSecond)) / first.ticks + 1
            let (reach, overflow) = first.reads.multipliedReportingOverflow(by: passes)
            if overflow || reach > file.count - pcm.position {
                throw .open("VGM loop reads PCM data past the end of the file (libgme reads out of bounds)")
            }
        }
        return nil
    }

    /// Walks the stream from `offset` to its end command (or the end of the file, or a command
    /// cut short by it, where libgme's reading ends too: `Pass.cut`), as libgme does, checking that every
    /// PCM read lies inside the file and that every chip written to is declared (`Chips`).
    static func walk(_ file: ChipBytes, from offset: Int, pcm: inout PCM, chips: Chips) throws(ChipError) -> Pass {
        var pass = Pass()
        var p = offset
        while p < file.count {
            let at = p
            let command = file.bytes[at]
            p += 1
            guard file.has(p, operandCount(command)) else {
                pass.cut = at
                return pass
            }
            switch command {
            case 0x66:
                pass.reachedEnd = true
                return pass
            case 0x62: pass.ticks += 735
            case 0x63: pass.ticks += 882
            case 0x61: pass.ticks += file.le16(p) ?? 0
            case 0x64: pass.ticks += Int(file.bytes[p])
            case 0x67:
                if file.bytes[p + 1] == 0 { pcm.bank = p + 6 }  // type 0: the PCM bank
                p += file.le32(p + 2) ?? 0
            case 0xE0:
                pcm.position = pcm.bank + (file.le32(p) ?? 0)
                pass.seeked = true
            case 0x80...0x8F:
                guard pcm.position >= 0, pcm.position < file.count else {
                    throw .open("VGM PCM read at offset \(at) points outside the file (libgme reads out of bounds)")
                }
                pcm.position += 1
                if !pass.seeked { pass.reads += 1 }
                pass.ticks += Int(command & 0x0F)
            case 0x70...0x7F: pass.ticks += Int(command & 0x0F) + 1
            case 0x52, 0x53, 0xA2, 0xA3:
                let dac = (command == 0x52 || command == 0xA2) && file.bytes[p] == 0x2A  // a PCM write, not the chip's
                guard chips.ym2612 || dac else {
                    let why = chips.sharedFM ? "its header (before 1.10) gives the shared FM clock to the YM2413 or YM2151" : "its header gives no YM2612 clock"
                    throw .open("VGM writes a YM2612 at offset \(at) but \(why) (libgme crashes on it)")
                }
                guard chips.dualYM2612 || dac || command < 0xA0 else {
                    throw .open("VGM writes a second YM2612 at offset \(at) but its header declares one (libgme crashes on it)")
                }
            case 0x30, 0x3F:
                guard chips.dualPSG else {
                    throw .open("VGM writes a second PSG at offset \(at) but its header declares one PSG (libgme asserts)")
                }
            default: break
            }
            p += operandCount(command)
        }
        return pass
    }

    /// The FM clocks libgme takes from a header before version 1.10 with a YM2413 clock
    /// (`update_fm_rates`), when both chips shared that field: the stream's first FM command
    /// (from offset 0x40) decides. A YM2413 write (`0x51`) leaves the YM2612 without a clock, a
    /// YM2612 write (`0x52`, `0x53`) moves the YM2413's clock to it, a YM2151 write (`0x54`)
    /// leaves neither; a stream without one (to its end command or the file's end) keeps both.
    static func fmClocks(_ file: ChipBytes, ym2413: Int, ym2612: Int) -> (ym2413: Int, ym2612: Int) {
        var p = headerSize
        while p < file.count {
            let command = file.bytes[p]
            switch command {
            case 0x66: return (ym2413, ym2612)
            case 0x51: return (ym2413, 0)
            case 0x52, 0x53: return (0, ym2413)
            case 0x54: return (0, 0)
            case 0x67:
                // Where the size is past the file's end, libgme's own scan reads on out of bounds.
                guard let size = file.le32(p + 3) else { return (ym2413, ym2612) }
                p += 7 + size
            default: p += 1 + operandCount(command)  // libgme's `command_len`: 1 for a command it does not know
            }
        }
        return (ym2413, ym2612)
    }

    /// The bytes libgme reads after a command byte: its own commands', and for the rest the
    /// length the command's high nibble gives (`command_len`).
    static func operandCount(_ command: UInt8) -> Int {
        switch command {
        case 0x62, 0x63, 0x66, 0x70...0x8F: 0
        case 0x4F, 0x50, 0x3F, 0x30, 0x64: 1
        case 0x51...0x5F, 0x61, 0xA1...0xA3: 2
        case 0xE0: 4
        case 0x67: 6
        default:
            switch command >> 4 {
            case 0x3, 0x4: 1
            case 0x5, 0xA, 0xB: 2
            case 0xC, 0xD: 3
            case 0xE, 0xF: 4
            default: 0
            }
        }
    }
}
