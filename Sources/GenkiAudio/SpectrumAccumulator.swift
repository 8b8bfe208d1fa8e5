import CFFTW
import Foundation

/// Averages Hann-windowed power spectra of frames sampled sparsely from a mono stream
/// (one 2048-sample frame every quarter second), for a cheap bandwidth estimate.
public final class SpectrumAccumulator {
    private let plan: FFTPlan?
    private let size = 2048
    private let hop: Int
    private let sampleRate: Int
    private let input: UnsafeMutablePointer<Float>
    private let output: UnsafeMutablePointer<fftwf_complex>
    private let window: [Float]
    private var power: [Double]
    private var fill = 0
    private var skip = 0
    private var frames = 0

    /// Creates an accumulator for a mono stream at `sampleRate` Hz.
    public init(sampleRate: Int) {
        plan = FFTPlan.size2048
        self.sampleRate = sampleRate
        hop = max(size, sampleRate / 4)
        input = UnsafeMutablePointer(fftwf_alloc_real(size) ?? UnsafeMutablePointer<Float>.allocate(capacity: size))
        output = fftwf_alloc_complex(size / 2 + 1) ?? UnsafeMutablePointer<fftwf_complex>.allocate(capacity: size / 2 + 1)
        window = HannWindow.size2048
        power = [Double](repeating: 0, count: size / 2 + 1)
    }

    deinit {
        fftwf_free(input)
        fftwf_free(output)
    }

    /// Feeds mono samples.
    public func process(_ mono: UnsafePointer<Float>, count: Int) {
        var i = 0
        while i < count {
            if skip > 0 {
                let s = min(skip, count - i)
                skip -= s
                i += s
                continue
            }
            let take = min(size - fill, count - i)
            (input + fill).update(from: mono + i, count: take)
            fill += take
            i += take
            if fill == size {
                transform()
                skip = hop - size
            }
        }
    }

    private func transform() {
        guard let plan else { return }
        window.withUnsafeBufferPointer { w in
            for k in 0..<size { input[k] *= w[k] }
        }
        fftwf_execute_dft_r2c(plan.plan, input, output)
        let raw = UnsafeMutableRawPointer(output).assumingMemoryBound(to: Float.self)
        power.withUnsafeMutableBufferPointer { p in
            for k in 0..<(size / 2 + 1) {
                let re = Double(raw[2 * k])
                let im = Double(raw[2 * k + 1])
                p[k] += re * re + im * im
            }
        }
        frames += 1
        fill = 0
    }

    /// The highest frequency (Hz) whose average power is within `dynamicRange` dB of the spectral
    /// peak (DC excluded); nil for silence. A partial last frame is zero-padded when it is the only one.
    public func bandwidth(dynamicRange: Double = 50) -> Double? {
        if frames == 0 && fill > 0 {
            for k in fill..<size { input[k] = 0 }
            transform()
        }
        guard frames > 0 else { return nil }
        let peak = power.dropFirst().max() ?? 0
        guard peak > 1e-12 else { return nil }
        let floor = peak * pow(10, -dynamicRange / 10)
        var top = 1
        for k in stride(from: power.count - 1, through: 1, by: -1) where power[k] >= floor {
            top = k
            break
        }
        return Double(top) * Double(sampleRate) / Double(size)
    }
}
