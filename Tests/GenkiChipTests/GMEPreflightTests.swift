import GenkiFixtures
import Testing

@testable import GenkiChip

/// The shapes libgme crashes or hangs on are refused before libgme sees them, each with its
/// reason; every fixture, and well-formed files close to each shape, still render.
@Suite struct GMEPreflightTests {
    static let short: ChipRenderPolicy = {
        var policy = ChipRenderPolicy()
        policy.maxSeconds = 2
        return policy
    }()

    /// Why the render failed, or nil when it rendered.
    static func refusal(_ bytes: [UInt8], _ format: ChipFormat) -> String? {
        do {
            _ = try ChipRenderer.render(bytes, format: format, policy: short)
            return nil
        } catch {
            return error.description
        }
    }

    static func le(_ v: Int, _ width: Int) -> [UInt8] { (0..<width).map { UInt8(truncatingIfNeeded: v >> (8 * $0)) } }

    /// A VGM 1.50 with `commands` after a 0x40-byte header: the PSG and YM2612 clocks given, and
    /// a loop to `loop` (an offset into `commands`) when set.
    static func vgm(psg: Int = 3_579_545, ym2612: Int = 0, commands: [UInt8], loop: Int? = nil) -> [UInt8] {
        var header = Array("Vgm ".utf8) + le(0x40 + commands.count - 4, 4) + le(0x150, 4) + le(psg, 4)
        header += le(0, 4) + le(0, 4) + le(44_100, 4)  // YM2413, GD3, total samples
        header += le(loop.map { 0x40 + $0 - 0x1C } ?? 0, 4) + le(loop == nil ? 0 : 22_050, 4) + le(0, 4)  // loop offset, loop samples, rate
        header += [0x09, 0x00, 0x10, 0x00] + le(ym2612, 4) + le(0, 4) + le(0x0C, 4) + le(0, 8)
        return header + commands
    }

    /// A tone on the PSG, then `rest`.
    static let tone: [UInt8] = [0x50, 0x85, 0x50, 0x10, 0x50, 0x90]
    static let quarter: [UInt8] = [0x61, 0x11, 0x2B]  // wait 11,025 samples

    @Test func everyFixtureFormatPassesAndRenders() throws {
        var threeSongs = ChipFixtures.nsf(seed: 2)
        threeSongs[6] = 3
        let files: [([UInt8], ChipFormat)] = [
            (ChipFixtures.vgm(seed: 1), .vgm), (ChipFixtures.vgm(seed: 2, marker: "x"), .vgm), (ChipFixtures.vgmFM(seed: 1), .vgm), (ChipFixtures.nsf(seed: 1), .nsf),
            (ChipFixtures.nsf(seed: 1, marker: "x", nsf2: true), .nsf), (threeSongs, .nsf), (ChipFixtures.nsfe(seed: 1, marker: "x"), .nsfe),
            (ChipFixtures.gbs(seed: 1), .gbs), (ChipFixtures.spc(seed: 1, marker: "x"), .spc), (ChipFixtures.gym(seed: 1), .gym),
            (ChipFixtures.hes(seed: 1), .hes), (ChipFixtures.kss(seed: 1), .kss), (ChipFixtures.ay(seed: 1), .ay), (ChipFixtures.sap(seed: 1), .sap),
        ]
        for (bytes, format) in files {
            #expect(try GMEPreflight.check(bytes, seconds: 2, track: 0) == bytes.count, "\(format): libgme is not given the whole file")
            let render = try ChipRenderer.render(bytes, format: format, policy: Self.short)
            #expect(render.frames > 0 && render.samples.contains { $0 != 0 }, "\(format) renders silence")
        }
    }

    @Test func vgmClocksLibgmeCannotTimeAreRefused() throws {
        for psg in [1, 40_000, 0x4000_0000, 12_000_000] {
            let reason = Self.refusal(Self.vgm(psg: psg, commands: Self.tone + Self.quarter + [0x66]), .vgm)
            #expect(reason?.contains("PSG clock") == true, "PSG clock \(psg): \(reason ?? "rendered")")
        }
        let flagsOnly = Self.refusal(Self.vgm(ym2612: 0x4000_0000, commands: Self.tone + Self.quarter + [0x66]), .vgm)
        #expect(flagsOnly?.contains("YM2612 clock has flag bits only") == true, "\(flagsOnly ?? "rendered")")
        // An FM clock libgme would take hours over; the bound itself and the real chip are fine.
        let fm: [UInt8] = [0x52, 0x28, 0xF0, 0xA2, 0x28, 0xF0] + Self.quarter + [0x66]
        let fast = Self.refusal(Self.vgm(ym2612: 0x3FFF_FFFF, commands: fm), .vgm)
        #expect(fast == "cannot open: VGM FM clock 1073741823 Hz is over 64000000 Hz (libgme's emulation would take minutes per minute of audio)", "\(fast ?? "rendered")")
        #expect(Self.refusal(Self.vgm(ym2612: 64_000_001, commands: fm), .vgm) != nil)
        #expect(Self.refusal(Self.vgm(ym2612: 0x4000_0000 | 64_000_000, commands: fm), .vgm) == nil)
        // Clocks at the ends of the range, a zero PSG field (3.58 MHz) and a dual-chip flag are fine.
        for psg in [0, 200_000, 4_000_000, 8_000_000, 0x4036_9E99] {
            #expect(Self.refusal(Self.vgm(psg: psg, commands: Self.tone + Self.quarter + [0x66]), .vgm) == nil, "PSG clock \(psg)")
        }
        #expect(Self.refusal(Self.vgm(ym2612: 0x4075_0AB5, commands: [0x52, 0x28, 0xF0, 0xA2, 0x28, 0xF0] + Self.quarter + [0x66]), .vgm) == nil)
    }

    @Test func vgmPCMReadsOutsideTheFileAreRefused() throws {
        // A seek 256 MiB into the PCM bank, then a read.
        let seek = Self.refusal(Self.vgm(commands: Self.tone + [0xE0, 0, 0, 0, 0x10, 0x81] + Self.quarter + [0x66]), .vgm)
        #expect(seek?.contains("PCM read") == true, "\(seek ?? "rendered")")
        // A loop that reads PCM without seeking reads further on every pass.
        let growing = Self.refusal(Self.vgm(commands: Self.tone + [0x81, 0x61, 0x10, 0x00, 0x66], loop: 6), .vgm)
        #expect(growing?.contains("past the end") == true, "\(growing ?? "rendered")")
        // A data block, seeks inside it and DAC reads, looped: fine.
        let block: [UInt8] = [0x67, 0x66, 0x00] + Self.le(64, 4) + (0..<64).map { UInt8($0 * 4) }
        let dac: [UInt8] = [0x52, 0x2B, 0x80, 0xE0, 0, 0, 0, 0] + Array(repeating: 0x8F, count: 64)
        let ok = Self.vgm(ym2612: 7_670_453, commands: block + dac + Self.quarter + [0x66], loop: block.count)
        #expect(Self.refusal(ok, .vgm) == nil)
    }

    @Test func aVGMLoopThatTakesNoTimeIsRefused() throws {
        let reason = Self.refusal(Self.vgm(commands: Self.tone + Self.quarter + [0x50, 0x90, 0x66], loop: Self.tone.count + 3), .vgm)
        #expect(reason?.contains("loop takes no time") == true, "\(reason ?? "rendered")")
        #expect(Self.refusal(Self.vgm(commands: Self.tone + Self.quarter + [0x66], loop: Self.tone.count), .vgm) == nil)
    }

    /// The fixture NSFe's chunks (id, data) and trailing bytes, and the file they make.
    static func nsfeChunks() -> (chunks: [(String, [UInt8])], trailer: [UInt8]) {
        let file = ChipFixtures.nsfe(seed: 1)
        var chunks: [(String, [UInt8])] = []
        var offset = 4
        while offset + 8 <= file.count {
            let size = (0..<4).reduce(0) { $0 | Int(file[offset + $1]) << (8 * $1) }
            let id = String(decoding: file[(offset + 4)..<(offset + 8)], as: UTF8.self)
            chunks.append((id, Array(file[(offset + 8)..<(offset + 8 + size)])))
            offset += 8 + size
            if id == "NEND" { break }
        }
        return (chunks, Array(file[offset...]))
    }

    static func nsfe(_ chunks: [(String, [UInt8])]) -> [UInt8] {
        Array("NSFE".utf8) + chunks.flatMap { le($0.1.count, 4) + Array($0.0.utf8) + $0.1 }
    }

    @Test func nsfeWithoutAProgramIsRefused() throws {
        let (chunks, trailer) = Self.nsfeChunks()
        #expect(Self.nsfe(chunks) + trailer == ChipFixtures.nsfe(seed: 1))
        #expect(Self.refusal(Self.nsfe(chunks), .nsfe) == nil)
        // The fuzzer's shape: DATA's id mutated into a skippable chunk's.
        let renamed = chunks.map { $0.0 == "DATA" ? ("\u{5}ATA", $0.1) : $0 }
        #expect(Self.refusal(Self.nsfe(renamed), .nsfe)?.contains("no DATA chunk") == true)
        let empty = chunks.map { $0.0 == "DATA" ? ("DATA", [UInt8]()) : $0 }
        #expect(Self.refusal(Self.nsfe(empty), .nsfe)?.contains("DATA chunk is empty") == true)
        let dataFirst = chunks.filter { $0.0 == "DATA" } + chunks.filter { $0.0 != "DATA" }
        #expect(Self.refusal(Self.nsfe(dataFirst), .nsfe)?.contains("before INFO") == true)
    }

    @Test func anAYBlockOutsideTheFileIsRefused() throws {
        let good = ChipFixtures.ay(seed: 1)
        #expect(Self.refusal(good, .ay) == nil)
        // The fixture's one data block: address, length, then its pointer at offset 48 (to the
        // code after the name); pointing it 32 KiB on leaves the file.
        var outside = good
        outside[48] = 0x80
        let reason = Self.refusal(outside, .ay)
        #expect(reason?.contains("data block 1 points outside the file") == true, "\(reason ?? "rendered")")
        // A track table the file is too short for (256 tracks): libgme's bound wraps round and
        // it takes the table, then aborts on a track entry outside the file, or copies a block
        // from a null pointer. Both refused, for the tracks concerned; track 1's entry is the
        // fixture's own, and it plays.
        var table = good
        table[16] = 255
        var wrapped: String?
        do { _ = try ChipRenderer.render(table, format: .ay, subtune: 100, policy: Self.short) } catch { wrapped = error.description }
        #expect(wrapped?.contains("lies outside the file") == true, "\(wrapped ?? "rendered")")
        #expect(Self.refusal(table, .ay) == nil)
        // A null pointer too.
        var null = good
        null[48] = 0
        null[49] = 0
        #expect(Self.refusal(null, .ay)?.contains("points outside the file") == true)
    }

    /// libgme reads only the entries of the track it is asked about and starts, so a track
    /// whose block points outside the file is refused alone; the file's other track plays.
    @Test func anAYTrackIsCheckedAloneAndABadOneCostsOnlyItself() throws {
        let good = ChipFixtures.ayTwoTracks(seed: 1)
        let bad = ChipFixtures.ayTwoTracks(seed: 1, blockPointer: 0x7F00)
        #expect(try ChipRenderer.subtuneCount(good, format: .ay) == 2 && ChipRenderer.subtuneCount(bad, format: .ay) == 2)
        let first = try ChipRenderer.render(good, format: .ay, subtune: 0, policy: Self.short)
        let second = try ChipRenderer.render(good, format: .ay, subtune: 1, policy: Self.short)
        #expect(first.samples == second.samples && first.subtunes == 2, "the two tracks play the same song")
        #expect(try ChipRenderer.render(bad, format: .ay, subtune: 0, policy: Self.short).samples == first.samples)
        #expect(throws: ChipError.open("AY track 2, data block 1 points outside the file (libgme crashes on it)")) {
            try ChipRenderer.render(bad, format: .ay, subtune: 1, policy: Self.short)
        }
        #expect(throws: ChipError.self) { try GMEPreflight.check(bad, seconds: 2, track: 1) }
        #expect(try GMEPreflight.check(bad, seconds: 2, track: 0) == bad.count)
        #expect(try GMEPreflight.check(bad, seconds: 2, track: nil) == bad.count)
    }

    @Test func aVGMWritingAnUndeclaredSecondPSGIsRefused() throws {
        let second: [UInt8] = [0x30, 0x85, 0x30, 0x10, 0x30, 0x90]  // the same tone on PSG 2
        let reason = Self.refusal(Self.vgm(commands: Self.tone + second + Self.quarter + [0x66]), .vgm)
        #expect(reason?.contains("second PSG") == true, "\(reason ?? "rendered")")
        // Declared (bit 30 of the PSG clock): two PSGs play.
        #expect(Self.refusal(Self.vgm(psg: 0x4036_9E99, commands: Self.tone + second + Self.quarter + [0x66]), .vgm) == nil)
    }

    @Test func aVGMWritingAnUndeclaredYM2612IsRefused() throws {
        let keyOn: [UInt8] = [0x52, 0x28, 0xF0, 0x53, 0x30, 0x71]
        let reason = Self.refusal(Self.vgm(commands: Self.tone + keyOn + Self.quarter + [0x66]), .vgm)
        #expect(reason?.contains("gives no YM2612 clock") == true, "\(reason ?? "rendered")")
        // DAC writes (port 0 register 0x2A) are PCM, which libgme plays without a YM2612.
        #expect(Self.refusal(Self.vgm(commands: Self.tone + [0x52, 0x2A, 0x80] + Self.quarter + [0x66]), .vgm) == nil)
        #expect(Self.refusal(Self.vgm(ym2612: 7_670_453, commands: Self.tone + keyOn + Self.quarter + [0x66]), .vgm) == nil)
        // A second YM2612 (0xA2, 0xA3) only where bit 30 of the YM2612 clock declares it: libgme
        // never sets an undeclared one up and, when a write's FM time lands on its "disabled"
        // mark, writes into it (fuzz/crashers/gme/crash-960e1f18…, SIGSEGV depending on the heap).
        let second: [UInt8] = [0xA2, 0x28, 0xF0, 0xA3, 0x30, 0x71]
        let undeclared = Self.refusal(Self.vgm(ym2612: 7_670_453, commands: Self.tone + second + Self.quarter + [0x66]), .vgm)
        #expect(undeclared?.contains("second YM2612") == true, "\(undeclared ?? "rendered")")
        #expect(Self.refusal(Self.vgm(ym2612: 0x4000_0000 | 7_670_453, commands: Self.tone + second + Self.quarter + [0x66]), .vgm) == nil)
        #expect(Self.refusal(Self.vgm(ym2612: 7_670_453, commands: Self.tone + [0xA2, 0x2A, 0x80] + Self.quarter + [0x66]), .vgm) == nil)
        // Before 1.10 a YM2413 clock is both chips' until the first FM command: a YM2413 write
        // first leaves the YM2612 without a clock (whatever its own field says), a YM2612 write
        // first gives it the YM2413's.
        func old(_ commands: [UInt8]) -> [UInt8] {
            var file = Self.vgm(ym2612: 7_670_453, commands: commands)
            file.replaceSubrange(0x08..<0x0C, with: Self.le(0x101, 4))
            file.replaceSubrange(0x10..<0x14, with: Self.le(3_579_545, 4))
            return file
        }
        let opllFirst = Self.refusal(old(Self.tone + [0x51, 0x10, 0x20] + keyOn + Self.quarter + [0x66]), .vgm)
        #expect(opllFirst?.contains("gives the shared FM clock to the YM2413 or YM2151") == true, "\(opllFirst ?? "rendered")")
        #expect(Self.refusal(old(Self.tone + keyOn + [0x51, 0x10, 0x20] + Self.quarter + [0x66]), .vgm) == nil)
        #expect(VGMPreflight.fmClocks(ChipBytes(old([0x51, 0, 0, 0x66])), ym2413: 5, ym2612: 7) == (5, 0))
        #expect(VGMPreflight.fmClocks(ChipBytes(old([0x61, 1, 0, 0x53, 0, 0, 0x66])), ym2413: 5, ym2612: 7) == (0, 5))
        #expect(VGMPreflight.fmClocks(ChipBytes(old([0x67, 0x66, 0, 2, 0, 0, 0, 0x51, 0x51, 0x54, 0, 0])), ym2413: 5, ym2612: 7) == (0, 0))
        #expect(VGMPreflight.fmClocks(ChipBytes(old([0x50, 0x90, 0x66, 0x51])), ym2413: 5, ym2612: 7) == (5, 7))
    }

    /// Renders `bytes` and returns its samples.
    static func samples(_ bytes: [UInt8], _ format: ChipFormat) throws -> [Float] {
        try ChipRenderer.render(bytes, format: format, policy: short).samples
    }

    /// A VGM the file's end cuts inside a command is given to libgme up to that command (libgme
    /// would read its operands from past its copy of the file), and plays as the file cut
    /// there; so does a cut data block or wait. A cut from the loop walk alike, and a file cut
    /// inside a command however its stream is walked is refused.
    @Test func aVGMCutInsideACommandPlaysUpToIt() throws {
        let whole = Self.tone + Self.quarter + Self.tone + Self.quarter
        let header = Self.vgm(commands: []).count
        for tail: [UInt8] in [[0x50], [0x61, 0x11], [0x67, 0x66, 0x00, 0x40], [0xE0, 0, 0]] {
            let cut = Self.vgm(commands: whole + tail)
            #expect(try GMEPreflight.check(cut, seconds: 2, track: 0) == header + whole.count, "tail \(tail)")
            #expect(try Self.samples(cut, .vgm) == Self.samples(Array(cut.prefix(header + whole.count)), .vgm), "tail \(tail)")
        }
        // The intro ends (0x66 at 9); the loop, from the middle of the wait, meets a data block
        // the file's end cuts (at 7): cut there, the intro itself ends inside its wait.
        let misaligned = Self.vgm(commands: Self.tone + [0x61, 0x67, 0x00, 0x66], loop: 7)
        let reason = Self.refusal(misaligned, .vgm)
        #expect(reason?.contains("ends inside a command") == true, "\(reason ?? "rendered")")
        // The loop from past the end command meets a cut wait: the file ends before it.
        let loopCut = Self.vgm(commands: Self.tone + Self.quarter + [0x66, 0x61, 0x11], loop: 10)
        #expect(try GMEPreflight.check(loopCut, seconds: 2, track: 0) == header + 10)
        #expect(Self.refusal(loopCut, .vgm) == nil)
    }
}
