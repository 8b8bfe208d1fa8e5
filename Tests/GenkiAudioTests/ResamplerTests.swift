import Foundation
import GenkiAudio
import GenkiFixtures
import Testing

func resample(_ input: [Float], from: Int, to: Int, quality: ResamplerQuality, block: Int) throws -> [Float] {
    let r = try Resampler(inputRate: from, outputRate: to, quality: quality)
    var out: [Float] = []
    var offset = 0
    try input.withUnsafeBufferPointer { p in
        while offset < input.count {
            let n = min(block, input.count - offset)
            try r.process(p.baseAddress! + offset, count: n) { out.append(contentsOf: $0) }
            offset += n
        }
    }
    try r.finish { out.append(contentsOf: $0) }
    #expect(r.framesOut == Int64(out.count))
    return out
}

@Suite struct ResamplerTests {
    static let cases: [(Int, Int, ResamplerQuality)] = [
        (44_100, 11_025, .sincFastest), (48_000, 44_100, .sincBest), (22_050, 44_100, .sincBest),
        (32_000, 48_000, .sincMedium), (96_000, 11_025, .sincFastest), (8_000, 44_100, .sincFastest),
    ]

    @Test(arguments: 0..<cases.count)
    func sineKeepsFrequencyAndLength(index: Int) throws {
        let (from, to, quality) = Self.cases[index]
        let frequency = 440.0 * 1.5
        let frames = from * 3 + 17
        let input = ChiptuneSynth.sine(frequency: frequency, sampleRate: from, frames: frames)
        let output = try resample(input, from: from, to: to, quality: quality, block: 4096)
        let expectedLength = (Double(frames) * Double(to) / Double(from)).rounded()
        #expect(Double(output.count) == expectedLength, "length \(output.count) vs \(expectedLength)")
        let measured = FrequencyEstimate.zeroCrossings(output, sampleRate: to)
        #expect(abs(measured - frequency) / frequency < 0.005, "\(measured) Hz")
    }

    @Test func blockSizeDoesNotChangeOutput() throws {
        let input = ChiptuneSynth().render(.init(seed: 11, duration: 1.0, sampleRate: 44_100, channels: 1))
        let whole = try resample(input, from: 44_100, to: 11_025, quality: .sincFastest, block: input.count)
        for block in [1, 7, 256, 4096, 10_000] {
            let pieces = try resample(input, from: 44_100, to: 11_025, quality: .sincFastest, block: block)
            #expect(pieces == whole, "block \(block)")
        }
    }

    @Test func equalRatesPassThrough() throws {
        let input: [Float] = (0..<1000).map { Float($0) / 1000 }
        let output = try resample(input, from: 44_100, to: 44_100, quality: .sincBest, block: 300)
        #expect(output == input)
    }

    /// The trainer stacks 30-s clips into one tensor: every rate pair and every quality gives
    /// exactly round(frames × to ÷ from) frames, whatever the block size, for lengths around
    /// whole seconds (30.000 s at 48 and 96 kHz came out one sample short before).
    @Test(arguments: ResamplerQuality.allCases)
    func everyRatePairGivesTheExactRoundedLength(quality: ResamplerQuality) throws {
        let rates = [8_000, 11_025, 16_000, 22_050, 32_000, 44_100, 48_000, 88_200, 96_000]
        var rng = SplitMix64(seed: 7)
        for from in rates {
            for to in [11_025, 32_000, 44_100, 48_000] {
                let seconds = from >= 88_200 ? 1 : 2
                for frames in [from * seconds, from * seconds - 1, from * seconds + 1, Int(rng.next() % UInt64(from)) + 1] {
                    let input = ChiptuneSynth.sine(frequency: 523.25, sampleRate: from, frames: frames)
                    let block = [509, 4096, frames][Int(rng.next() % 3)]
                    let output = try resample(input, from: from, to: to, quality: quality, block: block)
                    let exact = (Int64(frames) * Int64(to) * 2 + Int64(from)) / (2 * Int64(from))
                    #expect(Int64(output.count) == exact, "\(from) → \(to) \(quality), \(frames) frames: \(output.count)")
                    #expect(Resampler.expectedFrames(inputFrames: Int64(frames), inputRate: from, outputRate: to) == exact)
                    #expect(output.allSatisfy { $0.isFinite })
                }
            }
        }
    }

    @Test func expectedFramesRoundsHalvesUpAndNeverOverflows() {
        #expect(Resampler.expectedFrames(inputFrames: 1, inputRate: 2, outputRate: 1) == 1)
        #expect(Resampler.expectedFrames(inputFrames: 1, inputRate: 3, outputRate: 1) == 0)
        #expect(Resampler.expectedFrames(inputFrames: 1_440_000, inputRate: 48_000, outputRate: 44_100) == 1_323_000)
        #expect(Resampler.expectedFrames(inputFrames: 0, inputRate: 48_000, outputRate: 44_100) == 0)
        #expect(Resampler.expectedFrames(inputFrames: .max, inputRate: 44_100, outputRate: 44_100) > 0)
    }

    @Test func rejectsInvalidRates() {
        #expect(throws: AudioError.self) { try Resampler(inputRate: 0, outputRate: 44_100, quality: .sincBest) }
        #expect(throws: AudioError.self) { try Resampler(inputRate: 1, outputRate: 1_000_000, quality: .sincBest) }
    }
}

/// libsoxr VHQ, the writer's converter (issue 14): in band its error stays near 16-bit
/// precision (the rest is passband ripple of thousandths of a dB), it is aligned (no delay to
/// compensate), and its output does not depend on how the input is cut.
@Suite struct SoxrResamplerTests {
    static let tones: [Double] = [97, 440, 1_000, 3_100, 7_000, 12_000, 17_000]

    /// The tones below 0.4 × `limit` (both rates' band), at `rate`.
    static func multitone(_ rate: Int, seconds: Int, limit: Int) -> [Float] {
        let freqs = tones.filter { $0 < 0.4 * Double(limit) }
        return (0..<(rate * seconds)).map { i in Float(freqs.reduce(0.0) { $0 + 0.1 * sin(2 * .pi * $1 * Double(i) / Double(rate)) }) }
    }

    @Test(arguments: [(48_000, 44_100), (96_000, 44_100), (22_050, 44_100), (44_100, 48_000)])
    func inBandErrorIsNearSixteenBitsAndAligned(from: Int, to: Int) throws {
        let limit = min(from, to)
        let y = try resample(Self.multitone(from, seconds: 4, limit: limit), from: from, to: to, quality: .soxrVHQ, block: 4_096)
        let reference = Self.multitone(to, seconds: 4, limit: limit)
        #expect(y.count == reference.count)
        let lo = y.count / 4
        let hi = 3 * y.count / 4
        var signal = 0.0
        var noise = 0.0
        for i in lo..<hi {
            signal += Double(reference[i]) * Double(reference[i])
            noise += (Double(y[i]) - Double(reference[i])) * (Double(y[i]) - Double(reference[i]))
        }
        let snr = 10 * log10(signal / max(noise, 1e-30))
        #expect(snr >= 90, "\(from) → \(to): \(snr) dB at lag 0")
    }

    @Test func theOutputDoesNotDependOnTheBlockSize() throws {
        let x = ChiptuneSynth().render(ChiptuneSynth.Piece(seed: 5, duration: 5, sampleRate: 48_000, channels: 1))
        let a = try resample(x, from: 48_000, to: 44_100, quality: .soxrVHQ, block: 8_192)
        for block in [509, 4_096, x.count] {
            #expect(try resample(x, from: 48_000, to: 44_100, quality: .soxrVHQ, block: block) == a, "block \(block)")
        }
    }
}
