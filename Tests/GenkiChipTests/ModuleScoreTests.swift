import GenkiChip
import GenkiFixtures
import GenkiMIDI
import GenkiModel
import Testing

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
}
