/// Hand-built RIFF/WAVE byte streams, including deliberately broken ones.
public enum RIFFBuilder {
    private static func le32(_ v: UInt32) -> [UInt8] { (0..<4).map { UInt8(truncatingIfNeeded: v >> ($0 * 8)) } }
    private static func le16(_ v: UInt16) -> [UInt8] { [UInt8(truncatingIfNeeded: v), UInt8(truncatingIfNeeded: v >> 8)] }

    private static func fmtChunk(sampleRate: Int, channels: Int, size: UInt32 = 16) -> [UInt8] {
        Array("fmt ".utf8) + le32(size) + le16(1) + le16(UInt16(channels)) + le32(UInt32(sampleRate))
            + le32(UInt32(sampleRate * channels * 2)) + le16(UInt16(channels * 2)) + le16(16)
    }

    /// A valid 16-bit PCM WAV.
    public static func wav(samples: [Int16], sampleRate: Int, channels: Int) -> [UInt8] {
        let data = samples.flatMap { le16(UInt16(bitPattern: $0)) }
        let body =
            Array("WAVE".utf8) + fmtChunk(sampleRate: sampleRate, channels: channels)
            + Array("data".utf8) + le32(UInt32(data.count)) + data
        return Array("RIFF".utf8) + le32(UInt32(body.count)) + body
    }

    /// A WAV whose `fmt ` chunk declares ~4 GB.
    public static func hugeFormatChunk() -> [UInt8] {
        let body =
            Array("WAVE".utf8) + fmtChunk(sampleRate: 8_000, channels: 1, size: 0xFFFF_FF00)
            + Array("data".utf8) + le32(64) + [UInt8](repeating: 0, count: 64)
        return Array("RIFF".utf8) + le32(UInt32(body.count)) + body
    }

    /// A WAV whose `data` chunk declares ~2 GB but holds a few thousand samples.
    public static func hugeDataChunk(samples: [Int16]) -> [UInt8] {
        let data = samples.flatMap { le16(UInt16(bitPattern: $0)) }
        let body =
            Array("WAVE".utf8) + fmtChunk(sampleRate: 8_000, channels: 1)
            + Array("data".utf8) + le32(0x7FFF_FFF0) + data
        return Array("RIFF".utf8) + le32(0xFFFF_FFF0) + body
    }
}
