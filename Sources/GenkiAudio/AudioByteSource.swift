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

    /// The callback table; C function pointers, so they reach their state through `user_data`.
    static let table: SF_VIRTUAL_IO = {
        var io = SF_VIRTUAL_IO()
        io.get_filelen = { user in VirtualIOContext.from(user)?.source.length ?? -1 }
        io.seek = { offset, whence, user in
            guard let context = VirtualIOContext.from(user) else { return -1 }
            let target: Int64
            switch whence {
            case SEEK_SET: target = offset
            case SEEK_CUR: target = context.position + offset
            case SEEK_END: target = context.source.length + offset
            default: return -1
            }
            guard target >= 0 else { return -1 }
            context.position = target
            return target
        }
        io.read = { buffer, count, user in
            guard let context = VirtualIOContext.from(user), let buffer, count > 0 else { return 0 }
            let n = context.source.read(into: buffer, count: Int(count), at: context.position)
            guard n > 0 else { return 0 }
            context.position += Int64(n)
            return sf_count_t(n)
        }
        io.write = { _, _, _ in 0 }
        io.tell = { user in VirtualIOContext.from(user)?.position ?? -1 }
        return io
    }()
}
