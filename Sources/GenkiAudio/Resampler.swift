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
/// is `round(inputFrames × ratio)` within one sample. Equal rates pass samples through untouched.
public final class Resampler {
    private let state: OpaquePointer?
    /// Output rate ÷ input rate.
    public let ratio: Double
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
        if inputRate == outputRate {
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
        try run(input, count: count, endOfInput: false, sink: sink)
    }

    /// Flushes the converter at the end of the stream.
    public func finish(sink: (UnsafeBufferPointer<Float>) -> Void) throws(AudioError) {
        var dummy: Float = 0
        try run(&dummy, count: 0, endOfInput: true, sink: sink)
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
        let needed = Int(Double(count) * ratio) + 64
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
            data.src_ratio = ratio
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
