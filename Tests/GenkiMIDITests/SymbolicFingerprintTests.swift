import GenkiFixtures
import GenkiMIDI
import GenkiModel
import Testing

@Suite struct SymbolicFingerprintTests {
    @Test func invariantToEncodingTranspositionTempoAndLayout() throws {
        let piece = GeneratedPiece.make(seed: 5)
        let base = try fingerprint(piece)
        #expect(base.shingles.count > 100)
        for variant in [piece.transposed(3), piece.tempoScaled(0.8), piece.resolution(96), piece.rearranged()] {
            #expect(try fingerprint(variant).shingles == base.shingles)
        }
        #expect(try fingerprint(piece, layout: .init(format: 0, velocityZeroNoteOffs: true, reverseTracks: true)) == base)
    }

    @Test func minHashEstimatesJaccard() throws {
        let pieces = (0..<12).map { GeneratedPiece.make(seed: UInt64(100 + $0)) }
        var pairs: [(SymbolicFingerprint, SymbolicFingerprint)] = []
        for p in pieces {
            let f = try fingerprint(p)
            pairs.append((f, try fingerprint(p.droppingNotes(0.1, seed: 1))))
            pairs.append((f, try fingerprint(p.trimmed(keep: 0.5))))
            pairs.append((f, try fingerprint(pieces[0])))
        }
        for (a, b) in pairs {
            // 128 slots: standard error ≤ 0.045; allow four of them.
            #expect(abs(a.estimatedJaccard(b) - a.jaccard(b)) < 0.18, "\(a.estimatedJaccard(b)) vs \(a.jaccard(b))")
        }
    }

    @Test func similarityIsSymmetricBoundedAndOneForItself() throws {
        let a = try fingerprint(GeneratedPiece.make(seed: 8))
        let b = try fingerprint(GeneratedPiece.make(seed: 9))
        #expect(a.similarity(a) == 1)
        #expect(a.jaccard(a) == 1)
        #expect(a.similarity(b) == b.similarity(a))
        #expect(a.similarity(b) >= 0 && a.similarity(b) < SymbolicFingerprint.threshold)
        #expect(a.estimatedJaccard(a) == 1)
    }

    @Test func drumsOnlyAndTinyFilesHaveNoMeaningfulMatch() throws {
        var drums = GeneratedPiece.make(seed: 3)
        drums.notes = drums.notes.filter { $0.channel == 9 }
        #expect(try fingerprint(drums).shingles.isEmpty)
        // A 5-note phrase shared by two files is not enough to call them the same.
        let tiny = SymbolicFingerprint(shingles: [1, 2, 3])
        let big = SymbolicFingerprint(shingles: Array(1...300))
        #expect(tiny.similarity(big) < SymbolicFingerprint.threshold)
    }
}
