import Foundation
import GenkiAudio
import GenkiFingerprint
import GenkiFixtures
import GenkiIngest

/// Robustness of genki's audio fingerprint on generated pieces under every distortion.
enum FingerprintBench {
    static func run(pieces count: Int, seconds: Double) throws {
        print("")
        print("audio fingerprint robustness: \(count) pieces of \(Int(seconds)) s, \(AudioDistortion.grid.count) distortions")
        let pieces = (0..<count).map { ChiptuneSynth.Piece(seed: UInt64(7_000 + $0), duration: seconds, sampleRate: 44_100, channels: 1) }
        let originals = try pieces.map { p in try AudioFingerprinter.fingerprint(mono: ChiptuneSynth().render(p), sampleRate: 44_100) }
        var wrongBest = 0.0
        var rows: [(String, [Double])] = []
        for distortion in AudioDistortion.grid {
            var trueScores: [Double] = []
            for (i, p) in pieces.enumerated() {
                let (x, rate) = try distortion.render(p)
                let fp = try AudioFingerprinter.fingerprint(mono: x, sampleRate: rate)
                for (j, o) in originals.enumerated() {
                    let score = AudioMatcher.compare(fp, o).score
                    if i == j { trueScores.append(score) } else { wrongBest = max(wrongBest, score) }
                }
            }
            rows.append((distortion.description, trueScores))
        }
        for i in 0..<count {
            for j in (i + 1)..<count { wrongBest = max(wrongBest, AudioMatcher.compare(originals[i], originals[j]).score) }
        }
        let threshold = wrongBest + 1e-9
        print("best wrong-pair score: \(String(format: "%.3f", wrongBest)) (threshold just above it: precision 1.0)")
        for (name, scores) in rows {
            let recall = Double(scores.filter { $0 > threshold }.count) / Double(scores.count)
            print(String(format: "%-28@ min true %.3f  median %.3f  recall %.3f", name as NSString, scores.min() ?? 0, scores.sorted()[scores.count / 2], recall))
        }
    }
}
