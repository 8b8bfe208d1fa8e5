import GenkiAudio
import Testing

@Suite struct DownmixTests {
    @Test func everySixteenBitValueRoundTrips() {
        // libsndfile reads 16-bit v as v / 32768; pcm16 must invert that exactly.
        let values = (Int(Int16.min)...Int(Int16.max)).map { Float($0) / 32768 }
        var out = [Int16](repeating: 0, count: values.count)
        values.withUnsafeBufferPointer { v in
            out.withUnsafeMutableBufferPointer { o in Downmix.pcm16(v.baseAddress!, count: v.count, into: o.baseAddress!) }
        }
        for (i, sample) in out.enumerated() {
            #expect(Int(Int16(littleEndian: sample)) == Int(Int16.min) + i)
        }
        #expect(Downmix.pcm16(values) == out, "the array form converts the same way")
    }

    @Test func clampsOutOfRangeAndNaN() {
        let input: [Float] = [2, -2, .nan, .infinity, -.infinity]
        var out = [Int16](repeating: 0, count: input.count)
        input.withUnsafeBufferPointer { v in
            out.withUnsafeMutableBufferPointer { o in Downmix.pcm16(v.baseAddress!, count: v.count, into: o.baseAddress!) }
        }
        #expect(out.map { Int16(littleEndian: $0) } == [32767, -32768, 0, 32767, -32768])
    }

    @Test(arguments: [1, 2, 3, 6])
    func monoIsChannelMean(channels: Int) {
        let frames = 100
        let input = (0..<(frames * channels)).map { Float(($0 * 7919) % 200 - 100) / 128 }
        var out = [Float](repeating: 0, count: frames)
        input.withUnsafeBufferPointer { i in
            out.withUnsafeMutableBufferPointer { o in Downmix.mono(i.baseAddress!, channels: channels, frames: frames, into: o.baseAddress!) }
        }
        for f in 0..<frames {
            let mean = (0..<channels).map { input[f * channels + $0] }.reduce(0, +) / Float(channels)
            #expect(abs(out[f] - mean) < 1e-6)
        }
    }

    @Test func sanitizeReplacesNonFinite() {
        var x: [Float] = [0.5, .nan, -.infinity, 0.25]
        let n = x.withUnsafeMutableBufferPointer { Downmix.sanitize($0.baseAddress!, count: $0.count) }
        #expect(n == 2)
        #expect(x == [0.5, 0, 0, 0.25])
    }
}
