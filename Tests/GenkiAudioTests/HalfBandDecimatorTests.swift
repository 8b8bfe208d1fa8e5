import Foundation
import GenkiAudio
import GenkiFixtures
import Testing

func decimate(_ input: [Float], block: Int, halfSpan: Int = HalfBandDecimator.sharp) -> [Float] {
    let d = HalfBandDecimator(halfSpan: halfSpan)
    var out: [Float] = []
    var offset = 0
    input.withUnsafeBufferPointer { p in
        while offset < input.count {
            let n = min(block, input.count - offset)
            d.process(UnsafeBufferPointer(rebasing: p[offset..<(offset + n)])) { out.append(contentsOf: $0) }
            offset += n
        }
    }
    d.finish { out.append(contentsOf: $0) }
    return out
}

func rms(_ x: ArraySlice<Float>) -> Double {
    (x.reduce(0) { $0 + Double($1) * Double($1) } / Double(max(1, x.count))).squareRoot()
}

@Suite struct HalfBandDecimatorTests {
    @Test(arguments: [0, 1, 2, 47, 48, 1000, 1001])
    func lengthIsHalfRoundedUp(n: Int) {
        #expect(decimate([Float](repeating: 0.1, count: n), block: 64).count == (n + 1) / 2)
    }

    @Test func passesLowFrequenciesAndDC() {
        let dc = decimate([Float](repeating: 0.5, count: 4000), block: 333)
        // Away from the zero-padded edges, DC passes with unit gain.
        #expect(dc[100..<1900].allSatisfy { abs($0 - 0.5) < 1e-4 })
        let sine = ChiptuneSynth.sine(frequency: 2_000, sampleRate: 44_100, frames: 44_100, amplitude: 0.5)
        let out = decimate(sine, block: 4096)
        let ratio = rms(out[500..<21_000]) / rms(sine[1000..<42_000][...])
        #expect(abs(20 * log10(ratio)) < 0.1)
    }

    @Test func rejectsWhatWouldAlias() {
        // 0.35 · 44.1 kHz = 15.4 kHz would fold to 6.6 kHz after 2:1; it must be ≥ 60 dB down.
        let sine = ChiptuneSynth.sine(frequency: 15_435, sampleRate: 44_100, frames: 44_100, amplitude: 0.5)
        let out = decimate(sine, block: 4096)
        let ratio = rms(out[500..<21_000]) / rms(sine[...])
        #expect(20 * log10(ratio) < -60)
    }

    /// The short filter for early stages: flat to 0.1·fs, and what would fold into that band
    /// (from 0.4·fs up) at least 75 dB down.
    @Test func wideFilterKeepsTheLowBandAliasFree() {
        let wide = HalfBandDecimator.wide
        #expect(decimate([Float](repeating: 0.1, count: 1001), block: 64, halfSpan: wide).count == 501)
        let low = ChiptuneSynth.sine(frequency: 4_400, sampleRate: 44_100, frames: 44_100, amplitude: 0.5)
        let passed = rms(decimate(low, block: 4096, halfSpan: wide)[500..<21_000]) / rms(low[1000..<42_000][...])
        #expect(abs(20 * log10(passed)) < 0.01)
        for f in [17_640.0, 19_000, 21_000] {
            let high = ChiptuneSynth.sine(frequency: f, sampleRate: 44_100, frames: 44_100, amplitude: 0.5)
            let folded = rms(decimate(high, block: 4096, halfSpan: wide)[500..<21_000]) / rms(high[...])
            #expect(20 * log10(folded) < -75, "\(f) Hz")
        }
    }

    @Test func blockSizeDoesNotChangeOutput() {
        let x = ChiptuneSynth().render(.init(seed: 5, duration: 0.5, sampleRate: 44_100, channels: 1))
        let reference = decimate(x, block: x.count)
        for block in [1, 3, 100, 8192] {
            #expect(decimate(x, block: block) == reference)
        }
        let wide = decimate(x, block: x.count, halfSpan: HalfBandDecimator.wide)
        #expect(decimate(x, block: 7, halfSpan: HalfBandDecimator.wide) == wide)
    }
}
