import Foundation

/// More small chip-music files written from scratch, deterministic per seed, with `marker` in
/// every text field the format has: an NSF (and its NSF2 and NSFe forms), a GBS, an SPC, an XM,
/// an S3M and an IT. Each plays a 16-note melody drawn from `seed` on one square-wave (or
/// sampled) voice; the modules add a bass voice.
extension ChipFixtures {
    private static func le(_ v: Int, _ width: Int) -> [UInt8] { FixtureBytes.le(v, width) }
    private static func field(_ s: String, _ length: Int) -> [UInt8] { FixtureBytes.field(s, length) }

    /// Sixteen notes (semitones above the scale's root) drawn from `seed`.
    private static func melody(seed: UInt64) -> [Int] {
        var rng = SplitMix64(seed: seed)
        let scale = [0, 2, 4, 5, 7, 9, 11, 12, 14, 16, 17, 19]
        return (0..<16).map { _ in scale[Int(rng.next() % UInt64(scale.count))] }
    }

    /// Frequency (Hz) of `semitones` above `root`.
    private static func hertz(_ semitones: Int, root: Double = 220) -> Double { root * pow(2, Double(semitones) / 12) }

    /// The 6502 program of `nsf`/`nsfe`, loaded at $8000: init ($8000) enables pulse 1 at full
    /// constant volume; play ($8020, 60 times a second) sets the next note's timer every 16
    /// calls. The note tables sit at $8060 (timer low) and $8070 (timer high).
    private static func nesProgram(seed: UInt64) -> [UInt8] {
        var code: [UInt8] = [
            0xA9, 0x0F, 0x8D, 0x15, 0x40,  // LDA #$0F, STA $4015: channels on
            0xA9, 0xBF, 0x8D, 0x00, 0x40,  // LDA #$BF, STA $4000: duty 50 %, halt, constant volume 15
            0xA9, 0x08, 0x8D, 0x01, 0x40,  // LDA #$08, STA $4001: no sweep
            0xA9, 0x00, 0x85, 0x00, 0x85, 0x01,  // LDA #0, STA $00 (call counter), STA $01 (note)
            0x60,  // RTS
        ]
        code += [UInt8](repeating: 0xEA, count: 0x20 - code.count)
        code += [
            0xE6, 0x00, 0xA5, 0x00, 0x29, 0x0F, 0xD0, 0x14,  // INC $00, LDA $00, AND #$0F, BNE rts
            0xA6, 0x01,  // LDX $01
            0xBD, 0x60, 0x80, 0x8D, 0x02, 0x40,  // LDA $8060,X, STA $4002 (timer low)
            0xBD, 0x70, 0x80, 0x8D, 0x03, 0x40,  // LDA $8070,X, STA $4003 (timer high, restart)
            0xE8, 0x8A, 0x29, 0x0F, 0x85, 0x01,  // INX, TXA, AND #$0F, STA $01
            0x60,  // RTS
        ]
        code += [UInt8](repeating: 0xEA, count: 0x60 - code.count)
        let timers = melody(seed: seed).map { Int(1_789_773 / (16 * hertz($0)) - 1) }
        code += timers.map { UInt8(truncatingIfNeeded: $0) } + timers.map { UInt8(($0 >> 8) & 0x07 | 0x08) }
        return code
    }

    /// An NSF (version 1) running `nesProgram`; title, artist and copyright carry `marker`. With
    /// `nsf2`, an NSF2 whose program length is stated and whose metadata region (an `auth` chunk
    /// with `marker`, then `NEND`) follows the program.
    public static func nsf(seed: UInt64, marker: String = "", nsf2: Bool = false) -> [UInt8] {
        let program = nesProgram(seed: seed)
        var header = Array("NESM\u{1A}".utf8) + [nsf2 ? 2 : 1, 1, 1]  // version, songs, first song
        header += le(0x8000, 2) + le(0x8000, 2) + le(0x8020, 2)  // load, init, play
        header += field(marker.isEmpty ? "genki nsf \(seed)" : "\(marker) title", 32)
        header += field(marker.isEmpty ? "" : "\(marker) artist", 32)
        header += field(marker.isEmpty ? "" : "\(marker) copyright", 32)
        header += le(16_639, 2) + [UInt8](repeating: 0, count: 8) + le(19_997, 2)  // NTSC rate, no banks, PAL rate
        header += [0, 0, 0]  // NTSC, no expansion chips, NSF2 flags
        header += le(nsf2 ? program.count : 0, 3)
        guard nsf2 else { return header + program }
        let text = Array("\(marker) game\0\(marker) artist\0\0\0".utf8)
        return header + program + le(text.count, 4) + Array("auth".utf8) + text + le(0, 4) + Array("NEND".utf8)
    }

    /// The NSFe form of `nsf`: INFO, DATA, an `auth` and a `tlbl` chunk with `marker`, a `time`
    /// chunk (the track plays 4 s), a `text` chunk with `marker`, NEND, then trailing bytes with
    /// `marker` (which players ignore).
    public static func nsfe(seed: UInt64, marker: String = "") -> [UInt8] {
        func chunk(_ id: String, _ data: [UInt8]) -> [UInt8] { le(data.count, 4) + Array(id.utf8) + data }
        var out = Array("NSFE".utf8)
        out += chunk("INFO", le(0x8000, 2) + le(0x8000, 2) + le(0x8020, 2) + [0, 0, 1, 0])  // addresses, NTSC, no chips, 1 song, first 0
        out += chunk("auth", Array("\(marker) game\0\(marker) artist\0\(marker) (c)\0\(marker) ripper\0".utf8))
        out += chunk("DATA", nesProgram(seed: seed))
        out += chunk("time", le(4_000, 4))
        out += chunk("tlbl", Array("\(marker) track\0".utf8))
        out += chunk("text", Array("\(marker) notes".utf8))
        out += chunk("NEND", [])
        return out + Array("\(marker) trailing".utf8)
    }

    /// A GBS: LR35902 code loaded at $0400 whose init turns on pulse channel 1 (both outputs, full
    /// volume) and whose play routine (at vertical blank) triggers the next note every 16 calls.
    /// Title, author and copyright carry `marker`.
    public static func gbs(seed: UInt64, marker: String = "") -> [UInt8] {
        var header = Array("GBS".utf8) + [1, 1, 1]  // version, songs, first song
        header += le(0x0400, 2) + le(0x0400, 2) + le(0x0430, 2) + le(0xFFFE, 2)  // load, init, play, stack
        header += [0, 0]  // timer modulo and control: vertical-blank rate
        header += field(marker.isEmpty ? "genki gbs \(seed)" : "\(marker) title", 32)
        header += field(marker.isEmpty ? "" : "\(marker) author", 32)
        header += field(marker.isEmpty ? "" : "\(marker) copyright", 32)
        var code: [UInt8] = [
            0x3E, 0x80, 0xE0, 0x26,  // LD A,$80; LDH ($26),A: sound on
            0x3E, 0x77, 0xE0, 0x24,  // master volume
            0x3E, 0x11, 0xE0, 0x25,  // channel 1 to both outputs
            0x3E, 0x80, 0xE0, 0x11,  // duty 50 %
            0x3E, 0xF0, 0xE0, 0x12,  // volume 15, no envelope
            0xAF, 0xE0, 0x10,  // XOR A; LDH ($10),A: no sweep
            0xEA, 0x00, 0xC0, 0xEA, 0x01, 0xC0,  // LD ($C000),A (counter); LD ($C001),A (note)
            0xC9,  // RET
        ]
        code += [UInt8](repeating: 0x00, count: 0x30 - code.count)
        code += [
            0xFA, 0x00, 0xC0, 0x3C, 0xEA, 0x00, 0xC0,  // LD A,($C000); INC A; LD ($C000),A
            0xE6, 0x0F, 0xC0,  // AND $0F; RET NZ
            0xFA, 0x01, 0xC0, 0x5F, 0x16, 0x00,  // LD A,($C001); LD E,A; LD D,0
            0x21, 0x60, 0x04, 0x19, 0x19,  // LD HL,$0460; ADD HL,DE twice (2 bytes a note)
            0x2A, 0xE0, 0x13,  // LD A,(HL+); LDH ($13),A: frequency low
            0x7E, 0xF6, 0x80, 0xE0, 0x14,  // LD A,(HL); OR $80; LDH ($14),A: frequency high, trigger
            0x7B, 0x3C, 0xE6, 0x0F, 0xEA, 0x01, 0xC0,  // LD A,E; INC A; AND $0F; LD ($C001),A
            0xC9,  // RET
        ]
        code += [UInt8](repeating: 0x00, count: 0x60 - code.count)
        for note in melody(seed: seed) {
            let x = max(0, min(2_047, 2_048 - Int(131_072 / hertz(note, root: 262))))
            code += [UInt8(x & 0xFF), UInt8(x >> 8)]
        }
        return header + code
    }

    /// An SPC snapshot: an SPC700 program at $0400 sets up DSP voice 0 (a looped square-wave BRR
    /// sample at $0300, directory at $0200) and keys on the next of 16 notes about every 0.4 s.
    /// The text-format ID666 tag carries `marker` in song, game, dumper, comment, date and artist
    /// and states a 4-second length; an xid6 tag after the snapshot carries `marker` too.
    public static func spc(seed: UInt64, marker: String = "") -> [UInt8] {
        var header = field("SNES-SPC700 Sound File Data v0.30", 33) + [26, 26, 26, 30]  // has ID666, version 30
        header += le(0x0400, 2) + [0, 0, 0, 0x02, 0xEF] + [0, 0]  // PC, A, X, Y, PSW, SP, reserved
        header += field(marker.isEmpty ? "genki spc \(seed)" : "\(marker) song", 32)
        header += field(marker.isEmpty ? "" : "\(marker) game", 32)
        header += field(marker.isEmpty ? "" : "\(marker) dumper", 16)
        header += field(marker.isEmpty ? "" : "\(marker) comment", 32)
        header += field(marker, 11)  // date
        header += Array("004".utf8) + Array("01000".utf8)  // length (s), fade (ms)
        header += field(marker.isEmpty ? "" : "\(marker) artist", 32)
        header += [0, 0]  // channels enabled, emulator unknown
        header += [UInt8](repeating: 0, count: 0x100 - header.count)
        var ram = [UInt8](repeating: 0, count: 0x1_0000)
        ram[0xF0] = 0x0A  // test register's reset value
        ram.replaceSubrange(0x0200..<0x0204, with: [0x00, 0x03, 0x00, 0x03])  // directory: sample 0 at $0300, loops to $0300
        ram.replaceSubrange(0x0300..<0x0309, with: [0xB3, 0x77, 0x77, 0x77, 0x77, 0x99, 0x99, 0x99, 0x99])  // BRR: square, loop, end
        var code: [UInt8] = []
        let setup: [(UInt8, UInt8)] = [
            (0x6C, 0x20), (0x0C, 0x7F), (0x1C, 0x7F), (0x2C, 0), (0x3C, 0), (0x5D, 0x02), (0x00, 0x7F), (0x01, 0x7F),
            (0x04, 0), (0x05, 0), (0x07, 0x7F), (0x3D, 0), (0x4D, 0), (0x2D, 0), (0x5C, 0),
        ]  // FLG, main volume, echo volume, DIR, voice 0 volume, source, gain, no noise/echo/modulation, key off none
        for (register, value) in setup { code += [0x8F, register, 0xF2, 0x8F, value, 0xF3] }  // MOV $F2,#reg; MOV $F3,#value
        code += [0x8F, 0x00, 0x10]  // MOV $10,#0: note index
        let loop = 0x0400 + code.count
        code += [0xE4, 0x10, 0x28, 0x0F, 0x5D]  // MOV A,$10; AND A,#$0F; MOV X,A
        code += [0xF5, 0x00, 0x05, 0x8F, 0x02, 0xF2, 0xC4, 0xF3]  // MOV A,$0500+X; pitch low
        code += [0xF5, 0x10, 0x05, 0x8F, 0x03, 0xF2, 0xC4, 0xF3]  // MOV A,$0510+X; pitch high
        code += [0x8F, 0x4C, 0xF2, 0x8F, 0x01, 0xF3]  // key on voice 0
        code += [0xAB, 0x10]  // INC $10
        code += [0xCD, 0x00, 0x8D, 0x00, 0xDC, 0xD0, 0xFD, 0x1D, 0xD0, 0xF8]  // delay: 256 × 256 DEC/BNE
        code += [0x5F, UInt8(loop & 0xFF), UInt8(loop >> 8)]  // JMP loop
        ram.replaceSubrange(0x0400..<(0x0400 + code.count), with: code)
        for (k, note) in melody(seed: seed).enumerated() {
            let pitch = min(0x3FFF, Int(hertz(note, root: 330) * 16 / 32_000 * 4_096))
            ram[0x0500 + k] = UInt8(pitch & 0xFF)
            ram[0x0510 + k] = UInt8(pitch >> 8)
        }
        var dsp = [UInt8](repeating: 0, count: 128)
        dsp[0x6C] = 0x20
        let extra = [UInt8](repeating: 0, count: 0x40) + [UInt8](repeating: 0, count: 0x40)  // unused, IPL-area RAM
        var xid6: [UInt8] = []
        if !marker.isEmpty {
            var song = Array("\(marker) xid6".utf8) + [0]
            let length = song.count
            song += [UInt8](repeating: 0, count: (4 - song.count % 4) % 4)
            let items = [0x01, 0x01] + le(length, 2) + song
            xid6 = Array("xid6".utf8) + le(items.count, 4) + items
        }
        return header + ram + dsp + extra + xid6
    }

    /// An XM 1.04 module: 2 channels, 2 patterns of 32 rows (a melody on channel 1, a bass note
    /// every 8 rows on channel 2), 2 instruments each holding one looped 8-bit sample (square and
    /// saw). `marker` names the module, the tracker, both instruments and both samples, and fills
    /// OpenMPT's `text`, `PNAM` and `CNAM` chunks appended after the sample data.
    public static func xm(seed: UInt64, marker: String = "") -> [UInt8] {
        let rows = 32
        var out = Array("Extended Module: ".utf8) + field(marker.isEmpty ? "genki xm \(seed)" : "\(marker) module", 20) + [0x1A]
        out += field(marker.isEmpty ? "genki" : "\(marker) tracker", 20)
        out += le(0x0104, 2) + le(276, 4)
        out += le(2, 2) + le(0, 2) + le(2, 2) + le(2, 2) + le(2, 2)  // song length, restart, channels, patterns, instruments
        out += le(1, 2) + le(6, 2) + le(125, 2)  // linear frequencies, speed, tempo
        out += [0, 1] + [UInt8](repeating: 0, count: 254)  // order list
        let notes = melody(seed: seed)
        for p in 0..<2 {
            var data: [UInt8] = []
            for row in 0..<rows {
                data += row % 2 == 0 ? [0x83, UInt8(49 + notes[(p * 16 + row / 2) % 16]), 1] : [0x80]  // C-4 and up, instrument 1
                data += row % 8 == 0 ? [0x83, UInt8(25 + [0, 5, 7, 3][(row / 8 + p) % 4]), 2] : [0x80]  // C-2 and up, instrument 2
            }
            out += le(9, 4) + [0] + le(rows, 2) + le(data.count, 2) + data
        }
        let waves: [[Int8]] = [
            (0..<32).map { $0 < 16 ? 80 : -80 },  // square
            (0..<32).map { Int8(truncatingIfNeeded: $0 * 8 - 128) },  // saw
        ]
        for (i, wave) in waves.enumerated() {
            out += le(263, 4) + field(marker.isEmpty ? "" : "\(marker) instrument \(i + 1)", 22) + [0] + le(1, 2) + le(40, 4)
            out += [UInt8](repeating: 0, count: 96 + 48 + 48 + 2 + 6 + 2 + 4) + le(0, 2) + [UInt8](repeating: 0, count: 22)
            out += le(wave.count, 4) + le(0, 4) + le(wave.count, 4)  // length, loop start, loop length
            out += [64, 0, 0x01, 128, 0, 0]  // volume, finetune, forward loop (8-bit), pan, relative note, reserved
            out += field(marker.isEmpty ? "" : "\(marker) sample \(i + 1)", 22)
            var previous: Int8 = 0
            for value in wave {  // delta-coded
                out.append(UInt8(bitPattern: value &- previous))
                previous = value
            }
        }
        guard !marker.isEmpty else { return out }
        let message = Array("\(marker) song message".utf8)
        out += Array("text".utf8) + le(message.count, 4) + message
        out += Array("PNAM".utf8) + le(64, 4) + field("\(marker) intro", 32) + field("\(marker) verse", 32)
        out += Array("CNAM".utf8) + le(40, 4) + field("\(marker) lead", 20) + field("\(marker) bass", 20)
        return out
    }

    /// Two looped 32-frame waves (square, saw) as signed 8-bit values.
    private static let moduleWaves: [[Int8]] = [
        (0..<32).map { $0 < 16 ? 80 : -80 },
        (0..<32).map { Int8(truncatingIfNeeded: $0 * 8 - 128) },
    ]

    /// `bytes` padded with zeros to a multiple of 16 (S3M parapointers count 16-byte paragraphs).
    private static func paragraphs(_ bytes: [UInt8]) -> [UInt8] { bytes + [UInt8](repeating: 0, count: (16 - bytes.count % 16) % 16) }

    /// A Scream Tracker 3.20 module (S3M): 2 channels, 2 patterns of 64 rows (a melody on channel
    /// 1, a bass note every 8 rows on channel 2), 2 looped 8-bit unsigned samples (square, saw)
    /// with GUS addresses. `marker` names the song, both samples and their DOS filenames, fills
    /// an unreferenced gap between the patterns and the sample data, and trails the file.
    public static func s3m(seed: UInt64, marker: String = "") -> [UInt8] {
        let notes = melody(seed: seed)
        var patterns: [[UInt8]] = []
        for p in 0..<2 {
            var data: [UInt8] = []
            for row in 0..<64 {
                if row % 4 == 0 {
                    let n = 48 + notes[(p * 16 + row / 4) % 16]  // C-4 and up
                    data += [0x20, UInt8((n / 12) << 4 | n % 12), 1]
                }
                if row % 8 == 0 {
                    let n = 36 + [0, 5, 7, 3][(row / 8 + p) % 4]
                    data += [0x21, UInt8((n / 12) << 4 | n % 12), 2]
                }
                data.append(0)
            }
            patterns.append(paragraphs(le(data.count + 2, 2) + data))
        }
        let headerSize = paragraphs([UInt8](repeating: 0, count: 96 + 2 + 2 * 4 + 32)).count
        let sampleStart = headerSize
        let patternStart = sampleStart + 2 * 80
        let gapStart = patternStart + patterns.reduce(0) { $0 + $1.count }
        let dataStart = gapStart + 32
        var out = field(marker.isEmpty ? "genki s3m \(seed)" : "\(marker) song", 28) + [0x1A, 0x10, 0, 0]
        out += le(2, 2) + le(2, 2) + le(2, 2) + le(0, 2) + le(0x1320, 2) + le(2, 2) + Array("SCRM".utf8)
        out += [64, 6, 125, 0xB0, 16, 0xFC] + [UInt8](repeating: 0, count: 8) + le(0, 2)  // volumes, speed, tempo, ultra-clicks, pan table
        out += [0, 8] + [UInt8](repeating: 0xFF, count: 30)  // channels: left 1, right 1
        out += [0, 1]  // orders
        out += le(sampleStart / 16, 2) + le((sampleStart + 80) / 16, 2)
        out += le(patternStart / 16, 2) + le((patternStart + patterns[0].count) / 16, 2)
        out += [0x23, 0x2C] + [UInt8](repeating: 0x08, count: 30)  // panning
        out = paragraphs(out)
        for (i, wave) in moduleWaves.enumerated() {
            let data = (dataStart + 32 * i) / 16
            out += [1] + field(marker.isEmpty ? "" : "\(marker).\(i)", 12) + [UInt8(data >> 16)] + le(data & 0xFFFF, 2)
            out += le(wave.count, 4) + le(0, 4) + le(wave.count, 4) + [64, 0, 0, 1]  // length, loop, volume, unpacked, looped
            out += le(8_363, 4) + [0, 0, 0, 0] + le(i + 1, 2) + le(0, 2) + le(0, 4)  // C-5 speed, GUS address
            out += field(marker.isEmpty ? "" : "\(marker) sample \(i + 1)", 28) + Array("SCRS".utf8)
        }
        out += patterns.joined()
        out += field(marker.isEmpty ? "" : "\(marker) gap", 32)
        for wave in moduleWaves { out += wave.map { UInt8(bitPattern: $0) ^ 0x80 } }
        return marker.isEmpty ? out : out + Array("\(marker) trailer".utf8)
    }

    /// An Impulse Tracker module (IT, as OpenMPT writes it in compatible mode): 2 channels, 2
    /// patterns of 32 rows (melody and bass), 2 instruments each mapping every note to one looped
    /// 8-bit sample (square, saw). `marker` names the song, the instruments, the samples and
    /// their DOS filenames, the patterns and channels (`PNAM`, `CNAM`), the song message (in a
    /// 64-byte area before the instruments), instrument names in the `XTPM` extension and the
    /// author in the `STPM` extension, and trails the file; an edit-history entry follows the
    /// parapointers.
    public static func it(seed: UInt64, marker: String = "") -> [UInt8] {
        let notes = melody(seed: seed)
        let text = { (s: String, n: Int) in field(marker.isEmpty ? "" : "\(marker) \(s)", n) }
        var patterns: [[UInt8]] = []
        for p in 0..<2 {
            var data: [UInt8] = []
            for row in 0..<32 {
                if row % 2 == 0 { data += [0x81, 3, UInt8(60 + notes[(p * 16 + row / 2) % 16]), 1] }
                if row % 8 == 0 { data += [0x82, 3, UInt8(36 + [0, 5, 7, 3][(row / 8 + p) % 4]), 2] }
                data.append(0)
            }
            patterns.append(le(data.count, 2) + le(32, 2) + [0, 0, 0, 0] + data)
        }
        let tables = 192 + 2 + 6 * 4
        let history = tables + 2 + 8
        let names = history + 8 + 64 + 8 + 40  // PNAM, CNAM
        let message = names
        let instrumentStart = message + 64
        let sampleStart = instrumentStart + 2 * 554
        let patternStart = sampleStart + 2 * 80
        let dataStart = patternStart + patterns[0].count + patterns[1].count
        let messageText = Array((marker.isEmpty ? "" : "\(marker) song message\r").utf8)
        var out = Array("IMPM".utf8) + field(marker.isEmpty ? "genki it \(seed)" : "\(marker) song", 26) + [4, 16]
        out += le(2, 2) + le(2, 2) + le(2, 2) + le(2, 2) + le(0x5131, 2) + le(0x0214, 2)  // counts, OpenMPT 1.31, IT 2.14
        out += le(0x0D, 2) + le(messageText.isEmpty ? 6 : 7, 2)  // stereo, instruments, linear; history, highlights (message)
        out += [128, 48, 6, 125, 128, 0] + le(messageText.count, 2) + le(message, 4) + le(0, 4)
        out += [0, 64] + [UInt8](repeating: 32 | 0x80, count: 62) + [UInt8](repeating: 64, count: 64)  // pan left/right, rest muted
        out += [0, 1]
        out += le(instrumentStart, 4) + le(instrumentStart + 554, 4) + le(sampleStart, 4) + le(sampleStart + 80, 4)
        out += le(patternStart, 4) + le(patternStart + patterns[0].count, 4)
        out += le(1, 2) + le(0x5A21, 2) + le(0x6000, 2) + le(1_820, 4)  // one edit: date, time, run time
        out += Array("PNAM".utf8) + le(64, 4) + text("intro", 32) + text("verse", 32)
        out += Array("CNAM".utf8) + le(40, 4) + text("lead", 20) + text("bass", 20)
        out += messageText + [UInt8](repeating: 0, count: 64 - messageText.count)
        for i in 0..<2 {
            out += Array("IMPI".utf8) + field(marker.isEmpty ? "" : "\(marker).i\(i)", 13) + [0, 0, 0] + le(256, 2)
            out += [0, 60, 128, 32 | 0x80, 0, 0] + le(0, 2) + [1, 0] + text("instrument \(i + 1)", 26)
            out += [0, 0, 0, 0xFF, 0xFF, 0xFF]  // no filter, no MIDI
            out += (0..<120).flatMap { [UInt8($0), UInt8(i + 1)] }
            out += [UInt8](repeating: 0, count: 3 * 82 + 4)  // envelopes off, padding
        }
        for (i, wave) in moduleWaves.enumerated() {
            out += Array("IMPS".utf8) + field(marker.isEmpty ? "" : "\(marker).s\(i)", 13) + [64, 0x11, 64]
            out += text("sample \(i + 1)", 26) + [1, 32] + le(wave.count, 4) + le(0, 4) + le(wave.count, 4)
            out += le(8_363, 4) + le(0, 4) + le(0, 4) + le(dataStart + 32 * i, 4) + [0, 0, 0, 0]
        }
        out += patterns.joined()
        for wave in moduleWaves { out += wave.map { UInt8(bitPattern: $0) } }
        out += Array("XTPM".utf8) + Array("..[n".utf8) + le(32, 2) + text("lead", 32) + text("bass", 32)
        out += Array("..RV".utf8) + le(2, 2) + le(0, 2) + le(0, 2)  // volume ramp: default
        out += Array("STPM".utf8) + Array("..TD".utf8) + le(4, 2) + le(125, 4) + Array("AUTH".utf8) + le(32, 2) + text("author", 32)
        return marker.isEmpty ? out : out + Array("\(marker) trailer".utf8)
    }
}
