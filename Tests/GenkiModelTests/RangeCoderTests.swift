import GenkiFixtures
import Testing

@testable import GenkiModel

@Suite struct RangeCoderTests {
    static func encode(_ symbols: [Int], alphabet: Int) -> [UInt8] {
        var model = AdaptiveModel(symbols: alphabet)
        var encoder = RangeEncoder()
        for s in symbols { encoder.encode(s, with: &model) }
        return encoder.finish()
    }

    static func decode(_ bytes: [UInt8], count: Int, alphabet: Int) -> (symbols: [Int], overran: Bool) {
        var model = AdaptiveModel(symbols: alphabet)
        var decoder = RangeDecoder(bytes, offset: 0)
        let symbols = (0..<count).map { _ in decoder.decode(with: &model) }
        return (symbols, decoder.overran)
    }

    /// Property: any symbol sequence over any small alphabet, uniform or skewed, decodes back
    /// exactly, without reading past the coder's flush.
    @Test func everySequenceRoundTrips() {
        var rng = SplitMix64(seed: 0x5eed)
        for trial in 0..<200 {
            let alphabet = 2 + Int(rng.next() % 15)
            let length = Int(rng.next() % 3_000)
            let skew = trial % 3  // 0 uniform, 1 mostly one symbol, 2 geometric
            let symbols = (0..<length).map { _ -> Int in
                switch skew {
                case 0: return Int(rng.next() % UInt64(alphabet))
                case 1: return rng.next() % 10 == 0 ? Int(rng.next() % UInt64(alphabet)) : alphabet - 1
                default:
                    var s = 0
                    while s < alphabet - 1 && rng.next() % 2 == 0 { s += 1 }
                    return s
                }
            }
            let bytes = Self.encode(symbols, alphabet: alphabet)
            let (decoded, overran) = Self.decode(bytes, count: length, alphabet: alphabet)
            #expect(decoded == symbols, "trial \(trial): alphabet \(alphabet), length \(length)")
            #expect(!overran)
            #expect(bytes.first == 0, "the encoder's first byte is always 0 (the decoder skips it)")
        }
    }

    /// Long runs push the adaptive counts past their limit; halving keeps both sides in step.
    @Test func rescalingKeepsEncoderAndDecoderInStep() {
        var model = AdaptiveModel(symbols: 4)
        for _ in 0..<10_000 { model.update(2) }
        #expect(model.total <= AdaptiveModel.limit)
        #expect(model.counts.allSatisfy { $0 >= 1 }, "no symbol's count reaches 0")
        let symbols = [Int](repeating: 2, count: 20_000) + [0, 1, 3] + [Int](repeating: 1, count: 5_000)
        #expect(Self.decode(Self.encode(symbols, alphabet: 4), count: symbols.count, alphabet: 4).symbols == symbols)
    }

    @Test func skewedInputCompressesAndUniformInputCostsItsEntropy() {
        var rng = SplitMix64(seed: 3)
        let skewed = (0..<20_000).map { _ in rng.next() % 50 == 0 ? 1 : 0 }
        #expect(Self.encode(skewed, alphabet: 2).count < 20_000 / 8 / 4, "p = 0.02 costs about 0.14 bit per symbol")
        let uniform = (0..<20_000).map { _ in Int(rng.next() % 16) }
        let bytes = Self.encode(uniform, alphabet: 16).count
        #expect(bytes > 9_800 && bytes < 10_300, "16 equiprobable symbols cost 4 bits each: \(bytes) bytes")
    }

    @Test func aTruncatedStreamIsDetectedNotTrapped() {
        var rng = SplitMix64(seed: 11)
        let symbols = (0..<4_000).map { _ in Int(rng.next() % 9) }
        let bytes = Self.encode(symbols, alphabet: 9)
        let (_, overran) = Self.decode(Array(bytes.prefix(bytes.count / 2)), count: symbols.count, alphabet: 9)
        #expect(overran)
    }
}
