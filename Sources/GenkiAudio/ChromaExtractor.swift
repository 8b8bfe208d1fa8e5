import CFFTW
import Foundation

/// 36-bin chroma (one bin per third of a semitone) of a mono stream, 220 Hz – 5 kHz by default.
///
/// Frames of `frameSize` samples (Hann window; 4,096 by default) every `hop` samples (2,048);
/// each FFT bin's magnitude is split between the two nearest chroma bins in log-frequency, so a
/// pitch shift moves energy smoothly across bins instead of jumping.
public final class ChromaExtractor {
    /// Chroma bins per octave.
    public static let bins = 36
    /// Analysed band.
    public static let minHz = 220.0, maxHz = 5_000.0

    public let sampleRate: Double
    /// Samples per analysis frame (1,024, 2,048 or 4,096) and between frame starts.
    public let frameSize: Int
    public let hop: Int
    private let plan: FFTPlan?
    private let input: UnsafeMutablePointer<Float>
    private let output: UnsafeMutablePointer<fftwf_complex>
    /// One frame's chroma, with a spare bin for the octave wrap.
    private let scratch = UnsafeMutablePointer<Float>.allocate(capacity: ChromaExtractor.bins + 1)
    private var slicer: FrameSlicer
    private let window: [Float]
    /// (FFT bin, lower chroma bin, weight of the lower bin).
    private let mapping: [(bin: Int, chroma: Int, weight: Float)]
    /// Chroma frames, `bins` floats each, appended in order.
    public private(set) var frames: [Float] = []

    /// `maxHz` narrows the analysed band (key estimation uses the fundamentals' range).
    /// `frameSize` must be 1,024, 2,048 or 4,096 (anything else yields no frames); `hop` is
    /// clamped to 1…`frameSize`.
    public convenience init(sampleRate: Int, frameSize: Int = 4096, hop: Int = 2048, maxHz: Double = ChromaExtractor.maxHz) {
        self.init(rate: Double(sampleRate), frameSize: frameSize, hop: hop, maxHz: maxHz)
    }

    /// The same at a fractional sample rate (e.g. 5,512.5 Hz, half the fingerprint stream's).
    public init(rate sampleRate: Double, frameSize: Int, hop: Int, maxHz: Double) {
        self.sampleRate = sampleRate
        self.frameSize = frameSize
        self.hop = max(1, min(frameSize, hop))
        let n = frameSize
        plan = FFTPlan.shared(size: frameSize)
        input = UnsafeMutablePointer(fftwf_alloc_real(n) ?? UnsafeMutablePointer<Float>.allocate(capacity: n))
        output = fftwf_alloc_complex(n / 2 + 1) ?? UnsafeMutablePointer<fftwf_complex>.allocate(capacity: n / 2 + 1)
        slicer = FrameSlicer(size: n, hop: hop)
        window = HannWindow.of(size: n)
        var mapping: [(Int, Int, Float)] = []
        for k in 1..<(n / 2) {
            let f = Double(k) * sampleRate / Double(n)
            guard f >= Self.minHz, f <= maxHz else { continue }
            let position = Double(Self.bins) * log2(f / 440)  // continuous chroma position
            let lower = position.rounded(.down)
            let fraction = position - lower
            let chroma = ((Int(lower) % Self.bins) + Self.bins) % Self.bins
            mapping.append((k, chroma, Float(1 - fraction)))
        }
        self.mapping = mapping
    }

    deinit {
        fftwf_free(input)
        fftwf_free(output)
        scratch.deallocate()
    }

    /// Feeds mono samples.
    public func process(_ samples: UnsafeBufferPointer<Float>) {
        slicer.feed(samples) { analyse($0) }
    }

    /// Flushes a last, zero-padded frame when at least half a hop of new audio is waiting
    /// (or when the stream was shorter than one frame).
    public func finish() {
        slicer.finish { analyse($0) }
    }

    private func analyse(_ frame: [Float]) {
        guard let plan else { return }
        // Unsafe buffers throughout: class-owned arrays would pay an exclusivity check per element.
        let input = self.input
        let size = frameSize
        frame.withUnsafeBufferPointer { r in
            window.withUnsafeBufferPointer { w in
                for k in 0..<size { input[k] = r[k] * w[k] }
            }
        }
        fftwf_execute_dft_r2c(plan.plan, input, output)
        let raw = UnsafeMutableRawPointer(output).assumingMemoryBound(to: Float.self)
        let c = scratch
        c.update(repeating: 0, count: Self.bins + 1)
        mapping.withUnsafeBufferPointer { map in
            for m in map {
                let re = raw[2 * m.bin]
                let im = raw[2 * m.bin + 1]
                let magnitude = (re * re + im * im).squareRoot()
                c[m.chroma] += magnitude * m.weight
                c[m.chroma + 1] += magnitude * (1 - m.weight)
            }
        }
        // Bin 36 is bin 0 one octave up.
        c[0] += c[Self.bins]
        frames.append(contentsOf: UnsafeBufferPointer(start: c, count: Self.bins))
    }

    /// Number of frames so far.
    public var frameCount: Int { frames.count / Self.bins }
}
