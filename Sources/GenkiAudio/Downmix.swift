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
        // Branch-free so the loop vectorises: clamp with selects (NaN compares false, so it is
        // caught by the x == x select), then round half to even by adding 1.5·2^23, whose float
        // sum holds the rounded integer in its low mantissa bits.
        for i in 0..<count {
            let x = input[i]
            var s = x * 32768
            s = s > 32767 ? 32767 : s
            s = s < -32768 ? -32768 : s
            s = x == x ? s : 0
            let biased = s + 12_582_912
            let value = Int32(bitPattern: biased.bitPattern) &- 0x4B40_0000
            output[i] = Int16(truncatingIfNeeded: value).littleEndian
        }
    }

    /// `pcm16(_:count:into:)` over a whole array.
    public static func pcm16(_ samples: [Float]) -> [Int16] {
        [Int16](unsafeUninitializedCapacity: samples.count) { out, initialized in
            samples.withUnsafeBufferPointer { s in
                if let sb = s.baseAddress, let ob = out.baseAddress { pcm16(sb, count: s.count, into: ob) }
            }
            initialized = samples.count
        }
    }

    /// 16-bit samples to floats in [−1, 1): `s / 32768`, exactly what libsndfile's own
    /// conversion gives, so hashes of the decoded PCM do not depend on the read path.
    @inlinable
    public static func floats(_ input: UnsafePointer<Int16>, count: Int, into output: UnsafeMutablePointer<Float>) {
        let scale: Float = 1.0 / 32_768
        for i in 0..<count { output[i] = Float(input[i]) * scale }
    }

    /// Replaces NaN and infinite samples by 0 in place; returns how many were replaced.
    @inlinable
    public static func sanitize(_ buffer: UnsafeMutablePointer<Float>, count: Int) -> Int {
        // Fast path: look for an all-ones exponent (NaN or ±∞), 8 lanes at a time; rewrite only
        // when one is present.
        let raw = UnsafeRawPointer(buffer)
        let exponent = SIMD8<UInt32>(repeating: 0x7F80_0000)
        var flagged = SIMDMask<SIMD8<UInt32>.MaskStorage>(repeating: false)
        var i = 0
        while i + 8 <= count {
            let bits = raw.loadUnaligned(fromByteOffset: i * 4, as: SIMD8<UInt32>.self)
            flagged .|= (bits & exponent) .== exponent
            i += 8
        }
        var tailFlagged = false
        while i < count {
            if !buffer[i].isFinite { tailFlagged = true }
            i += 1
        }
        guard any(flagged) || tailFlagged else { return 0 }
        var replaced = 0
        for k in 0..<count where !buffer[k].isFinite {
            buffer[k] = 0
            replaced += 1
        }
        return replaced
    }

    /// Largest finite sample magnitude genki analyses: 2^24 (+144 dBFS) still admits float files
    /// written unnormalised in 16- or 24-bit integer range, while squares and their block sums
    /// stay far from `Float`'s overflow (a 1e20 sample squares to infinity).
    public static let sampleLimit: Float = 16_777_216

    /// What `screen(_:count:)` found and repaired in one buffer.
    public struct Screening: Sendable, Equatable {
        /// NaN or infinite samples, replaced by 0.
        public var nonFinite = 0
        /// Finite samples beyond ±`sampleLimit`, clamped to it (callers treat the stream as corrupt).
        public var beyondLimit = 0
        /// Creates a screening result.
        public init(nonFinite: Int = 0, beyondLimit: Int = 0) {
            self.nonFinite = nonFinite
            self.beyondLimit = beyondLimit
        }
    }

    /// Replaces NaN and ±∞ by 0 and clamps finite samples beyond ±`sampleLimit`, in place, so
    /// no later sum of squares can overflow; returns what it changed.
    @inlinable
    public static func screen(_ buffer: UnsafeMutablePointer<Float>, count: Int) -> Screening {
        // Fast path: compare |x|'s bit pattern with the limit's, 8 lanes at a time (NaN and ±∞
        // have the largest patterns); rewrite only when some lane is flagged.
        let raw = UnsafeRawPointer(buffer)
        let magnitude = SIMD8<UInt32>(repeating: 0x7FFF_FFFF)
        let limitBits = SIMD8<UInt32>(repeating: sampleLimit.bitPattern)
        var flagged = SIMDMask<SIMD8<UInt32>.MaskStorage>(repeating: false)
        var i = 0
        while i + 8 <= count {
            let bits = raw.loadUnaligned(fromByteOffset: i * 4, as: SIMD8<UInt32>.self)
            flagged .|= (bits & magnitude) .> limitBits
            i += 8
        }
        var tailFlagged = false
        while i < count {
            if !(abs(buffer[i]) <= sampleLimit) { tailFlagged = true }
            i += 1
        }
        guard any(flagged) || tailFlagged else { return Screening() }
        var result = Screening()
        for k in 0..<count where !(abs(buffer[k]) <= sampleLimit) {
            if buffer[k].isFinite {
                buffer[k] = buffer[k] > 0 ? sampleLimit : -sampleLimit
                result.beyondLimit += 1
            } else {
                buffer[k] = 0
                result.nonFinite += 1
            }
        }
        return result
    }
}
