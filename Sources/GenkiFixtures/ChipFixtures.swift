import Foundation

/// Small, valid chip-music files written from scratch, deterministic per seed: a 4-channel
/// ProTracker MOD and an SN76489 (PSG) VGM register log. Every text field a format has carries
/// `marker`, so privacy tests can look for it in outputs.
public enum ChipFixtures {
    /// The committed chip fixtures (`fixtures/chip`): a MOD, a disguised copy of it (transposed
    /// up 3 semitones, channels swapped), a VGM and a two-song PSID.
    public static var files: [(name: String, bytes: [UInt8])] {
        [
            ("tune.mod", mod(seed: 1, patterns: 2)),
            ("tune-up3-swapped.mod", mod(seed: 1, patterns: 2, transpose: 3, swapChannels: true)),
            ("log.vgm", vgm(seed: 1)),
            ("c64.sid", psid(seed: 1, songs: 2)),
        ]
    }

    /// Writes `files` into `directory` (created if needed).
    public static func write(to directory: URL) throws {
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        for f in files { try Data(f.bytes).write(to: directory.appendingPathComponent(f.name)) }
    }

    /// Amiga periods of C-1 … B-3 (ProTracker's note table, finetune 0).
    static let periods: [UInt16] = [
        856, 808, 762, 720, 678, 640, 604, 570, 538, 508, 480, 453,
        428, 404, 381, 360, 339, 320, 302, 285, 269, 254, 240, 226,
        214, 202, 190, 180, 170, 160, 151, 143, 135, 127, 120, 113,
    ]

    /// A ProTracker MOD (`M.K.`, 4 channels): `patterns` patterns of 64 rows played in order, a
    /// melody on channel 1 and a bass line on channel 2 from two looped 8-bit waveforms (square
    /// and saw). `transpose` shifts every note by semitones (clamped to the table); `speed` is
    /// the ticks per row (set by an `Fxx` command on the first row). The disguises a copier
    /// might use: `swapChannels` moves the melody to channel 3 and the bass to channel 1;
    /// `swapSamples` plays the melody on the saw and the bass on the square. With `subsongs`,
    /// every pattern ends in a jump back to its own order (`Bxx`), so libopenmpt finds one
    /// subsong per pattern.
    public static func mod(
        seed: UInt64, patterns: Int = 2, transpose: Int = 0, speed: Int = 6, swapChannels: Bool = false, swapSamples: Bool = false,
        subsongs: Bool = false, marker: String = ""
    ) -> [UInt8] {
        var rng = SplitMix64(seed: seed)
        func text(_ s: String, _ length: Int) -> [UInt8] { FixtureBytes.field(s, length) }
        func be16(_ v: Int) -> [UInt8] { FixtureBytes.be(v, 2) }
        let waves: [[Int8]] = [
            (0..<64).map { $0 < 32 ? 90 : -90 },  // square
            (0..<64).map { Int8(truncatingIfNeeded: $0 * 4 - 128) },  // saw
        ]
        var out = text(marker.isEmpty ? "genki mod \(seed)" : "\(marker) title", 20)
        for s in 0..<31 {
            let name = marker.isEmpty ? "" : "\(marker) sample \(s + 1)"
            if s < waves.count {
                out += text(name, 22) + be16(waves[s].count / 2) + [0, 64] + be16(0) + be16(waves[s].count / 2)
            } else {
                out += text(name, 22) + be16(0) + [0, 0] + be16(0) + be16(1)
            }
        }
        out += [UInt8(patterns), 127]
        out += (0..<128).map { $0 < patterns ? UInt8($0) : 0 }
        out += Array("M.K.".utf8)
        func cell(sample: Int, note: Int?, effect: UInt8 = 0, parameter: UInt8 = 0) -> [UInt8] {
            let period = note.map { Int(periods[max(0, min(periods.count - 1, $0 + transpose))]) } ?? 0
            return [
                UInt8((sample & 0xF0) | (period >> 8 & 0x0F)), UInt8(period & 0xFF),
                UInt8((sample & 0x0F) << 4) | effect, parameter,
            ]
        }
        let scale = [0, 2, 4, 5, 7, 9, 11, 12, 14, 16]
        let (melodySample, bassSample) = swapSamples ? (2, 1) : (1, 2)
        for p in 0..<patterns {
            for row in 0..<64 {
                var melody = cell(sample: 0, note: nil)
                if row % 2 == 0 { melody = cell(sample: melodySample, note: 12 + scale[Int(rng.next() % UInt64(scale.count))]) }
                if p == 0, row == 0 {
                    melody[2] = melody[2] & 0xF0 | 0x0F
                    melody[3] = UInt8(max(1, min(31, speed)))
                }
                let bass = row % 8 == 0 ? cell(sample: bassSample, note: [0, 5, 7, 3][(row / 8 + p) % 4]) : cell(sample: 0, note: nil)
                let empty = cell(sample: 0, note: nil)
                let last = subsongs && row == 63 ? cell(sample: 0, note: nil, effect: 0x0B, parameter: UInt8(p)) : empty
                out += swapChannels ? bass + empty + melody + last : melody + bass + empty + last
            }
        }
        for wave in waves { out += wave.map { UInt8(bitPattern: $0) } }
        return out
    }

    /// A VGM 1.50 log for an SN76489 at 3.579545 MHz: `notes` tones of a quarter second on
    /// channel 0, then the end. The stated length (total samples) makes libgme play it exactly.
    /// With a non-empty `marker`, a GD3 tag carries it in every field.
    public static func vgm(seed: UInt64, notes: Int = 24, marker: String = "") -> [UInt8] {
        var rng = SplitMix64(seed: seed)
        func le32(_ v: Int) -> [UInt8] { FixtureBytes.le(v, 4) }
        var data: [UInt8] = []
        let quarter = 11_025  // samples at 44.1 kHz
        for _ in 0..<notes {
            let divider = 200 + Int(rng.next() % 600)  // 10-bit tone register
            data += [0x50, 0x80 | UInt8(divider & 0x0F), 0x50, UInt8((divider >> 4) & 0x3F), 0x50, 0x90]  // tone, full volume
            data += [0x61, UInt8(quarter & 0xFF), UInt8(quarter >> 8)]
        }
        data += [0x50, 0x9F, 0x66]  // silence, end of data
        var gd3: [UInt8] = []
        if !marker.isEmpty {
            var strings: [UInt8] = []
            for field in 0..<11 {
                let s = field == 10 ? "" : "\(marker) field \(field)"
                for unit in s.utf16 { strings += [UInt8(unit & 0xFF), UInt8(unit >> 8)] }
                strings += [0, 0]
            }
            gd3 = Array("Gd3 ".utf8) + le32(0x100) + le32(strings.count) + strings
        }
        let headerSize = 0x40
        let total = notes * quarter
        var header = Array("Vgm ".utf8)
        header += le32(headerSize + data.count + gd3.count - 4)  // EOF offset
        header += le32(0x150)  // version 1.50
        header += le32(3_579_545)  // SN76489 clock
        header += le32(0)  // YM2413
        header += le32(gd3.isEmpty ? 0 : headerSize + data.count - 0x14)  // GD3 offset
        header += le32(total)  // total samples
        header += le32(0) + le32(0)  // no loop
        header += le32(60)  // rate
        header += [0x09, 0x00, 0x10, 0x00]  // SN76489 feedback and shift register width
        header += le32(0)  // YM2612
        header += le32(0)  // YM2151
        header += le32(headerSize - 0x34)  // data offset (relative to 0x34)
        header += le32(0) + le32(0)
        return header + data + gd3
    }

    /// A PSID v2 tune: 6502 code loaded at $1000 whose init sets up voice 1 (sawtooth, full
    /// volume) and whose play routine (called 50 times a second) steps through a 16-note
    /// table drawn from `seed`, a note every 8 calls. `songs` songs share the code: odd songs
    /// play one table, even songs another (so a two-song tune has two different songs). The
    /// name, author and released fields carry `marker`.
    public static func psid(seed: UInt64, songs: Int = 1, marker: String = "") -> [UInt8] {
        var rng = SplitMix64(seed: seed)
        func be16(_ v: Int) -> [UInt8] { FixtureBytes.be(v, 2) }
        func text(_ s: String) -> [UInt8] { FixtureBytes.field(s, 32, keep: 31) }
        var header = Array("PSID".utf8) + be16(2) + be16(0x7C)
        header += be16(0)  // load address: the first two data bytes
        header += be16(0x1000) + be16(0x1030)  // init, play
        header += be16(max(1, min(256, songs))) + be16(1)  // songs, start song
        header += [0, 0, 0, 0]  // speed: vertical blank for every song
        header += text(marker.isEmpty ? "genki sid \(seed)" : "\(marker) name")
        header += text(marker.isEmpty ? "" : "\(marker) author")
        header += text(marker.isEmpty ? "" : "\(marker) released")
        header += [0x00, 0x14]  // flags: PAL, 6581
        header += [0, 0, 0, 0]  // relocation page and length, second and third SID
        // init ($1000): the song number (from 0) arrives in A.
        var code: [UInt8] = [
            0x29, 0x01, 0x0A, 0x0A, 0x0A, 0x0A, 0x85, 0xFC,  // AND #1, ASL ×4, STA $FC: the table offset (0 or 16)
            0xA9, 0x00, 0x85, 0xFB,  // LDA #0, STA $FB: the call counter
            0xA9, 0x0F, 0x8D, 0x18, 0xD4,  // LDA #$0F, STA $D418: volume
            0xA9, 0x09, 0x8D, 0x05, 0xD4,  // attack 0, decay 9
            0xA9, 0xF0, 0x8D, 0x06, 0xD4,  // sustain 15, release 0
            0xA9, 0x21, 0x8D, 0x04, 0xD4,  // sawtooth, gate on
            0x60,  // RTS
        ]
        code += [UInt8](repeating: 0xEA, count: 0x30 - code.count)  // NOP up to $1030
        // play ($1030)
        code += [
            0xE6, 0xFB, 0xA5, 0xFB,  // INC $FB, LDA $FB
            0x4A, 0x4A, 0x4A, 0x29, 0x0F, 0x05, 0xFC, 0xAA,  // LSR ×3, AND #$0F, ORA $FC, TAX
            0xBD, 0x50, 0x10, 0x8D, 0x00, 0xD4,  // LDA $1050,X, STA $D400 (frequency low)
            0xBD, 0x70, 0x10, 0x8D, 0x01, 0xD4,  // LDA $1070,X, STA $D401 (frequency high)
            0x60,  // RTS
        ]
        code += [UInt8](repeating: 0xEA, count: 0x50 - code.count)
        // Frequencies of notes in two octaves from C-3 (PAL register values).
        let register = [1_097, 1_163, 1_232, 1_305, 1_383, 1_465, 1_552, 1_644, 1_742, 1_845, 1_955, 2_071]
        let notes = (0..<32).map { _ -> Int in
            let k = Int(rng.next() % 24)
            return register[k % 12] << (k / 12)
        }
        code += notes.map { UInt8(truncatingIfNeeded: $0) } + notes.map { UInt8(truncatingIfNeeded: $0 >> 8) }
        return header + [0x00, 0x10] + code  // load address $1000 (little-endian), then the code
    }
}
