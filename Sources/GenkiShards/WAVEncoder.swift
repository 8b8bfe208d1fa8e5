/// Canonical 16-bit PCM WAV bytes (a 44-byte RIFF header, no other chunks), so the same
/// samples always give the same bytes.
public enum WAVEncoder {
    public static func encode(_ samples: [Int16], sampleRate: Int, channels: Int = 1) -> [UInt8] {
        let dataBytes = samples.count * 2
        var out: [UInt8] = []
        out.reserveCapacity(44 + dataBytes)
        func u32(_ v: Int) { for k in 0..<4 { out.append(UInt8(truncatingIfNeeded: v >> (8 * k))) } }
        func u16(_ v: Int) { for k in 0..<2 { out.append(UInt8(truncatingIfNeeded: v >> (8 * k))) } }
        out += Array("RIFF".utf8)
        u32(36 + dataBytes)
        out += Array("WAVE".utf8)
        out += Array("fmt ".utf8)
        u32(16)
        u16(1)
        u16(channels)
        u32(sampleRate)
        u32(sampleRate * channels * 2)
        u16(channels * 2)
        u16(16)
        out += Array("data".utf8)
        u32(dataBytes)
        for s in samples {
            let v = UInt16(bitPattern: s)
            out.append(UInt8(v & 0xFF))
            out.append(UInt8(v >> 8))
        }
        return out
    }

    /// Sample rate, channels and frame count of a canonical WAV (nil when it is not one).
    public static func info(_ bytes: [UInt8]) -> (sampleRate: Int, channels: Int, frames: Int)? {
        guard bytes.count >= 44, Array(bytes[0..<4]) == Array("RIFF".utf8), Array(bytes[8..<12]) == Array("WAVE".utf8),
            Array(bytes[36..<40]) == Array("data".utf8)
        else { return nil }
        func u32(_ o: Int) -> Int { (0..<4).reduce(0) { $0 | Int(bytes[o + $1]) << (8 * $1) } }
        func u16(_ o: Int) -> Int { Int(bytes[o]) | Int(bytes[o + 1]) << 8 }
        let channels = u16(22)
        guard channels > 0 else { return nil }
        return (u32(24), channels, u32(40) / (2 * channels))
    }
}
