import GenkiChip
import GenkiFixtures
import GenkiMIDI
import GenkiModel
import Testing

/// The MOD → XM converter and the copier's disguises it applies (`MODReader`, `ModuleDisguise`,
/// `XMWriter`), checked through libopenmpt: the XM opens and plays, and its score is the MOD's
/// up to the disguise.
@Suite struct ModuleDisguiseTests {
    static let mod = ChipFixtures.mod(seed: 5, patterns: 3)

    static func xm(_ disguise: ModuleDisguise = ModuleDisguise()) throws -> [UInt8] {
        XMWriter.write(disguise.apply(to: try MODReader.read(mod)))
    }

    @Test func theReaderTakesTheMODApart() throws {
        let song = try MODReader.read(Self.mod)
        #expect(song.channels == 4 && song.orders == [0, 1, 2] && song.patterns.count == 3 && song.instruments.count == 31)
        #expect(song.instruments[0].sample.count == 64 && song.instruments[0].loopLength == 64 && song.instruments[2].sample.isEmpty)
        // Row 0 of pattern 0: the melody (sample 1, square) with the speed command.
        let first = song.patterns[0].cells[0]
        #expect(first.instrument == 1 && first.effect == TrackerCell.speedOrTempo && first.parameter == 6)
        #expect((try? MODReader.read(Array(Self.mod.prefix(100)))) == nil)
        // FLT8 keeps its patterns in 4-channel halves: refused, not read as a 15-sample MOD.
        var flt8 = Self.mod
        flt8.replaceSubrange(1_080..<1_084, with: Array("FLT8".utf8))
        #expect(throws: MODReader.Failure.badLayout("FLT8 (patterns stored in 4-channel halves)")) { try MODReader.read(flt8) }
    }

    @Test func anIdentityConversionPlaysAndReadsTheSameNotes() throws {
        let xm = try Self.xm()
        #expect(ChipFormat.sniff(Array(xm.prefix(ChipFormat.headerLength)), fileName: "copy.xm") == .xm)
        let render = try ChipRenderer.render(xm, format: .xm)
        #expect(render.frames > 44_100 && render.samples.contains { abs($0) > 0.01 })
        let original = try ModuleScore.read(Self.mod)
        let copy = try ModuleScore.read(xm)
        #expect(copy.channels == 4 && copy.orders == 3)
        #expect(copy.notes.count == original.notes.count)
        let pitches = copy.notes.map(\.pitch) == original.notes.map(\.pitch)
        let onsets = copy.notes.map(\.onsetBeats) == original.notes.map(\.onsetBeats)
        #expect(pitches && onsets, "pitches \(pitches), onsets \(onsets)")
    }

    @Test func transposingMovesEveryPitch() throws {
        let original = try ModuleScore.read(Self.mod).notes
        for shift in [3, -5] {
            let copy = try ModuleScore.read(try Self.xm(ModuleDisguise(transpose: shift))).notes
            let moved = copy.map { Int($0.pitch) } == original.map { Int($0.pitch) + shift }
            let onsets = copy.map(\.onsetBeats) == original.map(\.onsetBeats)
            #expect(moved && onsets, "transpose \(shift): pitches moved \(moved), onsets kept \(onsets)")
        }
    }

    @Test func reorderingChannelsAndInstrumentsKeepsTheNotes() throws {
        let original = try ModuleScore.read(Self.mod)
        let song = try MODReader.read(Self.mod)
        let disguise = ModuleDisguise(
            channelOrder: ModuleDisguise.permutation(4, seed: 1), instrumentOrder: ModuleDisguise.permutation(song.instruments.count, seed: 2), text: "copy")
        let moved = disguise.apply(to: song)
        let changed = moved.patterns[0].cells != song.patterns[0].cells
        #expect(moved.title == "copy" && changed)
        let copy = try ModuleScore.read(XMWriter.write(moved))
        func key(_ n: CanonicalNote) -> [Double] { [n.onsetBeats, Double(n.pitch), n.durationBeats] }
        let same = copy.notes.map(key).sorted { $0.lexicographicallyPrecedes($1) } == original.notes.map(key).sorted { $0.lexicographicallyPrecedes($1) }
        let reordered = copy.notes.map(\.channel) != original.notes.map(\.channel)
        #expect(same && reordered, "same notes \(same), channels moved \(reordered)")
    }

    @Test func retimingChangesTheSpeedNotTheRows() throws {
        let faster = try MODReader.read(Self.mod)
        let disguised = ModuleDisguise(speedFactor: 0.5, tempoFactor: 1.5).apply(to: faster)
        #expect(disguised.speed == 3 && disguised.tempo == 188 && disguised.patterns[0].cells[0].parameter == 3)
        let expanded = ModuleDisguise(rowExpansion: 2).apply(to: faster)
        #expect(expanded.patterns[0].rows == 128 && expanded.speed == 3)
        let original = try ModuleScore.read(Self.mod).notes
        let copy = try ModuleScore.read(XMWriter.write(expanded)).notes
        let doubled = copy.map(\.onsetBeats) == original.map { $0.onsetBeats * 2 }
        #expect(doubled)
    }

    @Test func everyDisguiseAtOnceStaysAboveTheThreshold() throws {
        let song = try MODReader.read(Self.mod)
        let combined = ModuleDisguise.combined(channels: song.channels, instruments: song.instruments.count, seed: 9)
        let xm = XMWriter.write(combined.apply(to: song))
        _ = try ChipRenderer.render(xm, format: .xm)
        let original = SymbolicFingerprint(notes: try ModuleScore.read(Self.mod).notes)
        let copy = SymbolicFingerprint(notes: try ModuleScore.read(xm).notes)
        let other = SymbolicFingerprint(notes: try ModuleScore.read(ChipFixtures.mod(seed: 6, patterns: 3)).notes)
        #expect(original.similarity(copy) >= SymbolicFingerprint.threshold, "combined disguise \(original.similarity(copy))")
        #expect(original.similarity(other) < SymbolicFingerprint.threshold)
    }

    /// Written in play order (breaks and jumps resolved, unplayed rows gone), the song reads the
    /// same notes as the original with its breaks; keeping the first orders keeps their notes.
    @Test func playOrderAndTrimmedCopiesReadAsPlayed() throws {
        var song = try MODReader.read(Self.mod)
        song.patterns[0].cells[31 * 4 + 3] = TrackerCell(effect: TrackerCell.patternBreak, parameter: 0x08)  // D08 after row 31
        song.patterns[2].cells[63 * 4 + 3] = TrackerCell(effect: TrackerCell.positionJump, parameter: 1)  // loop back to order 1
        let original = XMWriter.write(song)
        let unrolled = ModuleDisguise(playOrder: true).apply(to: song)
        // Pattern 0 to its break, pattern 1 from row 8, pattern 2, then pattern 1's first rows
        // (the jump lands on them) until row 8 comes round again.
        #expect(unrolled.orders == [0, 1, 2, 3] && unrolled.patterns.map(\.rows) == [32, 56, 64, 8])
        #expect(unrolled.patterns.allSatisfy { $0.cells.allSatisfy { $0.effect != TrackerCell.patternBreak && $0.effect != TrackerCell.positionJump } })
        let a = try ModuleScore.read(original).notes
        let b = try ModuleScore.read(XMWriter.write(unrolled)).notes
        let same = a.count == b.count && a.map(\.pitch) == b.map(\.pitch) && a.map(\.onsetBeats) == b.map(\.onsetBeats)
        #expect(same && a.count == 20 + 35 + 40 + 5, "\(a.count) and \(b.count) notes")
        let trimmed = try ModuleScore.read(XMWriter.write(ModuleDisguise(keptOrders: 0.34).apply(to: try MODReader.read(Self.mod)))).notes
        let plain = try ModuleScore.read(Self.mod).notes
        let prefix = trimmed.map(\.pitch) == plain.prefix(40).map(\.pitch)
        #expect(trimmed.count == 40 && prefix, "\(trimmed.count) notes")
    }

    /// A pattern break's parameter holds the row as two decimal digits, and reads back as it.
    @Test func breakParametersAreDecimalDigits() {
        #expect(TrackerCell.breakParameter(row: 16) == 0x16 && TrackerCell.breakParameter(row: 99) == 0x99)
        #expect((0...99).allSatisfy { TrackerCell.breakRow(TrackerCell.breakParameter(row: $0)) == $0 })
    }
}
