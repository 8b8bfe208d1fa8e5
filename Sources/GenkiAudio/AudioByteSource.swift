import CSndFile

/// Random-access bytes that libsndfile reads through its virtual I/O interface, so a caller can
/// watch (for example hash) the bytes as the decoder pulls them instead of reading the file twice.
public protocol AudioByteSource: AnyObject {
    /// Total length in bytes.
    var length: Int64 { get }
    /// Reads up to `count` bytes at `offset` into `buffer`; returns the number read (0 at the end,
    /// negative on error).
    func read(into buffer: UnsafeMutableRawPointer, count: Int, at offset: Int64) -> Int
}

/// The cursor libsndfile moves over a source (the `user_data` of its callbacks).
final class VirtualIOContext {
    let source: AudioByteSource
    var position: Int64 = 0

    init(source: AudioByteSource) { self.source = source }

    static func from(_ pointer: UnsafeMutableRawPointer?) -> VirtualIOContext? {
        pointer.map { Unmanaged<VirtualIOContext>.fromOpaque($0).takeUnretainedValue() }
    }

    /// Moves the cursor; -1 for an unknown `whence`, a negative target or one that overflows
    /// (a header can declare sizes near `Int64.max`, e.g. RF64's `ds64` chunk).
    func seek(offset: sf_count_t, whence: Int32) -> sf_count_t {
        let base: Int64
        switch whence {
        case SEEK_SET: base = 0
        case SEEK_CUR: base = position
        case SEEK_END: base = source.length
        default: return -1
        }
        let (target, overflow) = base.addingReportingOverflow(offset)
        guard !overflow, target >= 0 else { return -1 }
        position = target
        return target
    }

    /// Reads at the cursor and advances it; 0 at the end, on error, or past the end.
    func read(into buffer: UnsafeMutableRawPointer, count: sf_count_t) -> sf_count_t {
        guard count > 0, position < source.length else { return 0 }
        let wanted = Int(clamping: min(count, source.length - position))
        let n = source.read(into: buffer, count: wanted, at: position)
        guard n > 0 else { return 0 }
        position += Int64(n)
        return sf_count_t(n)
    }

    /// The callback table; C function pointers, so they reach their state through `user_data`.
    static let table: SF_VIRTUAL_IO = {
        var io = SF_VIRTUAL_IO()
        io.get_filelen = { user in VirtualIOContext.from(user)?.source.length ?? -1 }
        io.seek = { offset, whence, user in
            guard let context = VirtualIOContext.from(user) else { return -1 }
            return context.seek(offset: offset, whence: whence)
        }
        io.read = { buffer, count, user in
            guard let context = VirtualIOContext.from(user), let buffer, count > 0 else { return 0 }
            return context.read(into: buffer, count: count)
        }
        io.write = { _, _, _ in 0 }
        io.tell = { user in VirtualIOContext.from(user)?.position ?? -1 }
        return io
    }()
}
