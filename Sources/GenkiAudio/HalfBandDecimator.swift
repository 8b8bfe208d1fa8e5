import Foundation

/// Streaming 2:1 decimator with a linear-phase half-band FIR (Kaiser β = 8).
///
/// Half the taps of a half-band filter are zero and the rest are symmetric, so each output costs
/// `(halfSpan + 1) / 2` multiply-adds. Group delay is compensated: output `m` is centred on input
/// `2m`, and the stream yields `ceil(n / 2)` samples for `n` inputs. The default 47 taps pass to
/// ~0.2·fs and stop from ~0.3·fs (about −75 dB); the 19-tap `.wide` filter passes to 0.1·fs and
/// stops from 0.4·fs (about −79 dB), enough for a stage whose output is halved again, at 5
/// multiply-adds instead of 12. Meant for the fingerprint profile's coarse first stages, before
/// libsamplerate handles the fractional remainder.
public final class HalfBandDecimator {
    /// Half the filter span (taps on each side of the centre) of the sharp default filter.
    public static let sharp = 23
    /// Half the span of the short filter for all but the last of several stages.
    public static let wide = 9
    /// Half the filter span of this decimator.
    let halfSpan: Int
    static let sharpCoefficients = coefficients(halfSpan: sharp)
    static let wideCoefficients = coefficients(halfSpan: wide)

    /// Coefficients for odd offsets 1, 3, …, `halfSpan`.
    static func coefficients(halfSpan: Int) -> [Float] {
        func besselI0(_ x: Double) -> Double {
            var sum = 1.0
            var term = 1.0
            var k = 1.0
            while term > 1e-12 * sum {
                term *= (x / (2 * k)) * (x / (2 * k))
                sum += term
                k += 1
            }
            return sum
        }
        let beta = 8.0
        let span = Double(halfSpan + 1)
        return stride(from: 1, through: halfSpan, by: 2).map { j in
            let t = Double(j)
            let sinc = sin(Double.pi * t / 2) / (Double.pi * t)
            let window = besselI0(beta * (1 - (t / span) * (t / span)).squareRoot()) / besselI0(beta)
            return Float(sinc * window)
        }
    }

    /// Pending input: `storage[head ..< tail]`, starting at the centre-minus-span of the next output.
    private var storage: UnsafeMutablePointer<Float>
    private var capacity: Int
    private var head = 0
    private var tail: Int
    /// Scratch for the even-indexed phase and the outputs.
    private var even: UnsafeMutablePointer<Float>
    private var out: UnsafeMutablePointer<Float>
    private var scratchCapacity = 0
    /// Input samples received.
    private var received = 0
    /// Outputs produced.
    private var produced = 0
    private let taps: [Float]

    /// A decimator with `halfSpan` taps each side of the centre: `sharp` (the default) or `wide`.
    public init(halfSpan: Int = HalfBandDecimator.sharp) {
        self.halfSpan = halfSpan == Self.wide ? Self.wide : Self.sharp
        taps = halfSpan == Self.wide ? Self.wideCoefficients : Self.sharpCoefficients
        capacity = 16_384
        storage = .allocate(capacity: capacity)
        // x[-halfSpan ..< 0] are zero.
        storage.initialize(repeating: 0, count: self.halfSpan)
        tail = self.halfSpan
        even = .allocate(capacity: 1)
        out = .allocate(capacity: 1)
    }

    deinit {
        storage.deallocate()
        even.deallocate()
        out.deallocate()
    }

    private func append(_ input: UnsafeBufferPointer<Float>) {
        guard let base = input.baseAddress, input.count > 0 else { return }
        let pending = tail - head
        if tail + input.count > capacity {
            if pending + input.count > capacity {
                capacity = max(2 * capacity, pending + input.count)
                let bigger = UnsafeMutablePointer<Float>.allocate(capacity: capacity)
                bigger.update(from: storage + head, count: pending)
                storage.deallocate()
                storage = bigger
            } else {
                (storage).update(from: storage + head, count: pending)
            }
            head = 0
            tail = pending
        }
        (storage + tail).update(from: base, count: input.count)
        tail += input.count
    }

    /// Feeds samples; decimated output goes to `sink` (nothing when not enough input is buffered).
    public func process(_ input: UnsafeBufferPointer<Float>, sink: (UnsafeBufferPointer<Float>) -> Void) {
        append(input)
        received += input.count
        emit(limit: .max, sink: sink)
    }

    /// Flushes the tail (zero-padded) so `ceil(n / 2)` samples have been produced in total.
    public func finish(sink: (UnsafeBufferPointer<Float>) -> Void) {
        let total = (received + 1) / 2
        guard produced < total else { return }
        let zeros = [Float](repeating: 0, count: halfSpan + 1)
        zeros.withUnsafeBufferPointer { append($0) }
        emit(limit: total - produced, sink: sink)
    }

    /// Computes every output whose taps are all buffered (at most `limit`).
    private func emit(limit: Int, sink: (UnsafeBufferPointer<Float>) -> Void) {
        let h = halfSpan
        let available = tail - head
        guard available > 2 * h else { return }
        let count = min(limit, (available - 2 * h - 1) / 2 + 1)
        guard count > 0 else { return }
        let evenCount = count + 2 * (h / 2) + 1
        if evenCount > scratchCapacity {
            even.deallocate()
            out.deallocate()
            scratchCapacity = evenCount
            even = .allocate(capacity: evenCount)
            out = .allocate(capacity: evenCount)
        }
        // Polyphase form: with E[i] = x[2i] and O[i] = x[2i + 1], the centre of output k is
        // O[k + 11] and its taps pair E[k + 11 − t] with E[k + 12 + t]: contiguous in k, so the
        // inner loops vectorise.
        let x = storage + head
        let even = self.even
        let out = self.out  // locals: no property reloads in the loops
        for i in 0..<evenCount { even[i] = x[2 * i] }
        for k in 0..<count { out[k] = 0.5 * x[2 * (k + h / 2) + 1] }
        taps.withUnsafeBufferPointer { c in
            guard let c = c.baseAddress else { return }
            // Eight outputs at a time, all taps accumulated in registers: one store per block.
            var k = 0
            while k + 8 <= count {
                var acc = UnsafeRawPointer(out + k).loadUnaligned(as: SIMD8<Float>.self)
                for t in 0..<(h / 2 + 1) {
                    let sum =
                        UnsafeRawPointer(even + (h / 2 - t + k)).loadUnaligned(as: SIMD8<Float>.self)
                        + UnsafeRawPointer(even + (h / 2 + 1 + t + k)).loadUnaligned(as: SIMD8<Float>.self)
                    acc += c[t] * sum
                }
                UnsafeMutableRawPointer(out + k).storeBytes(of: acc, as: SIMD8<Float>.self)
                k += 8
            }
            while k < count {
                var acc = out[k]
                for t in 0..<(h / 2 + 1) { acc += c[t] * (even[h / 2 - t + k] + even[h / 2 + 1 + t + k]) }
                out[k] = acc
                k += 1
            }
        }
        produced += count
        head += 2 * count
        sink(UnsafeBufferPointer(start: out, count: count))
    }
}
