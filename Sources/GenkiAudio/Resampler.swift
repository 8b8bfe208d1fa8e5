import CSampleRate

/// libsamplerate converter types genki uses.
public enum ResamplerQuality: String, Sendable, CaseIterable {
    case sincBest = "sinc_best"
    case sincMedium = "sinc_medium"
    case sincFastest = "sinc_fastest"
    case linear = "linear"

    var converter: Int32 {
        switch self {
        case .sincBest: return Int32(SRC_SINC_BEST_QUALITY)
        case .sincMedium: return Int32(SRC_SINC_MEDIUM_QUALITY)
        case .sincFastest: return Int32(SRC_SINC_FASTEST)
        case .linear: return Int32(SRC_LINEAR)
        }
    }
}

/// Streaming mono resampler over libsamplerate (`src_new` / `src_process`).
///
/// Feed blocks with `process`; call `finish` once to flush the filter tail so the output length
/// is `inputFrames × ratio` within one sample. Equal rates pass samples through untouched.
///
/// With `.sincFastest` (the fingerprint profile), large downsampling ratios first go through
/// 2:1 half-band stages while the rate stays at or above twice the target (the last one sharp,
/// any before it short: they only have to keep the last one's band alias-free), and libsamplerate
/// only converts the remaining ratio in (0.5, 1]: libsamplerate's cost grows with the
/// decimation factor, and 44.1 kHz → 11,025 Hz then needs no sinc stage at all.
public final class Resampler {
    private let state: OpaquePointer?
    private let stages: [HalfBandDecimator]
    private var pendingError: AudioError?
    /// Output rate ÷ input rate.
    public let ratio: Double
    /// The ratio left for libsamplerate after the half-band stages.
    private let srcRatio: Double
    private var output: UnsafeMutablePointer<Float>
    private var outputCapacity: Int
    /// Frames emitted so far.
    public private(set) var framesOut: Int64 = 0

    /// Creates a mono resampler from `inputRate` to `outputRate`.
    public init(inputRate: Int, outputRate: Int, quality: ResamplerQuality) throws(AudioError) {
        guard inputRate > 0, outputRate > 0 else { throw .resample("invalid rates \(inputRate) → \(outputRate)") }
        ratio = Double(outputRate) / Double(inputRate)
        guard src_is_valid_ratio(ratio) != 0 else { throw .resample("ratio \(ratio) outside libsamplerate's range") }
        outputCapacity = 4096
        output = .allocate(capacity: outputCapacity)
        var stageRate = inputRate
        var stageCount = 0
        if quality == .sincFastest {
            while stageRate % 2 == 0 && stageRate >= 2 * outputRate {
                stageCount += 1
                stageRate /= 2
            }
        }
        // The last stage sets the band; the ones before it only need to keep that band free of
        // aliases, which the short wide filter does at under half the cost.
        let stages = (0..<stageCount).map { HalfBandDecimator(halfSpan: $0 == stageCount - 1 ? HalfBandDecimator.sharp : HalfBandDecimator.wide) }
        self.stages = stages
        srcRatio = Double(outputRate) / Double(stageRate)
        if stageRate == outputRate {
            state = nil
        } else {
            var error: Int32 = 0
            guard let s = src_new(quality.converter, 1, &error) else {
                output.deallocate()
                throw .resample(String(cString: src_strerror(error)))
            }
            state = s
        }
    }

    deinit {
        if let state { src_delete(state) }
        output.deallocate()
    }

    /// Converts `count` input samples, handing each produced block to `sink`.
    public func process(
        _ input: UnsafePointer<Float>, count: Int, sink: (UnsafeBufferPointer<Float>) -> Void
    ) throws(AudioError) {
        feed(0, UnsafeBufferPointer(start: input, count: count), sink: sink)
        if let error = pendingError { throw error }
    }

    /// Flushes every stage and the converter at the end of the stream.
    public func finish(sink: (UnsafeBufferPointer<Float>) -> Void) throws(AudioError) {
        for level in 0..<stages.count {
            stages[level].finish { feed(level + 1, $0, sink: sink) }
        }
        if pendingError == nil {
            var dummy: Float = 0
            do {
                try run(&dummy, count: 0, endOfInput: true, sink: sink)
            } catch {
                pendingError = error
            }
        }
        if let error = pendingError { throw error }
    }

    /// Pushes a block into stage `level` (the last level is libsamplerate).
    private func feed(_ level: Int, _ block: UnsafeBufferPointer<Float>, sink: (UnsafeBufferPointer<Float>) -> Void) {
        guard pendingError == nil, let base = block.baseAddress, block.count > 0 else { return }
        if level < stages.count {
            stages[level].process(block) { feed(level + 1, $0, sink: sink) }
        } else {
            do {
                try run(base, count: block.count, endOfInput: false, sink: sink)
            } catch {
                pendingError = error
            }
        }
    }

    private func run(
        _ input: UnsafePointer<Float>, count: Int, endOfInput: Bool, sink: (UnsafeBufferPointer<Float>) -> Void
    ) throws(AudioError) {
        guard let state else {
            if count > 0 {
                sink(UnsafeBufferPointer(start: input, count: count))
                framesOut += Int64(count)
            }
            return
        }
        let needed = Int(Double(count) * srcRatio) + 64
        if needed > outputCapacity {
            output.deallocate()
            outputCapacity = needed
            output = .allocate(capacity: needed)
        }
        var offset = 0
        while true {
            var data = SRC_DATA()
            data.data_in = input + offset
            data.input_frames = count - offset
            data.data_out = output
            data.output_frames = outputCapacity
            data.end_of_input = endOfInput ? 1 : 0
            data.src_ratio = srcRatio
            let code = src_process(state, &data)
            guard code == 0 else { throw .resample(String(cString: src_strerror(code))) }
            offset += data.input_frames_used
            let produced = data.output_frames_gen
            if produced > 0 {
                sink(UnsafeBufferPointer(start: output, count: produced))
                framesOut += Int64(produced)
            }
            if endOfInput {
                if produced == 0 { break }
            } else if offset >= count && produced == 0 {
                break
            } else if offset >= count && produced < outputCapacity {
                // All input consumed and the output buffer was not full: nothing more buffered.
                break
            }
        }
    }
}
