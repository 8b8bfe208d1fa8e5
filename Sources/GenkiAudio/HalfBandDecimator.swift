import Foundation

/// Streaming 2:1 decimator with a linear-phase half-band FIR (47 taps, Kaiser β = 8).
///
/// Half the taps of a half-band filter are zero and the rest are symmetric, so each output costs
/// 12 multiply-adds. Group delay is compensated: output `m` is centred on input `2m`, and the
/// stream yields `ceil(n / 2)` samples for `n` inputs. Passband to ~0.2·fs, stopband from ~0.3·fs
/// (about −75 dB): meant for the fingerprint profile's coarse first stages, before libsamplerate
/// handles the fractional remainder.
public final class HalfBandDecimator {
    /// Half the filter span (taps on each side of the centre).
    static let halfSpan = 23
    /// Coefficients for odd offsets 1, 3, …, 23.
    static let coefficients: [Float] = {
        func besselI0(_ x: Double) -> Double {
            var sum = 1.0, term = 1.0, k = 1.0
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
    }()

    private var buffer: [Float]
    /// Input samples received.
    private var received = 0
    /// Outputs produced.
    private var produced = 0
    private let taps = HalfBandDecimator.coefficients

    public init() {
        // x[-halfSpan ..< 0] are zero.
        buffer = [Float](repeating: 0, count: Self.halfSpan)
    }

    /// Feeds samples; decimated output goes to `sink` (nothing when not enough input is buffered).
    public func process(_ input: UnsafeBufferPointer<Float>, sink: (UnsafeBufferPointer<Float>) -> Void) {
        buffer.append(contentsOf: input)
        received += input.count
        emit(available: buffer.count, sink: sink)
    }

    /// Flushes the tail (zero-padded) so `ceil(n / 2)` samples have been produced in total.
    public func finish(sink: (UnsafeBufferPointer<Float>) -> Void) {
        let total = (received + 1) / 2
        guard produced < total else { return }
        buffer.append(contentsOf: [Float](repeating: 0, count: Self.halfSpan + 1))
        emit(available: buffer.count, limit: total - produced, sink: sink)
    }

    /// Computes outputs whose centre `c = 2·k + halfSpan` (buffer index) has `c + halfSpan < available`.
    private func emit(available: Int, limit: Int = .max, sink: (UnsafeBufferPointer<Float>) -> Void) {
        let h = Self.halfSpan
        guard available > 2 * h else { return }
        let count = min(limit, (available - 2 * h - 1) / 2 + 1)
        guard count > 0 else { return }
        // Polyphase form: with E[i] = buffer[2i] and O[i] = buffer[2i + 1], the centre of output k
        // is O[k + 11] and its taps pair E[k + 11 − t] with E[k + 12 + t]: contiguous in k, so the
        // inner loops vectorise.
        let evenCount = count + 2 * (h / 2) + 1
        var even = [Float](repeating: 0, count: evenCount)
        var out = [Float](repeating: 0, count: count)
        buffer.withUnsafeBufferPointer { x in
            even.withUnsafeMutableBufferPointer { e in
                for i in 0..<evenCount { e[i] = x[2 * i] }
            }
            out.withUnsafeMutableBufferPointer { y in
                for k in 0..<count { y[k] = 0.5 * x[2 * (k + h / 2) + 1] }
            }
        }
        even.withUnsafeBufferPointer { e in
            out.withUnsafeMutableBufferPointer { y in
                guard let base = e.baseAddress else { return }
                for t in 0..<taps.count {
                    let c = taps[t]
                    let left = base + (h / 2 - t)
                    let right = base + (h / 2 + 1 + t)
                    for k in 0..<count { y[k] += c * (left[k] + right[k]) }
                }
            }
        }
        produced += count
        buffer.removeFirst(2 * count)
        out.withUnsafeBufferPointer { sink($0) }
    }
}
