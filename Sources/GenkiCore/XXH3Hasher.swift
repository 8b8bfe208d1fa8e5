import CXXHash

/// Streaming XXH3-128 (xxHash 0.8) over any number of byte chunks.
///
/// Not thread-safe: one hasher per stream. The C state is freed on deinit.
public final class XXH3Hasher {
    private let state: OpaquePointer

    /// Errors from the xxHash library (allocation failure only).
    public enum Failure: Error, Equatable {
        case allocationFailed
    }

    /// Creates a hasher with seed 0 (the digests genki publishes are unseeded).
    public init() throws(Failure) {
        guard let state = XXH3_createState() else { throw .allocationFailed }
        self.state = state
        XXH3_128bits_reset(state)
    }

    deinit { XXH3_freeState(state) }

    /// Feeds raw bytes.
    public func update(_ pointer: UnsafeRawBufferPointer) {
        guard let base = pointer.baseAddress, pointer.count > 0 else { return }
        XXH3_128bits_update(state, base, pointer.count)
    }

    /// Feeds the bytes of an array.
    public func update(_ bytes: [UInt8]) {
        bytes.withUnsafeBytes { update($0) }
    }

    /// The digest of everything fed so far (the hasher may keep being fed).
    public func finalize() -> Digest128 {
        let h = XXH3_128bits_digest(state)
        return Digest128(high: h.high64, low: h.low64)
    }

    /// One-shot XXH3-128 of a byte buffer.
    public static func hash(_ pointer: UnsafeRawBufferPointer) -> Digest128 {
        let h = XXH3_128bits(pointer.baseAddress, pointer.count)
        return Digest128(high: h.high64, low: h.low64)
    }

    /// One-shot XXH3-128 of a byte array.
    public static func hash(_ bytes: [UInt8]) -> Digest128 {
        bytes.withUnsafeBytes { hash($0) }
    }
}
