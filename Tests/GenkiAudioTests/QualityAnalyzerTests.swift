import Foundation
import GenkiAudio
import GenkiFixtures
import Testing

func analyze(_ interleaved: [Float], sampleRate: Int, channels: Int, block: Int = 4096) -> QualityStats {
    var analyzer = QualityAnalyzer(sampleRate: sampleRate, channels: channels)
    let frames = interleaved.count / channels
    var mono = [Float](repeating: 0, count: frames)
    interleaved.withUnsafeBufferPointer { i in
        mono.withUnsafeMutableBufferPointer { m in
            Downmix.mono(i.baseAddress!, channels: channels, frames: frames, into: m.baseAddress!)
            var f = 0
            while f < frames {
                let n = min(block, frames - f)
                analyzer.process(interleaved: i.baseAddress! + f * channels, mono: m.baseAddress! + f, frames: n)
                f += n
            }
        }
    }
    return analyzer.finish()
}

@Suite struct QualityAnalyzerTests {
    @Test func sineLoudnessFollowsBS1770() throws {
        // A 997 Hz sine at −20 dBFS peak: −23.0 LUFS in one channel, −20.0 in two.
        let mono = ChiptuneSynth.sine(frequency: 997, sampleRate: 48_000, frames: 48_000 * 5, amplitude: 0.1)
        let m = analyze(mono, sampleRate: 48_000, channels: 1)
        let monoLUFS = try #require(m.loudnessLUFS)
        #expect(abs(monoLUFS - -23.01) < 0.1)
        let stereo = mono.flatMap { [$0, $0] }
        let s = analyze(stereo, sampleRate: 48_000, channels: 2)
        let stereoLUFS = try #require(s.loudnessLUFS)
        #expect(abs(stereoLUFS - -20.0) < 0.1)
        #expect(abs(try #require(m.peakDBFS) - -20) < 0.01)
        #expect(abs(try #require(m.rmsDBFS) - (-20 - 3.0103)) < 0.01)
        #expect(m.clippingRatio == 0)
        #expect(m.silenceRatio == 0)
    }

    @Test func loudnessIsIndependentOfSampleRate() throws {
        var values: [Double] = []
        for rate in [22_050, 44_100, 48_000, 96_000] {
            let x = ChiptuneSynth.sine(frequency: 997, sampleRate: rate, frames: rate * 3, amplitude: 0.3)
            values.append(try #require(analyze(x, sampleRate: rate, channels: 1).loudnessLUFS))
        }
        #expect((values.max() ?? 0) - (values.min() ?? 0) < 0.05)
    }

    @Test func silenceIsReportedAsSuch() {
        let s = analyze([Float](repeating: 0, count: 44_100), sampleRate: 44_100, channels: 1)
        #expect(s.peak == 0)
        #expect(s.peakDBFS == nil)
        #expect(s.rmsDBFS == nil)
        #expect(s.loudnessLUFS == nil)
        #expect(s.silenceRatio == 1)
        #expect(s.bandwidthHz == nil)
    }

    @Test func halfSilentSignalHasHalfSilenceRatio() {
        let tone = ChiptuneSynth.sine(frequency: 440, sampleRate: 8_000, frames: 8_000)
        let s = analyze(tone + [Float](repeating: 0, count: 8_000), sampleRate: 8_000, channels: 1)
        #expect(abs(s.silenceRatio - 0.5) < 0.03)
    }

    @Test func clippingAndDCAreMeasured() {
        let square: [Float] = (0..<10_000).map { ($0 / 50) % 2 == 0 ? 1.0 : -1.0 }
        #expect(analyze(square, sampleRate: 44_100, channels: 1).clippingRatio == 1)
        let dc = [Float](repeating: 0.25, count: 10_000)
        #expect(abs(analyze(dc, sampleRate: 44_100, channels: 1).dcOffset - 0.25) < 1e-6)
        let halfClipped = (0..<10_000).map { $0 % 2 == 0 ? Float(1) : Float(0.5) }
        #expect(abs(analyze(halfClipped, sampleRate: 44_100, channels: 1).clippingRatio - 0.5) < 1e-9)
    }

    @Test func bandwidthFindsTheHighestComponent() throws {
        let low = ChiptuneSynth.sine(frequency: 1_000, sampleRate: 44_100, frames: 44_100)
        let bw1 = try #require(analyze(low, sampleRate: 44_100, channels: 1).bandwidthHz)
        #expect(abs(bw1 - 1_000) < 150)
        let high = ChiptuneSynth.sine(frequency: 9_000, sampleRate: 44_100, frames: 44_100, amplitude: 0.05)
        let mixed = zip(low, high).map { $0 + $1 }
        let bw2 = try #require(analyze(mixed, sampleRate: 44_100, channels: 1).bandwidthHz)
        #expect(abs(bw2 - 9_000) < 150)
    }

    @Test func blockSizeDoesNotChangeStatistics() {
        let x = ChiptuneSynth().render(.init(seed: 21, duration: 1.5, sampleRate: 32_000, channels: 2))
        let reference = analyze(x, sampleRate: 32_000, channels: 2, block: 100_000)
        for block in [1_000, 3_333, 4_096] {
            let s = analyze(x, sampleRate: 32_000, channels: 2, block: block)
            #expect(s.peak == reference.peak)
            #expect(s.clippingRatio == reference.clippingRatio)
            #expect(s.silenceRatio == reference.silenceRatio)
            #expect(s.bandwidthHz == reference.bandwidthHz)
            // Float filter state: block edges change rounding only, far below the 0.01 LU reported.
            #expect(abs((s.loudnessLUFS ?? 0) - (reference.loudnessLUFS ?? 0)) < 1e-4)
            #expect(abs((s.rmsDBFS ?? 0) - (reference.rmsDBFS ?? 0)) < 1e-3)
        }
    }

    @Test func twoStepFilterMatchesTheDirectForm() throws {
        // Mono and stereo run the pipelined two-samples-per-step state-space filter in float;
        // three or more channels run the plain transposed direct form in double. A silent extra
        // channel adds no energy, so both paths must agree on the same audio, to within float
        // rounding (well under the 0.01 LU that records carry).
        for seed in [UInt64(3), 4, 5] {
            let stereo = ChiptuneSynth().render(.init(seed: seed, duration: 2.3, sampleRate: 44_100, channels: 2))
            let three = stride(from: 0, to: stereo.count, by: 2).flatMap { [stereo[$0], stereo[$0 + 1], Float(0)] }
            let a = try #require(analyze(stereo, sampleRate: 44_100, channels: 2, block: 4097).loudnessLUFS)
            let b = try #require(analyze(three, sampleRate: 44_100, channels: 3, block: 4097).loudnessLUFS)
            #expect(abs(a - b) < 1e-3, "\(a) vs \(b)")
            let mono = stride(from: 0, to: stereo.count, by: 2).map { stereo[$0] }
            let monoPlusSilence = mono.flatMap { [$0, Float(0), Float(0)] }
            let c = try #require(analyze(mono, sampleRate: 44_100, channels: 1, block: 999).loudnessLUFS)
            let d = try #require(analyze(monoPlusSilence, sampleRate: 44_100, channels: 3, block: 999).loudnessLUFS)
            #expect(abs(c - d) < 1e-3, "\(c) vs \(d)")
        }
    }
}

/// The noise floor is the 10th-percentile 50 ms window level: a piece with quiet passages keeps
/// them low, and noise mixed in raises it to the noise's level (issue 14's keep-policy).
@Suite struct NoiseFloorTests {
    /// Two seconds of tone, then one of digital silence, repeated.
    static func gappy(seconds: Int, rate: Int = 44_100) -> [Float] {
        let tone = ChiptuneSynth.sine(frequency: 440, sampleRate: rate, frames: 2 * rate, amplitude: 0.3)
        return (0..<seconds / 3).flatMap { _ in tone + [Float](repeating: 0, count: rate) }
    }

    @Test func noiseRaisesTheFloorToItsLevel() throws {
        let clean = Self.gappy(seconds: 30)
        var rng = SplitMix64(seed: 7)
        for noiseDB in [-70.0, -50.0, -35.0] {
            // Uniform noise of RMS `noiseDB` dBFS.
            let amplitude = Float(pow(10, noiseDB / 20) * 3.0.squareRoot())
            let noisy = clean.map { $0 + amplitude * (Float(rng.next() % 20_001) / 10_000 - 1) }
            let floor = try #require(analyze(noisy, sampleRate: 44_100, channels: 1).noiseFloorDBFS)
            #expect(abs(floor - noiseDB) <= 1.5, "noise at \(noiseDB) dBFS: floor \(floor)")
        }
        #expect(analyze(clean, sampleRate: 44_100, channels: 1).noiseFloorDBFS == -140, "digital silence")
        #expect(analyze([], sampleRate: 44_100, channels: 1).noiseFloorDBFS == nil)
    }
}
