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
        let expectedLength = Double(frames) * Double(to) / Double(from)
        #expect(abs(Double(output.count) - expectedLength) <= 1, "length \(output.count) vs \(expectedLength)")
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

    @Test func rejectsInvalidRates() {
        #expect(throws: AudioError.self) { try Resampler(inputRate: 0, outputRate: 44_100, quality: .sincBest) }
        #expect(throws: AudioError.self) { try Resampler(inputRate: 1, outputRate: 1_000_000, quality: .sincBest) }
    }
}
