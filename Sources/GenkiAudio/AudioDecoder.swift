import CSndFile

#if canImport(Glibc)
import Glibc
#endif

/// What libsndfile reports about an opened stream.
public struct AudioStreamInfo: Sendable, Equatable {
    /// Container name (`wav`, `flac`, `ogg`, `mp3`, …).
    public let container: String
    /// Codec name (`pcm_16`, `float`, `vorbis`, …).
    public let codec: String
    /// The raw libsndfile format word.
    public let formatWord: Int32
    /// Frames per second.
    public let sampleRate: Int
    /// Interleaved channel count.
    public let channels: Int
    /// Frame count declared by the header (an estimate for some codecs).
    public let declaredFrames: Int64
}

/// Block-wise decoder over libsndfile: reads interleaved 32-bit floats in [-1, 1).
///
/// The file is opened by descriptor with `O_NONBLOCK` and checked to be a regular file first,
/// so FIFOs and devices are refused instead of blocking. Never buffers the whole file.
public final class AudioDecoder {
    private let handle: OpaquePointer
    /// Keeps a virtual source's cursor alive while libsndfile uses it.
    private let context: VirtualIOContext?
    /// Parameters of the opened stream.
    public let info: AudioStreamInfo

    /// Largest channel count genki accepts (libsndfile's own limit is 1024).
    public static let maxChannels = 256
    /// Accepted sample-rate range in Hz.
    public static let sampleRateRange = 1_000...768_000

    /// Opens a file for decoding.
    public convenience init(path: String) throws(AudioError) {
        let fd = FileSystemPath.open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC)
        guard fd >= 0 else { throw .open(String(cString: strerror(errno))) }
        try self.init(fileDescriptor: fd)
    }

    /// Takes ownership of an open descriptor (closed on failure and on deinit).
    public convenience init(fileDescriptor fd: Int32) throws(AudioError) {
        var st = stat()
        guard fstat(fd, &st) == 0 else {
            close(fd)
            throw .open(String(cString: strerror(errno)))
        }
        guard (st.st_mode & S_IFMT) == S_IFREG else {
            close(fd)
            throw .open("not a regular file")
        }
        // Back to blocking reads now that we know it is a regular file.
        let flags = fcntl(fd, F_GETFL)
        if flags >= 0 { _ = fcntl(fd, F_SETFL, flags & ~O_NONBLOCK) }
        guard st.st_size > 0 else {
            close(fd)
            throw .open("empty file (0 bytes)")
        }
        var sfinfo = SF_INFO()
        // With close_desc set, libsndfile closes the descriptor itself when the open fails:
        // closing it here again could close a descriptor another thread has just been given.
        guard let handle = sf_open_fd(fd, Int32(SFM_READ), &sfinfo, Int32(SF_TRUE)) else {
            throw .open(String(cString: sf_strerror(nil)))
        }
        try self.init(handle: handle, info: sfinfo, context: nil)
    }

    /// Decodes from a byte source through libsndfile's virtual I/O (the source must be a
    /// complete, regular file's bytes; it is read only as the decoder needs).
    public convenience init(source: AudioByteSource) throws(AudioError) {
        guard source.length > 0 else { throw .open("empty file (0 bytes)") }
        let context = VirtualIOContext(source: source)
        var io = VirtualIOContext.table
        var sfinfo = SF_INFO()
        let user = Unmanaged.passUnretained(context).toOpaque()
        guard let handle = sf_open_virtual(&io, Int32(SFM_READ), &sfinfo, user) else {
            throw .open(String(cString: sf_strerror(nil)))
        }
        try self.init(handle: handle, info: sfinfo, context: context)
    }

    /// Takes ownership of `handle`: a stream whose parameters are refused is closed here, before
    /// any stored property is set, so `deinit` (which runs only for a fully initialised decoder)
    /// never closes the same handle a second time.
    private init(handle: OpaquePointer, info sfinfo: SF_INFO, context: VirtualIOContext?) throws(AudioError) {
        let channels = Int(sfinfo.channels)
        let sampleRate = Int(sfinfo.samplerate)
        guard channels >= 1, channels <= Self.maxChannels else {
            sf_close(handle)
            throw .invalidStream("unsupported channel count \(channels)")
        }
        guard Self.sampleRateRange.contains(sampleRate) else {
            sf_close(handle)
            throw .invalidStream("unsupported sample rate \(sampleRate) Hz")
        }
        self.handle = handle
        self.context = context
        self.info = AudioStreamInfo(
            container: AudioFormatNames.container(sfinfo.format),
            codec: AudioFormatNames.codec(sfinfo.format),
            formatWord: sfinfo.format,
            sampleRate: sampleRate,
            channels: channels,
            declaredFrames: sfinfo.frames
        )
    }

    deinit { sf_close(handle) }

    /// Reads up to `frames` interleaved frames into `buffer` (capacity ≥ frames × channels).
    /// Returns the number of frames read; 0 at the end of the stream.
    public func read(into buffer: UnsafeMutablePointer<Float>, frames: Int) throws(AudioError) -> Int {
        try checked(sf_readf_float(handle, buffer, sf_count_t(frames)))
    }

    /// Reads up to `frames` interleaved frames as 16-bit integers (exact for 16-bit PCM streams,
    /// which then need no float conversion inside libsndfile). Returns the frames read.
    public func read(into buffer: UnsafeMutablePointer<Int16>, frames: Int) throws(AudioError) -> Int {
        try checked(sf_readf_short(handle, buffer, sf_count_t(frames)))
    }

    /// A read's frame count, or the decode error behind a negative count or an early zero.
    private func checked(_ n: sf_count_t) throws(AudioError) -> Int {
        if n < 0 { throw .decode("libsndfile returned \(n)") }
        if n == 0 {
            let code = sf_error(handle)
            if code != 0 { throw .decode(String(cString: sf_error_number(code))) }
        }
        return Int(n)
    }

    /// The decoder's error state after reading (nil when clean).
    public var pendingError: String? {
        let code = sf_error(handle)
        return code == 0 ? nil : String(cString: sf_error_number(code))
    }

    /// libsndfile's parse log: warnings such as a data chunk longer than the file.
    public var parseLog: String {
        var buffer = [CChar](repeating: 0, count: 4096)
        let count = buffer.withUnsafeMutableBufferPointer {
            sf_command(handle, Int32(SFC_GET_LOG_INFO), $0.baseAddress, Int32($0.count))
        }
        guard count > 0 else { return "" }
        return String(decoding: buffer.prefix(Int(count)).map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }
}
