import CSndFile

/// Writes interleaved float frames to a file through libsndfile.
///
/// Integer encodings are quantised here (×32768 or ×8388608, rounded half to even, clamped),
/// the exact inverse of libsndfile's int→float read scaling, so the same floats give the same
/// stored integers in WAV and FLAC and decode back bit-exactly. Float WAVs get no PEAK chunk (libsndfile would stamp it with the current time), so the same
/// samples always produce the same bytes for the PCM and FLAC encodings.
public final class AudioWriter {
    private var handle: OpaquePointer?
    /// Channel count of the file being written.
    public let channels: Int
    private let format: AudioFileFormat

    /// Creates (truncates) `path` for writing. `compressionLevel` (0 best … 1 smallest) sets the
    /// quality of lossy and FLAC encodings; nil keeps libsndfile's default.
    public init(path: String, format: AudioFileFormat, sampleRate: Int, channels: Int, compressionLevel: Double? = nil) throws(AudioError) {
        var info = SF_INFO()
        info.samplerate = Int32(sampleRate)
        info.channels = Int32(channels)
        info.format = format.sndfileFormat
        guard sf_format_check(&info) != 0 else {
            throw .write("libsndfile cannot write \(format.rawValue) at \(sampleRate) Hz × \(channels)")
        }
        guard let handle = sf_open(path, Int32(SFM_WRITE), &info) else {
            throw .write(String(cString: sf_strerror(nil)))
        }
        self.handle = handle
        self.channels = channels
        self.format = format
        sf_command(handle, Int32(SFC_SET_ADD_PEAK_CHUNK), nil, Int32(SF_FALSE))
        // Clip instead of wrapping when float input exceeds full scale in integer encodings.
        sf_command(handle, Int32(SFC_SET_CLIPPING), nil, Int32(SF_TRUE))
        if var level = compressionLevel {
            sf_command(handle, Int32(SFC_SET_COMPRESSION_LEVEL), &level, Int32(MemoryLayout<Double>.size))
        }
    }

    deinit { if let handle { sf_close(handle) } }

    /// Text tags libsndfile can write (RIFF LIST/INFO in WAV, Vorbis comments in FLAC and Ogg).
    public enum Tag: Sendable {
        case title, artist, comment

        var code: Int32 {
            switch self {
            case .title: return Int32(SF_STR_TITLE)
            case .artist: return Int32(SF_STR_ARTIST)
            case .comment: return Int32(SF_STR_COMMENT)
            }
        }
    }

    /// Sets a text tag (call before writing audio).
    public func setTag(_ tag: Tag, _ value: String) throws(AudioError) {
        guard let handle else { throw .write("writer already closed") }
        guard sf_set_string(handle, tag.code, value) == 0 else { throw .write(String(cString: sf_strerror(handle))) }
    }

    /// Appends `frames` interleaved frames.
    public func write(_ samples: UnsafePointer<Float>, frames: Int) throws(AudioError) {
        guard let handle else { throw .write("writer already closed") }
        let count = frames * channels
        let written: sf_count_t
        switch format {
        case .wavPCM16, .flac16:
            let ints = UnsafeMutablePointer<Int16>.allocate(capacity: count)
            defer { ints.deallocate() }
            for i in 0..<count { ints[i] = Int16(Self.quantize(samples[i], scale: 32768)) }
            written = sf_writef_short(handle, ints, sf_count_t(frames))
        case .wavPCM24, .flac24:
            let ints = UnsafeMutablePointer<Int32>.allocate(capacity: count)
            defer { ints.deallocate() }
            for i in 0..<count { ints[i] = Self.quantize(samples[i], scale: 8_388_608) << 8 }
            written = sf_writef_int(handle, ints, sf_count_t(frames))
        default:
            written = sf_writef_float(handle, samples, sf_count_t(frames))
        }
        guard written == frames else { throw .write(String(cString: sf_strerror(handle))) }
    }

    /// Rounds `x × scale` half to even and clamps it to the signed range of `scale`.
    static func quantize(_ x: Float, scale: Double) -> Int32 {
        var v = (Double(x) * scale).rounded(.toNearestOrEven)
        if !(v >= -scale) { v = v.isNaN ? 0 : -scale }
        if v > scale - 1 { v = scale - 1 }
        return Int32(v)
    }

    /// Appends frames from an array.
    public func write(_ samples: [Float]) throws(AudioError) {
        let frames = samples.count / channels
        try samples.withUnsafeBufferPointer { (p) throws(AudioError) in
            guard let base = p.baseAddress else { return }
            try write(base, frames: frames)
        }
    }

    /// Finishes the file; further writes fail.
    public func close() throws(AudioError) {
        guard let handle else { return }
        self.handle = nil
        let code = sf_close(handle)
        guard code == 0 else { throw .write(String(cString: sf_error_number(code))) }
    }
}
