/// The byte-level pieces the fixture writers build files from: integers in either byte order
/// and fixed-size text fields.
enum FixtureBytes {
    /// The low `width` bytes of `v`, least significant first.
    static func le(_ v: Int, _ width: Int) -> [UInt8] { (0..<width).map { UInt8(truncatingIfNeeded: v >> (8 * $0)) } }

    /// The low `width` bytes of `v`, most significant first.
    static func be(_ v: Int, _ width: Int) -> [UInt8] { le(v, width).reversed() }

    /// `s` (UTF-8, cut to `keep` bytes, `length` when nil) padded with NULs to `length` bytes.
    static func field(_ s: String, _ length: Int, keep: Int? = nil) -> [UInt8] {
        let bytes = Array(s.utf8.prefix(min(length, keep ?? length)))
        return bytes + [UInt8](repeating: 0, count: length - bytes.count)
    }
}
