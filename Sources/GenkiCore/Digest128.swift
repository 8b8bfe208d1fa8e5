/// A 128-bit digest, stored as two 64-bit halves in XXH128's canonical order (high half first).
public struct Digest128: Hashable, Sendable, Comparable, CustomStringConvertible {
    /// The most significant 64 bits.
    public let high: UInt64
    /// The least significant 64 bits.
    public let low: UInt64

    /// Creates a digest from its halves.
    public init(high: UInt64, low: UInt64) {
        self.high = high
        self.low = low
    }

    /// Parses 32 hexadecimal digits (either case); returns nil for anything else.
    public init?(hex: String) {
        let utf8 = Array(hex.utf8)
        guard utf8.count == 32 else { return nil }
        func parse(_ bytes: ArraySlice<UInt8>) -> UInt64? {
            var value: UInt64 = 0
            for byte in bytes {
                let nibble: UInt8
                switch byte {
                case UInt8(ascii: "0")...UInt8(ascii: "9"): nibble = byte - UInt8(ascii: "0")
                case UInt8(ascii: "a")...UInt8(ascii: "f"): nibble = byte - UInt8(ascii: "a") + 10
                case UInt8(ascii: "A")...UInt8(ascii: "F"): nibble = byte - UInt8(ascii: "A") + 10
                default: return nil
                }
                value = value << 4 | UInt64(nibble)
            }
            return value
        }
        guard let high = parse(utf8[0..<16]), let low = parse(utf8[16..<32]) else { return nil }
        self.init(high: high, low: low)
    }

    /// Lowercase hexadecimal, 32 digits, canonical (big-endian) order.
    public var hex: String { Hex.encode(bytes) }

    /// The canonical 16 bytes (big-endian, high half first).
    public var bytes: [UInt8] {
        (0..<8).map { UInt8(truncatingIfNeeded: high >> (56 - UInt64($0) * 8)) }
            + (0..<8).map { UInt8(truncatingIfNeeded: low >> (56 - UInt64($0) * 8)) }
    }

    public var description: String { hex }

    public static func < (lhs: Digest128, rhs: Digest128) -> Bool {
        (lhs.high, lhs.low) < (rhs.high, rhs.low)
    }
}
