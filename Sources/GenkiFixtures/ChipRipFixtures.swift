/// Small rips of the chip-music formats libgme plays that the other fixture writers leave out
/// (HES, KSS, AY, SAP, GYM), written from scratch and deterministic per seed. Each sets one tone
/// channel of its sound chip going and (where the format calls a play routine) slides its
/// pitch; they seed the `gme` fuzz target (`genki-fixtures --gme-seeds`).
extension ChipFixtures {
    private static func le(_ v: Int, _ width: Int) -> [UInt8] { FixtureBytes.le(v, width) }
    private static func be(_ v: Int, _ width: Int) -> [UInt8] { FixtureBytes.be(v, width) }

    /// A tone divider drawn from `seed` in 64…1,023.
    private static func divider(seed: UInt64) -> Int {
        var rng = SplitMix64(seed: seed)
        return 64 + Int(rng.next() % 960)
    }

    /// A GYM log (with its `GYMX` header, unpacked) of Sega Genesis PSG writes: 16 notes of a
    /// quarter second (15 frames at 60 Hz) on tone channel 0, then silence.
    public static func gym(seed: UInt64) -> [UInt8] {
        var out = Array("GYMX".utf8) + FixtureBytes.field("genki gym \(seed)", 32)
        out += [UInt8](repeating: 0, count: 32 * 4 + 256) + le(0, 4) + le(0, 4)  // game … comment, no loop, not packed
        var rng = SplitMix64(seed: seed)
        out += [0x01, 0x28, 0x00]  // YM2612: key off channel 1
        for _ in 0..<16 {
            let d = 64 + Int(rng.next() % 960)
            out += [0x03, 0x80 | UInt8(d & 0x0F), 0x03, UInt8((d >> 4) & 0x3F), 0x03, 0x90]  // tone, full volume
            out += [UInt8](repeating: 0x00, count: 15)  // frame waits
        }
        return out + [0x03, 0x9F, 0x00]
    }

    /// A type-B SAP: 6502 code at $2000 whose init turns on POKEY channel 1 (pure tone) and whose
    /// player (once a frame) slides its pitch.
    public static func sap(seed: UInt64) -> [UInt8] {
        let text = "SAP\r\nAUTHOR \"genki\"\r\nNAME \"genki sap \(seed)\"\r\nDATE \"2026\"\r\nTYPE B\r\nINIT 2000\r\nPLAYER 2020\r\n"
        var code: [UInt8] = [
            0xA9, 0xAF, 0x8D, 0x01, 0xD2,  // LDA #$AF, STA $D201: pure tone, volume 15
            0xA9, UInt8(divider(seed: seed) & 0xFF), 0x8D, 0x00, 0xD2,  // LDA #f, STA $D200: frequency
            0xA9, 0x00, 0x8D, 0x08, 0xD2, 0x85, 0x80,  // LDA #0, STA $D208 (AUDCTL), STA $80
            0xA9, 0x03, 0x8D, 0x0F, 0xD2,  // LDA #3, STA $D20F: SKCTL
            0x60,  // RTS
        ]
        code += [UInt8](repeating: 0xEA, count: 0x20 - code.count)
        code += [0xE6, 0x80, 0xA5, 0x80, 0x4A, 0x4A, 0x09, 0x40, 0x8D, 0x00, 0xD2, 0x60]  // INC $80, LDA $80, LSR ×2, ORA #$40, STA $D200, RTS
        return Array(text.utf8) + [0xFF, 0xFF] + le(0x2000, 2) + le(0x2000 + code.count - 1, 2) + code
    }

    /// An MSX KSS (`KSCC`): Z80 code at $4000 whose init sets AY tone A going at full volume and
    /// whose play routine (60 times a second) slides its pitch.
    public static func kss(seed: UInt64) -> [UInt8] {
        func psg(_ register: UInt8, _ value: UInt8) -> [UInt8] { [0x3E, register, 0xD3, 0xA0, 0x3E, value, 0xD3, 0xA1] }  // LD A; OUT ($A0/$A1),A
        let d = divider(seed: seed)
        var code = psg(0, UInt8(d & 0xFF)) + psg(1, UInt8(d >> 8)) + psg(7, 0x3E) + psg(8, 0x0F) + [0xC9]  // tone A, mixer, volume; RET
        let play = 0x4000 + code.count
        code += [0x3A, 0x00, 0xC0, 0x3C, 0x32, 0x00, 0xC0]  // LD A,($C000); INC A; LD ($C000),A
        code += [0x5F, 0x3E, 0x00, 0xD3, 0xA0, 0x7B, 0xD3, 0xA1, 0xC9]  // LD E,A; select register 0; LD A,E; OUT; RET
        let header = Array("KSCC".utf8) + le(0x4000, 2) + le(code.count, 2) + le(0x4000, 2) + le(play, 2) + [0, 0, 0, 0]  // no banks, no extra header, MSX PSG only
        return header + code
    }

    /// A PC Engine HES: HuC6280 code mapped at $E000 that loads a square wave into PSG channel 0,
    /// turns it on at full volume and idles (no interrupts: the tone just holds).
    public static func hes(seed: UInt64) -> [UInt8] {
        func store(_ value: UInt8, _ register: UInt8) -> [UInt8] { [0xA9, value, 0x8D, register, 0x08] }  // LDA #v, STA $08rr
        let d = divider(seed: seed)
        var code: [UInt8] = [0x9C, 0x00, 0x08] + store(0xFF, 0x01) + store(0x00, 0x04)  // STZ $0800: channel 0; main volume; wave write mode
        code += [0xA9, 0x1F] + Array([[UInt8]](repeating: [0x8D, 0x06, 0x08], count: 16).joined())  // 16 high samples
        code += [0xA9, 0x00] + Array([[UInt8]](repeating: [0x8D, 0x06, 0x08], count: 16).joined())  // 16 low samples
        code += store(UInt8(d & 0xFF), 0x02) + store(UInt8(d >> 8), 0x03) + store(0xFF, 0x05) + store(0x9F, 0x04)  // frequency, balance, on
        code += [0x80, 0xFE]  // BRA to itself
        var header = Array("HESM".utf8) + [0, 0] + le(0xE000, 2)  // version, first track, init
        header += [0xFF, 0xF8, 0, 0, 0, 0, 0, 0]  // banks: I/O at $0000, RAM at $2000, bank 0 at $E000
        header += Array("DATA".utf8) + le(code.count, 4) + le(0, 4) + le(0, 4)
        return header + code
    }

    /// A ZX Spectrum AY rip (`ZXAYEMUL`, one song of 4 s): Z80 code at $8000 whose init sets AY
    /// tone A going at full volume and whose interrupt routine (50 times a second) slides its
    /// pitch. The format's pointers are big-endian offsets from the pointer's own position.
    public static func ay(seed: UInt64) -> [UInt8] {
        func psg(_ register: UInt8, _ value: UInt8) -> [UInt8] {
            [0x01, 0xFD, 0xFF, 0x3E, register, 0xED, 0x79, 0x06, 0xBF, 0x3E, value, 0xED, 0x79]  // LD BC,$FFFD; OUT (C),reg; LD B,$BF; OUT (C),value
        }
        let d = divider(seed: seed)
        var code = psg(0, UInt8(d & 0xFF)) + psg(1, UInt8(d >> 8)) + psg(7, 0x3E) + psg(8, 0x0F) + [0xC9]
        let play = 0x8000 + code.count
        code += [0x3A, 0x00, 0xC0, 0x3C, 0x32, 0x00, 0xC0, 0x5F]  // LD A,($C000); INC A; LD ($C000),A; LD E,A
        code += [0x01, 0xFD, 0xFF, 0x3E, 0x00, 0xED, 0x79, 0x06, 0xBF, 0xED, 0x59, 0xC9]  // select register 0; OUT (C),E; RET
        let name = Array("genki ay \(seed)\0".utf8)
        // Layout: header (0–19), track list (20), song data (24), points (38), blocks (44), end mark (50), name (52), code.
        let nameAt = 52
        let codeAt = nameAt + name.count
        var out = Array("ZXAYEMUL".utf8) + [3, 0, 0, 0]  // file version, player version, no special player
        out += be(nameAt - 12, 2) + be(nameAt - 14, 2) + [0, 0] + be(20 - 18, 2)  // author, misc, 1 song, first 0, songs
        out += be(nameAt - 20, 2) + be(24 - 22, 2)  // song name, song data
        out += [0, 1, 2, 3] + be(200, 2) + be(50, 2) + [0, 0] + be(38 - 34, 2) + be(44 - 36, 2)  // channels, length, fade, hi/lo, points, blocks
        out += be(0xF000, 2) + be(0x8000, 2) + be(play, 2)  // stack, init, interrupt
        out += be(0x8000, 2) + be(code.count, 2) + be(codeAt - 48, 2) + [0, 0]  // one block, end mark
        return out + name + code
    }

    /// `ay(seed:)` with a second track playing the same song through its own song data and
    /// one data block, whose pointer to its bytes is `blockPointer` (an offset from its own
    /// place; nil: the code, as the first track's): a two-entry track table and the second
    /// track's song data, points and blocks appended to the file.
    public static func ayTwoTracks(seed: UInt64, blockPointer: Int? = nil) -> [UInt8] {
        var f = ay(seed: seed)
        func rel(_ target: Int, from position: Int) -> [UInt8] { be(target - position, 2) }
        let table = f.count
        let data = table + 8
        let blocks = data + 14
        let code = 48 + (Int(f[48]) << 8 | Int(f[49]))  // where the first track's block points
        f[16] = 1  // two tracks
        f.replaceSubrange(18..<20, with: rel(table, from: 18))
        f += rel(52, from: table) + rel(24, from: table + 2)  // track 1: the name, its song data
        f += rel(52, from: table + 4) + rel(data, from: table + 6)  // track 2: the name, new song data
        f += Array(f[24..<34]) + rel(38, from: data + 10) + rel(blocks, from: data + 12)  // channels to hi/lo, points, blocks
        f += Array(f[44..<48]) + (blockPointer.map { be($0, 2) } ?? rel(code, from: blocks + 4)) + [0, 0]
        return f
    }

    /// A looping VGM 1.50 for a YM2612 (and the PSG): a 256-byte sawtooth PCM data block, one FM
    /// note on channel 1, then a loop that seeks the PCM bank and streams it to the DAC
    /// (commands `0x8n`) while the PSG plays a tone.
    public static func vgmFM(seed: UInt64) -> [UInt8] {
        var rng = SplitMix64(seed: seed)
        var data: [UInt8] = [0x67, 0x66, 0x00] + le(256, 4) + (0..<256).map { UInt8($0) }  // PCM bank
        let fm: [(UInt8, UInt8)] = [
            (0x22, 0), (0x27, 0), (0x28, 0), (0x2B, 0x80),  // LFO off, normal mode, key off, DAC on
            (0x30, 0x71), (0x40, 0x23), (0x50, 0x5F), (0x60, 0x05), (0x70, 0x02), (0x80, 0x11),  // operator 1
            (0xB0, 0x32), (0xB4, 0xC0), (0xA4, 0x22), (0xA0, UInt8(truncatingIfNeeded: 0x69 + rng.next() % 32)),  // algorithm, pan, frequency
            (0x28, 0xF0),  // key on
        ]
        for (register, value) in fm { data += [0x52, register, value] }
        let loop = data.count
        data += [0xE0] + le(0, 4) + [0x50, 0x8A, 0x50, 0x06, 0x50, 0x92]  // seek the bank; PSG tone
        data += [UInt8](repeating: 0x81, count: 256) + [0x61, 0x00, 0x10, 0x66]  // stream the bank, wait, loop
        let total = 256 + 0x1000
        var header = Array("Vgm ".utf8) + le(0x40 + data.count - 4, 4) + le(0x150, 4) + le(3_579_545, 4)
        header += le(0, 4) + le(0, 4) + le(total, 4) + le(0x40 + loop - 0x1C, 4) + le(total, 4) + le(60, 4)
        header += [0x09, 0x00, 0x10, 0x00] + le(7_670_453, 4) + le(0, 4) + le(0x0C, 4) + le(0, 8)
        return header + data
    }
}
