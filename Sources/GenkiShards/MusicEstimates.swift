import Foundation
import GenkiAudio

/// Key and tempo estimates for the upstream sidecar's `key` and `bpm` fields.
///
/// - Key: 36-bin chroma (`ChromaExtractor`) summed over the piece, folded to 12 pitch classes,
///   correlated with the Krumhansl–Kessler major and minor profiles in all 12 rotations.
/// - Tempo: an onset envelope (half-wave rectified log-energy rise, 11.6 ms hops at 44.1 kHz),
///   autocorrelated; the lag between 60 and 200 BPM with the highest autocorrelation, weighted
///   by a broad preference for 120 BPM, wins.
/// Accuracy on generated pieces is measured by a test and stated in the README.
public enum MusicEstimates {
    /// Upper edge of the band the key is read from: pulse waves' strong upper harmonics would
    /// otherwise pull the pitch classes towards the fifth and the major third.
    nonisolated(unsafe) static var keyMaxHz = 1000.0
    static let names = ["C", "C#", "D", "D#", "E", "F", "F#", "G", "G#", "A", "A#", "B"]
    static let major: [Double] = [6.35, 2.23, 3.48, 2.33, 4.38, 4.09, 2.52, 5.19, 2.39, 3.66, 2.29, 2.88]
    static let minor: [Double] = [6.33, 2.68, 3.52, 5.38, 2.60, 3.53, 2.54, 4.75, 3.98, 2.69, 3.34, 3.17]

    /// Tonic pitch class (0 = C), mode, and a display name such as "A minor" (nil for silence).
    public static func key(mono: [Int16], sampleRate: Int) -> (tonic: Int, minor: Bool, name: String)? {
        let extractor = ChromaExtractor(sampleRate: sampleRate, maxHz: keyMaxHz)
        var floats = [Float](repeating: 0, count: 8192)
        var i = 0
        while i < mono.count {
            let n = min(8192, mono.count - i)
            for k in 0..<n { floats[k] = Float(mono[i + k]) / 32768 }
            floats.withUnsafeBufferPointer { extractor.process(UnsafeBufferPointer(rebasing: $0[0..<n])) }
            i += n
        }
        extractor.finish()
        var pc = [Double](repeating: 0, count: 12)
        let bins = ChromaExtractor.bins
        for f in 0..<extractor.frameCount {
            for b in 0..<bins {
                // Bin 0 is A; three bins per semitone.
                let semitoneFromA = Int((Double(b) / 3).rounded()) % 12
                pc[(semitoneFromA + 9) % 12] += Double(extractor.frames[f * bins + b])
            }
        }
        guard pc.reduce(0, +) > 0 else { return nil }
        var best = (score: -2.0, tonic: 0, minor: false)
        for tonic in 0..<12 {
            for (isMinor, profile) in [(false, major), (true, minor)] {
                let rotated = (0..<12).map { pc[(tonic + $0) % 12] }
                let r = correlation(rotated, profile)
                if r > best.score { best = (r, tonic, isMinor) }
            }
        }
        return (best.tonic, best.minor, "\(names[best.tonic]) \(best.minor ? "minor" : "major")")
    }

    /// Estimated tempo in BPM (nil when the signal has no rhythm to measure).
    public static func bpm(mono: [Int16], sampleRate: Int) -> Double? {
        let hop = max(1, sampleRate / 86)
        let frames = mono.count / hop
        guard frames > 64 else { return nil }
        var energy = [Double](repeating: 0, count: frames)
        mono.withUnsafeBufferPointer { p in
            for f in 0..<frames {
                var e = 0.0
                for k in (f * hop)..<(f * hop + hop) {
                    let x = Double(p[k])
                    e += x * x
                }
                energy[f] = log(1 + e / Double(hop))
            }
        }
        var onset = [Double](repeating: 0, count: frames)
        for f in 1..<frames { onset[f] = max(0, energy[f] - energy[f - 1]) }
        let mean = onset.reduce(0, +) / Double(frames)
        for f in 0..<frames { onset[f] -= mean }
        let framesPerMinute = 60 * Double(sampleRate) / Double(hop)
        let minLag = Int(framesPerMinute / 200)
        let maxLag = min(frames / 2, Int(framesPerMinute / 60) + 1)
        guard minLag < maxLag else { return nil }
        var best = (score: -Double.infinity, lag: 0)
        var zero = 0.0
        for f in 0..<frames { zero += onset[f] * onset[f] }
        guard zero > 0 else { return nil }
        for lag in minLag...maxLag {
            var ac = 0.0
            for f in 0..<(frames - lag) { ac += onset[f] * onset[f + lag] }
            let bpm = framesPerMinute / Double(lag)
            let prior = exp(-0.5 * pow(log2(bpm / 120) / 1.0, 2))
            let score = ac / zero * prior
            if score > best.score { best = (score, lag) }
        }
        guard best.lag > 0, best.score > 0 else { return nil }
        // Refine the lag with a parabola through its neighbours.
        func ac(_ lag: Int) -> Double {
            guard lag > 0, lag < frames else { return 0 }
            var s = 0.0
            for f in 0..<(frames - lag) { s += onset[f] * onset[f + lag] }
            return s
        }
        let (l, c, r) = (ac(best.lag - 1), ac(best.lag), ac(best.lag + 1))
        let d = l - 2 * c + r
        let delta = d < 0 ? max(-0.5, min(0.5, 0.5 * (l - r) / d)) : 0
        return (framesPerMinute / (Double(best.lag) + delta) * 10).rounded() / 10
    }

    static func correlation(_ a: [Double], _ b: [Double]) -> Double {
        let ma = a.reduce(0, +) / Double(a.count)
        let mb = b.reduce(0, +) / Double(b.count)
        var num = 0.0
        var da = 0.0
        var db = 0.0
        for i in a.indices {
            num += (a[i] - ma) * (b[i] - mb)
            da += (a[i] - ma) * (a[i] - ma)
            db += (b[i] - mb) * (b[i] - mb)
        }
        return da > 0 && db > 0 ? num / (da * db).squareRoot() : 0
    }
}
