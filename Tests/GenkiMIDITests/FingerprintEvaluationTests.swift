import GenkiFixtures
import GenkiMIDI
import GenkiModel
import Testing

/// Fingerprint of a generated piece through the real path: file model → SMF bytes → parser →
/// canonical stream → fingerprint.
func fingerprint(_ piece: GeneratedPiece, layout: GeneratedPiece.Layout = .init()) throws -> SymbolicFingerprint {
    let bytes = SMFWriter().write(piece.file(layout))
    let parsed = try MIDIParser.parse(bytes)
    return SymbolicFingerprint(notes: NoteStream(parsed.file).notes)
}

@Suite struct FingerprintEvaluationTests {
    static let disguises: [(String, @Sendable (GeneratedPiece, UInt64) -> GeneratedPiece, GeneratedPiece.Layout)] = [
        ("transpose +5", { p, _ in p.transposed(5) }, .init()),
        ("transpose -7", { p, _ in p.transposed(-7) }, .init()),
        ("tempo ×1.25", { p, _ in p.tempoScaled(1.25) }, .init()),
        ("resolution 96", { p, _ in p.resolution(96) }, .init()),
        ("format 0, vel-0 offs", { p, _ in p }, .init(format: 0, velocityZeroNoteOffs: true)),
        ("channels, programs, track order", { p, _ in p.rearranged() }, .init(reverseTracks: true)),
        ("trim to 70 %", { p, _ in p.trimmed(keep: 0.7) }, .init()),
        ("10 % notes dropped", { p, s in p.droppingNotes(0.1, seed: s) }, .init()),
        ("10 % notes added", { p, s in p.addingNotes(0.1, seed: s) }, .init()),
    ]

    /// ≥ 200 distinct pieces, every disguise of each: recall and precision at the threshold.
    @Test func recallAndPrecisionOnDisguisedCopies() throws {
        let count = 200
        let originals = try (0..<count).map { try fingerprint(GeneratedPiece.make(seed: UInt64($0))) }
        // Inverted index: shingle → originals containing it, to count intersections fast.
        var postings: [UInt64: [Int]] = [:]
        for (i, f) in originals.enumerated() { for s in f.shingles { postings[s, default: []].append(i) } }
        func bestMatches(_ f: SymbolicFingerprint) -> [(Int, Double)] {
            var shared: [Int: Int] = [:]
            for s in f.shingles { for i in postings[s] ?? [] { shared[i, default: 0] += 1 } }
            return shared.map { ($0.key, SymbolicFingerprint.score(shared: $0.value, f.shingles.count, originals[$0.key].shingles.count)) }
        }
        let threshold = SymbolicFingerprint.threshold
        var truePositives = 0
        var falseNegatives = 0
        var falsePositives = 0
        var worstTrue: [String: Double] = [:]
        var bestFalse = 0.0
        for (name, disguise, layout) in Self.disguises {
            for i in 0..<count {
                let copy = try fingerprint(disguise(GeneratedPiece.make(seed: UInt64(i)), UInt64(i) + 99), layout: layout)
                for (j, score) in bestMatches(copy) {
                    if j == i {
                        worstTrue[name] = min(worstTrue[name] ?? 1, score)
                    } else {
                        bestFalse = max(bestFalse, score)
                        if score >= threshold { falsePositives += 1 }
                    }
                }
                if copy.similarity(originals[i]) >= threshold { truePositives += 1 } else { falseNegatives += 1 }
            }
        }
        // Distinct originals against each other.
        for (i, f) in originals.enumerated() {
            for (j, score) in bestMatches(f) where j != i {
                bestFalse = max(bestFalse, score)
                if score >= threshold { falsePositives += 1 }
            }
        }
        let recall = Double(truePositives) / Double(truePositives + falseNegatives)
        let precision = Double(truePositives) / Double(max(1, truePositives + falsePositives))
        let report = worstTrue.sorted { $0.key < $1.key }.map { "\($0.key): \($0.value)" }.joined(separator: ", ")
        #expect(recall >= 0.99, "recall \(recall); worst true scores: \(report)")
        #expect(precision >= 0.99, "precision \(precision); best wrong score \(bestFalse)")
        #expect(bestFalse < threshold, "best wrong score \(bestFalse)")
        print("symbolic fingerprint: recall \(recall), precision \(precision), best wrong \(bestFalse); worst true: \(report)")
    }
}
