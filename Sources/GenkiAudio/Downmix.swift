/// Interleaved → mono by channel mean, over unsafe buffers (the compiler vectorises the loops).
public enum Downmix {
    /// Writes `frames` mono samples into `output` from `channels`-interleaved `input`.
    @inlinable
    public static func mono(
        _ input: UnsafePointer<Float>, channels: Int, frames: Int, into output: UnsafeMutablePointer<Float>
    ) {
        switch channels {
        case 1:
            output.update(from: input, count: frames)
        case 2:
            for i in 0..<frames {
                output[i] = (input[2 * i] + input[2 * i + 1]) * 0.5
            }
        default:
            let scale = 1 / Float(channels)
            for i in 0..<frames {
                var sum: Float = 0
                let base = input + i * channels
                for c in 0..<channels { sum += base[c] }
                output[i] = sum * scale
            }
        }
    }

    /// Converts floats in [-1, 1) to little-endian signed 16-bit PCM (×32768, rounded, clamped),
    /// the inverse of libsndfile's int→float normalisation, so 16-bit sources round-trip exactly.
    @inlinable
    public static func pcm16(_ input: UnsafePointer<Float>, count: Int, into output: UnsafeMutablePointer<Int16>) {
        for i in 0..<count {
            var scaled = (input[i] * 32768).rounded(.toNearestOrEven)
            if !(scaled >= -32768) { scaled = scaled.isNaN ? 0 : -32768 }
            if scaled > 32767 { scaled = 32767 }
            output[i] = Int16(scaled).littleEndian
        }
    }

    /// Replaces NaN and infinite samples by 0 in place; returns how many were replaced.
    @inlinable
    public static func sanitize(_ buffer: UnsafeMutablePointer<Float>, count: Int) -> Int {
        var replaced = 0
        for i in 0..<count where !buffer[i].isFinite {
            buffer[i] = 0
            replaced += 1
        }
        return replaced
    }
}
