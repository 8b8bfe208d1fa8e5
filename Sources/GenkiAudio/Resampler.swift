import CSampleRate
import CSoxr

/// Converter types genki uses: libsoxr's very-high-quality linear-phase filter for audio that is
/// written (shards), libsamplerate's sinc converters otherwise.
public enum ResamplerQuality: String, Sendable, CaseIterable {
    /// libsoxr VHQ (28-bit, linear phase), one thread: 58× faster than `sincBest` at 48 → 44.1
    /// kHz with 102 dB SNR in band (`make bench`), past what 16-bit output can hold.
    case soxrVHQ = "soxr_vhq"
    case sincBest = "sinc_best"
    case sincMedium = "sinc_medium"
    case sincFastest = "sinc_fastest"
    case linear = "linear"

    /// The libsamplerate converter type; nil for libsoxr's.
    var converter: Int32? {
        switch self {
        case .sincBest: return Int32(SRC_SINC_BEST_QUALITY)
        case .sincMedium: return Int32(SRC_SINC_MEDIUM_QUALITY)
        case .sincFastest: return Int32(SRC_SINC_FASTEST)
        case .linear: return Int32(SRC_LINEAR)
        case .soxrVHQ: return nil
        }
    }
}

/// Streaming mono resampler over libsamplerate (`src_new` / `src_process`).
///
/// Feed blocks with `process`; call `finish` once to flush the filter tail. The output has
/// exactly `round(inputFrames × outputRate ÷ inputRate)` frames (`expectedFrames`): the
/// filter's last partial sample is dropped or a zero appended, so every 30.000-s input gives
/// the same frame count at every input rate. Equal rates pass samples through untouched.
///
/// With `.sincFastest` (the fingerprint profile), large downsampling ratios first go through
/// 2:1 half-band stages while the rate stays at or above twice the target (the last one sharp,
/// any before it short: they only have to keep the last one's band alias-free), and libsamplerate
/// only converts the remaining ratio in (0.5, 1]: libsamplerate's cost grows with the
/// decimation factor, and 44.1 kHz → 11,025 Hz then needs no sinc stage at all.
public final class Resampler {
    private let state: OpaquePointer?
    /// The libsoxr converter (`soxrVHQ`), used instead of `state`.
    private let soxr: soxr_t?
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
    /// Frames fed so far.
    public private(set) var framesIn: Int64 = 0
    private let inputRate: Int64, outputRate: Int64

    /// `round(inputFrames × outputRate ÷ inputRate)`, halves rounded up, in exact integers.
    public static func expectedFrames(inputFrames: Int64, inputRate: Int, outputRate: Int) -> Int64 {
        guard inputFrames > 0, inputRate > 0, outputRate > 0 else { return 0 }
        // 128-bit product and quotient: exact for every input, clamped at Int64.max.
        let divisor = UInt64(inputRate)
        let product = UInt64(inputFrames).multipliedFullWidth(by: UInt64(outputRate))
        guard product.high < divisor else { return .max }
        let (q, r) = divisor.dividingFullWidth(product)
        let rounded = q.addingReportingOverflow(r >= divisor - r ? 1 : 0)
        return rounded.overflow || rounded.partialValue > UInt64(Int64.max) ? .max : Int64(rounded.partialValue)
    }

    /// Whether a resampler between these rates can exist (both positive, ratio within
    /// libsamplerate's range); `init` throws exactly when this is false.
    public static func validRates(inputRate: Int, outputRate: Int) -> Bool {
        inputRate > 0 && outputRate > 0 && src_is_valid_ratio(Double(outputRate) / Double(inputRate)) != 0
    }

    /// Creates a mono resampler from `inputRate` to `outputRate`.
    public init(inputRate: Int, outputRate: Int, quality: ResamplerQuality) throws(AudioError) {
        guard inputRate > 0, outputRate > 0 else { throw .resample("invalid rates \(inputRate) → \(outputRate)") }
        ratio = Double(outputRate) / Double(inputRate)
        self.inputRate = Int64(inputRate)
        self.outputRate = Int64(outputRate)
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
            soxr = nil
        } else if let converter = quality.converter {
            soxr = nil
            var error: Int32 = 0
            guard let s = src_new(converter, 1, &error) else {
                output.deallocate()
                throw .resample(String(cString: src_strerror(error)))
            }
            state = s
        } else {
            var error: soxr_error_t?
            var io = soxr_io_spec(SOXR_FLOAT32_I, SOXR_FLOAT32_I)
            var q = soxr_quality_spec(UInt(SOXR_VHQ), 0)
            var runtime = soxr_runtime_spec(1)  // one thread: the same output whatever the machine's load
            guard let s = soxr_create(Double(stageRate), Double(outputRate), 1, &error, &io, &q, &runtime), error == nil else {
                output.deallocate()
                throw .resample(error.map { String(cString: $0) } ?? "libsoxr could not be created")
            }
            soxr = s
            state = nil
        }
    }

    deinit {
        if let state { src_delete(state) }
        if let soxr { soxr_delete(soxr) }
        output.deallocate()
    }

    /// Converts `count` input samples, handing each produced block to `sink`.
    public func process(
        _ input: UnsafePointer<Float>, count: Int, sink: (UnsafeBufferPointer<Float>) -> Void
    ) throws(AudioError) {
        guard count > 0 else { return }
        framesIn += Int64(count)
        // Never past what the input so far rounds to: the final count can only be larger.
        let bound = Self.expectedFrames(inputFrames: framesIn, inputRate: Int(inputRate), outputRate: Int(outputRate))
        feed(0, UnsafeBufferPointer(start: input, count: count)) { emit($0, upTo: bound, sink: sink) }
        if let error = pendingError { throw error }
    }

    /// Hands `block` on, cut so that no more than `bound` frames are ever emitted.
    private func emit(_ block: UnsafeBufferPointer<Float>, upTo bound: Int64, sink: (UnsafeBufferPointer<Float>) -> Void) {
        let room = Int(max(0, min(Int64(block.count), bound - framesOut)))
        guard room > 0, let base = block.baseAddress else { return }
        sink(UnsafeBufferPointer(start: base, count: room))
        framesOut += Int64(room)
    }

    /// Flushes every stage and the converter at the end of the stream, then trims or pads with
    /// zeros to exactly `expectedFrames`.
    public func finish(sink: (UnsafeBufferPointer<Float>) -> Void) throws(AudioError) {
        let target = Self.expectedFrames(inputFrames: framesIn, inputRate: Int(inputRate), outputRate: Int(outputRate))
        withoutActuallyEscaping(sink) { sink in
            let bounded: (UnsafeBufferPointer<Float>) -> Void = { self.emit($0, upTo: target, sink: sink) }
            for level in 0..<stages.count {
                stages[level].finish { feed(level + 1, $0, sink: bounded) }
            }
            if pendingError == nil {
                var dummy: Float = 0
                do throws(AudioError) {
                    try run(&dummy, count: 0, endOfInput: true, sink: bounded)
                } catch {
                    pendingError = error
                }
            }
        }
        if let error = pendingError { throw error }
        let zeros = [Float](repeating: 0, count: 1024)
        while framesOut < target {
            zeros.withUnsafeBufferPointer { emit($0, upTo: target, sink: sink) }
        }
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
        if let soxr {
            try runSoxr(soxr, input, count: count, endOfInput: endOfInput, sink: sink)
            return
        }
        guard let state else {
            if count > 0 { sink(UnsafeBufferPointer(start: input, count: count)) }
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
            if produced > 0 { sink(UnsafeBufferPointer(start: output, count: produced)) }
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

    /// libsoxr's streaming call: every input sample is taken (output drained as it comes); at
    /// the end, input nil flushes the filter tail until nothing more comes out.
    private func runSoxr(
        _ soxr: soxr_t, _ input: UnsafePointer<Float>, count: Int, endOfInput: Bool, sink: (UnsafeBufferPointer<Float>) -> Void
    ) throws(AudioError) {
        var offset = 0
        while endOfInput || offset < count {
            var used = 0
            var produced = 0
            let error: soxr_error_t? =
                endOfInput
                ? soxr_process(soxr, nil, 0, nil, output, outputCapacity, &produced)
                : soxr_process(soxr, input + offset, count - offset, &used, output, outputCapacity, &produced)
            if let error { throw .resample(String(cString: error)) }
            offset += used
            if produced > 0 { sink(UnsafeBufferPointer(start: output, count: produced)) }
            if endOfInput && produced == 0 { break }
            if !endOfInput && used == 0 && produced == 0 { break }
        }
    }
}
