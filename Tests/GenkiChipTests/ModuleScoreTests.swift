import CLibOpenMPT
import Foundation
import GenkiFixtures
import GenkiMIDI
import GenkiModel
import Testing

@testable import GenkiChip

@Suite struct ModuleScoreTests {
    static func fingerprint(_ bytes: [UInt8]) throws -> SymbolicFingerprint { SymbolicFingerprint(notes: try ModuleScore.read(bytes).notes) }

    @Test func theScoreIsThePatternsNotes() throws {
        let score = try ModuleScore.read(ChipFixtures.mod(seed: 1, patterns: 2))
        // Per pattern: a melody note every other row (32) and a bass note every eighth row (8).
        #expect(score.notes.count == 80 && score.channels == 4 && score.orders == 2 && score.patterns == 2)
        #expect(score.notes.allSatisfy { !$0.isDrum })
        #expect(score.notes.map(\.onsetBeats) == score.notes.map(\.onsetBeats).sorted())
        // Speed and text fields are not notes.
        #expect(try ModuleScore.read(ChipFixtures.mod(seed: 1, patterns: 2, speed: 3, marker: "X")).notes == score.notes)
        #expect(throws: ChipError.self) { try ModuleScore.read(Array("Extended Module: junk".utf8)) }
    }

    /// The copier's disguises (transposition, tempo, swapped channels, swapped samples, new
    /// text) keep a module's symbolic fingerprint above the threshold; other pieces stay below.
    @Test func disguisedModulesMatchAndOtherModulesDoNot() throws {
        let seeds: [UInt64] = Array(11...22)
        var originals: [SymbolicFingerprint] = []
        var worstTrue = 1.0
        for seed in seeds {
            let original = try Self.fingerprint(ChipFixtures.mod(seed: seed, patterns: 4))
            originals.append(original)
            let disguises = [
                ChipFixtures.mod(seed: seed, patterns: 4, transpose: 3), ChipFixtures.mod(seed: seed, patterns: 4, speed: 4),
                ChipFixtures.mod(seed: seed, patterns: 4, swapChannels: true), ChipFixtures.mod(seed: seed, patterns: 4, swapSamples: true),
                ChipFixtures.mod(seed: seed, patterns: 4, transpose: -2, speed: 8, swapChannels: true, swapSamples: true, marker: "copy"),
            ]
            for d in disguises { worstTrue = min(worstTrue, original.similarity(try Self.fingerprint(d))) }
        }
        var bestWrong = 0.0
        for i in originals.indices {
            for j in originals.indices where j > i { bestWrong = max(bestWrong, originals[i].similarity(originals[j])) }
        }
        print("module disguises: worst true pair \(worstTrue), best wrong pair \(bestWrong) (threshold \(SymbolicFingerprint.threshold))")
        #expect(worstTrue >= SymbolicFingerprint.threshold, "worst disguise \(worstTrue)")
        #expect(bestWrong < SymbolicFingerprint.threshold, "best wrong pair \(bestWrong)")
    }

    /// A MOD from `ChipFixtures.mod` with effects written into pattern rows, in channel 4
    /// (empty there). A sample offset without a note (`901`, no effect) in channel 3 marks the
    /// file as ProTracker's: libopenmpt takes a MOD using only NoiseTracker's effects for a
    /// NoiseTracker file, whose pattern breaks ignore their row.
    static func mod(patterns: Int, effects: [(pattern: Int, row: Int, effect: UInt8, parameter: UInt8)]) -> [UInt8] {
        var bytes = patch(ChipFixtures.mod(seed: 3, patterns: patterns), pattern: 0, row: 1, channel: 2, effect: 0x09, parameter: 1)
        for e in effects { bytes = patch(bytes, pattern: e.pattern, row: e.row, channel: 3, effect: e.effect, parameter: e.parameter) }
        return bytes
    }

    /// `bytes` with one cell's effect replaced.
    static func patch(_ bytes: [UInt8], pattern: Int, row: Int, channel: Int, effect: UInt8, parameter: UInt8) -> [UInt8] {
        var out = bytes
        let at = 1_084 + pattern * 1_024 + row * 16 + channel * 4
        out[at + 2] = effect
        out[at + 3] = parameter
        return out
    }

    static func pitches(_ notes: [CanonicalNote], from: Double, to: Double, shift: Double = 0) -> [[Double]] {
        notes.filter { $0.onsetBeats >= from && $0.onsetBeats < to }.map { [$0.onsetBeats + shift, Double($0.pitch)] }
    }

    /// A pattern break (`D10`: row 10 in MOD's decimal digits) ends its pattern and starts the
    /// next order at row 10; the rows it skips are not read.
    @Test func patternBreaksAreFollowed() throws {
        let plain = try ModuleScore.read(Self.mod(patterns: 3, effects: [])).notes
        let broken = try ModuleScore.read(Self.mod(patterns: 3, effects: [(0, 31, 0x0D, 0x10)])).notes
        // Rows 0…31 of pattern 0, rows 10…63 of pattern 1, all of pattern 2.
        let head = Self.pitches(broken, from: 0, to: 8) == Self.pitches(plain, from: 0, to: 8)
        let afterBreak = Self.pitches(broken, from: 8, to: 21.5) == Self.pitches(plain, from: 18.5, to: 32, shift: -10.5)
        let rest = Self.pitches(broken, from: 21.5, to: 100) == Self.pitches(plain, from: 32, to: 100, shift: -10.5)
        #expect(head && afterBreak && rest, "head \(head), after the break \(afterBreak), rest \(rest)")
        #expect(broken.count == 20 + 33 + 40)
    }

    /// A position jump moves to its order; orders the song never reaches are read after the end,
    /// once; a jump back to a row already read ends the reading (the song loops).
    @Test func positionJumpsAreFollowedAndLoopsEnd() throws {
        let plain = try ModuleScore.read(Self.mod(patterns: 3, effects: [])).notes
        // Pattern 0 jumps to order 2 after row 15; order 1 is read after the song's end.
        let jumped = try ModuleScore.read(Self.mod(patterns: 3, effects: [(0, 15, 0x0B, 2)])).notes
        let head = Self.pitches(jumped, from: 0, to: 4) == Self.pitches(plain, from: 0, to: 4)
        let target = Self.pitches(jumped, from: 4, to: 20) == Self.pitches(plain, from: 32, to: 48, shift: -28)
        let skipped = Self.pitches(jumped, from: 20, to: 36) == Self.pitches(plain, from: 16, to: 32, shift: 4)
        #expect(head && target && skipped, "head \(head), jump target \(target), skipped order \(skipped)")
        #expect(jumped.count == 10 + 40 + 40)
        // The last pattern jumps back to the start: everything is read once and the reading ends.
        let looped = try ModuleScore.read(Self.mod(patterns: 3, effects: [(2, 63, 0x0B, 0)])).notes
        let same = looped == plain
        #expect(same)
        // Pattern 0 breaks after row 15; pattern 1's first row jumps and breaks to order 0, row 20
        // (both on one row: the jump picks the order, the break the row); row 0 of order 1 then
        // comes round again and the reading ends.
        var both = Self.mod(patterns: 2, effects: [(0, 15, 0x0D, 0x00), (1, 0, 0x0D, 0x20)])
        both = Self.patch(both, pattern: 1, row: 0, channel: 2, effect: 0x0B, parameter: 0)
        let read = try ModuleScore.read(both).notes
        let start = Self.pitches(read, from: 0, to: 4) == Self.pitches(plain, from: 0, to: 4)
        let back = Self.pitches(read, from: 4.25, to: 100) == Self.pitches(plain, from: 5, to: 16, shift: -0.75)
        #expect(start && back, "start \(start), after the jump back \(back)")
        #expect(read.count == 10 + 2 + 27)
    }

    /// A module with one subsong per pattern: each subsong's score is its own pattern's notes
    /// (the whole score holds them all), and a subsong the module lacks is an error.
    @Test func eachSubsongReadsItsOwnOrders() throws {
        let bytes = ChipFixtures.mod(seed: 9, patterns: 3, subsongs: true)
        let whole = try ModuleScore.read(bytes)
        let songs = try (0..<3).map { try ModuleScore.read(bytes, subsong: $0) }
        #expect(songs.allSatisfy { $0.notes.count == 40 } && whole.notes.count == 120)
        // Each subsong starts at beat 0 and its pitches are the whole score's at its pattern's offset.
        for (k, song) in songs.enumerated() {
            let part = whole.notes.filter { $0.onsetBeats >= Double(16 * k) && $0.onsetBeats < Double(16 * (k + 1)) }
            #expect(song.notes.map { $0.pitch } == part.map { $0.pitch } && song.notes.first?.onsetBeats == 0, "subsong \(k)")
        }
        #expect(throws: ChipError.subtune(3, of: 3)) { try ModuleScore.read(bytes, subsong: 3) }
        // A single-song module reads the same with or without the subsong.
        let plain = ChipFixtures.mod(seed: 9, patterns: 2)
        #expect(try ModuleScore.read(plain, subsong: 0) == ModuleScore.read(plain))
    }

    /// Everything the score reads through libopenmpt's pattern API: channel, order and pattern
    /// counts, the order list, every pattern's rows and every cell's six fields.
    static func patternView(_ bytes: [UInt8], walkSubsongs: Bool) throws -> [Int32] {
        let module = try ModuleRenderer.open(bytes, walkSubsongs: walkSubsongs)
        defer { openmpt_module_destroy(module) }
        let channels = openmpt_module_get_num_channels(module)
        let orders = openmpt_module_get_num_orders(module)
        let patterns = openmpt_module_get_num_patterns(module)
        var view = [channels, orders, patterns]
        view += (0..<orders).map { openmpt_module_get_order_pattern(module, $0) }
        for p in 0..<patterns {
            let rows = openmpt_module_get_pattern_num_rows(module, p)
            view.append(rows)
            for r in 0..<rows {
                for c in 0..<channels {
                    view += (0..<6).map { Int32(openmpt_module_get_pattern_row_channel_command(module, p, r, c, $0)) }
                }
            }
        }
        return view
    }

    static func le(_ v: Int, _ width: Int) -> [UInt8] { (0..<width).map { UInt8(truncatingIfNeeded: v >> (8 * $0)) } }

    /// An IT whose one sample is compressed (IT 2.14), one 4-byte block long, followed by a
    /// stray block and an OpenMPT extension chunk (`STPM`, then `id`, a 16-bit size and a 16-bit
    /// value): libopenmpt's sample decoder never reaches the chunk; a load that skips samples
    /// walks to it. Patterns: `patterns` of 64 rows, each a note in channel 1, the first with
    /// `B02` (jump to order 2) when `jump`.
    static func compressedSampleIT(patterns: Int, jump: Bool, chunk id: String, value: Int) -> [UInt8] {
        var h = Array("IMPM".utf8) + Array("test".utf8) + [UInt8](repeating: 0, count: 22)
        h += [0, 0] + le(patterns + 1, 2) + le(0, 2) + le(1, 2) + le(patterns, 2) + le(0x0214, 2) + le(0x0214, 2) + le(1, 2) + le(0, 2)
        h += [128, 48, 6, 125, 128, 0] + le(0, 2) + le(0, 4) + le(0, 4)
        h += [UInt8](repeating: 32, count: 64) + [UInt8](repeating: 64, count: 64)
        h += (0..<patterns).map { UInt8($0) } + [255]  // orders
        let samplePointer = h.count
        h += [UInt8](repeating: 0, count: 4)
        let patternPointers = h.count
        h += [UInt8](repeating: 0, count: 4 * patterns)
        let sampleHeader = h.count
        h += [UInt8](repeating: 0, count: 80)
        var patternOffsets: [Int] = []
        for p in 0..<patterns {
            patternOffsets.append(h.count)
            let cell: [UInt8] = p == 0 && jump ? [0x81, 0x09, 60, 2, 2] : [0x81, 0x01, UInt8(60 + p)]
            let data = cell + [0] + [UInt8](repeating: 0, count: 63)
            h += le(data.count, 2) + le(64, 2) + [0, 0, 0, 0] + data
        }
        let sampleData = h.count
        h += le(4, 2) + [0, 0, 0, 0] + le(2, 2) + [0x11, 0x22]
        h += Array("STPM".utf8) + Array(id.utf8) + le(2, 2) + le(value, 2)
        h.replaceSubrange(samplePointer..<(samplePointer + 4), with: le(sampleHeader, 4))
        for (i, o) in patternOffsets.enumerated() { h.replaceSubrange((patternPointers + 4 * i)..<(patternPointers + 4 * i + 4), with: le(o, 4)) }
        var sample = Array("IMPS".utf8) + [UInt8](repeating: 0, count: 76)
        sample[17] = 64
        sample[18] = 0x09  // has data, compressed
        sample[19] = 64
        sample[46] = 0x01
        sample[47] = 32
        sample.replaceSubrange(48..<76, with: le(1, 4) + le(0, 4) + le(0, 4) + le(8_363, 4) + le(0, 4) + le(0, 4) + le(sampleData, 4))
        h.replaceSubrange(sampleHeader..<(sampleHeader + 80), with: sample)
        return h
    }

    /// The whole-song score skips libopenmpt's subsong walk and nothing else; the pattern API
    /// must read the same without it, for MOD, XM, S3M and IT. An IT whose extension chunks only
    /// a sample-skipping load would read (a channel count of 40, a restart position that makes a
    /// second subsong) keeps its channels, and its subsong count agrees between the count, the
    /// render and the score.
    @Test func theSubsongWalkIsAllTheScoreSkips() throws {
        let seeds = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("fuzz/corpus/chip")
        // The chip harness's module seeds (their first byte picks the harness's path).
        let modules = try ["xm-1.bin", "s3m-1.bin", "it-1.bin"].map { name in
            Array(try Data(contentsOf: seeds.appendingPathComponent(name)).dropFirst())
        }
        let channelsChunk = Self.compressedSampleIT(patterns: 1, jump: false, chunk: "...C", value: 40)
        let restartChunk = Self.compressedSampleIT(patterns: 3, jump: true, chunk: "..PR", value: 1)
        let files =
            modules + [
                ChipFixtures.mod(seed: 3, patterns: 3), ChipFixtures.mod(seed: 9, patterns: 3, subsongs: true), channelsChunk, restartChunk,
            ]
        for (i, bytes) in files.enumerated() {
            let full = try Self.patternView(bytes, walkSubsongs: true)
            #expect(full.count > 3 + 64, "file \(i) has patterns")
            #expect(try Self.patternView(bytes, walkSubsongs: false) == full, "file \(i)")
            #expect(try ModuleScore.read(bytes).channels == Int(full[0]), "file \(i)")
        }
        for bytes in [restartChunk, ChipFixtures.mod(seed: 9, patterns: 3, subsongs: true)] {
            let count = try ChipRenderer.subtuneCount(bytes, format: .it)
            #expect(try ChipRenderer.render(bytes, format: .it).subtunes == count)
            for k in 0..<count { #expect(throws: Never.self) { try ModuleScore.read(bytes, subsong: k) } }
        }
    }
}
