import Foundation
import GenkiDedup
import GenkiFingerprint
import GenkiFixtures
import GenkiIngest
import GenkiMIDI

/// Cross-modal matching: MIDI pieces (rendered by genki's chiptune voices) against recordings
/// of the same pieces made with another synth (`SineRenderer`), and against other pieces.
enum CrossModalBench {
    static func run(pieces count: Int) throws {
        print("")
        print("cross-modal: \(count) MIDI pieces (16 bars) vs recordings made with a sine synth")
        var renders: [AudioMatcher.Prepared] = []
        var recordings: [AudioMatcher.Prepared] = []
        for i in 0..<count {
            let bytes = SMFWriter().write(GeneratedPiece.make(seed: UInt64(600 + i), bars: 16).file())
            guard let fp = CrossModal.renderFingerprint(midi: bytes) else { continue }
            renders.append(.init(fp))
            let stream = NoteStream(try MIDIParser.parse(bytes).file)
            recordings.append(.init(try AudioFingerprinter.fingerprint(mono: SineRenderer.render(stream, sampleRate: 22_050), sampleRate: 22_050)))
        }
        var trueScores: [Double] = []
        var wrongBest = 0.0
        for (i, r) in renders.enumerated() {
            for (j, a) in recordings.enumerated() {
                let score = AudioMatcher.compare(r, a).score
                if i == j { trueScores.append(score) } else { wrongBest = max(wrongBest, score) }
            }
        }
        let recall = Double(trueScores.filter { $0 >= AudioMatcher.threshold }.count) / Double(max(1, trueScores.count))
        print(
            String(
                format: "  at the audio threshold %.2f: recall %.3f (weakest true pair %.3f), best wrong pair %.3f",
                AudioMatcher.threshold, recall, trueScores.min() ?? 0, wrongBest))
    }
}
