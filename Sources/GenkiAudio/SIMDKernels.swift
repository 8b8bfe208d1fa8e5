/// Vectorised reductions over float buffers (8 lanes at a time, then a scalar tail).
public enum SIMDKernels {
    /// Peak absolute value, count of |x| ≥ `threshold`, and sum of squares of `count` samples.
    @inlinable
    public static func peakClipEnergy(_ x: UnsafePointer<Float>, count: Int, threshold: Float) -> (peak: Float, clipped: Int, energy: Double) {
        let raw = UnsafeRawPointer(x)
        // Non-negative floats order like their bit patterns, so |x| is compared as integers
        // (sign bit cleared): plain vector integer ops, no generic pointwiseMax call.
        let limit = SIMD8<UInt32>(repeating: threshold.bitPattern)
        let magnitude = SIMD8<UInt32>(repeating: 0x7FFF_FFFF)
        var peak = SIMD8<UInt32>()
        var clipped = SIMD8<Int32>()
        var energy = 0.0
        var i = 0
        while i + 8 <= count {
            // Sum squares in float over short runs, then in double, for speed and accuracy.
            var acc = SIMD8<Float>()
            let runEnd = min(count & ~7, i + 1024)
            while i < runEnd {
                let v = raw.loadUnaligned(fromByteOffset: i * 4, as: SIMD8<Float>.self)
                let a = raw.loadUnaligned(fromByteOffset: i * 4, as: SIMD8<UInt32>.self) & magnitude
                peak = peak.replacing(with: a, where: a .> peak)
                clipped &+= SIMD8<Int32>(repeating: 0).replacing(with: 1, where: a .>= limit)
                acc += v * v
                i += 8
            }
            energy += Double(acc.sum())
        }
        var scalarPeak = Float(bitPattern: peak.max())
        var scalarClipped = Int(clipped.wrappedSum())
        while i < count {
            let a = abs(x[i])
            scalarPeak = max(scalarPeak, a)
            if a >= threshold { scalarClipped += 1 }
            energy += Double(x[i] * x[i])
            i += 1
        }
        return (scalarPeak, scalarClipped, energy)
    }

    /// Sum and sum of squares of `count` samples.
    @inlinable
    public static func sumAndEnergy(_ x: UnsafePointer<Float>, count: Int) -> (sum: Double, energy: Double) {
        let raw = UnsafeRawPointer(x)
        var sum = 0.0
        var energy = 0.0
        var i = 0
        while i + 8 <= count {
            var s = SIMD8<Float>()
            var e = SIMD8<Float>()
            let runEnd = min(count & ~7, i + 1024)
            while i < runEnd {
                let v = raw.loadUnaligned(fromByteOffset: i * 4, as: SIMD8<Float>.self)
                s += v
                e += v * v
                i += 8
            }
            sum += Double(s.sum())
            energy += Double(e.sum())
        }
        while i < count {
            sum += Double(x[i])
            energy += Double(x[i] * x[i])
            i += 1
        }
        return (sum, energy)
    }
}
