/// Hand-built hostile inputs that once crashed the whole process (issue 13), for regression
/// tests: each must become one file's error record (or a valid result), never a trap.
public enum HostileFixtures {
    private static func le16(_ v: UInt16) -> [UInt8] { [UInt8(truncatingIfNeeded: v), UInt8(truncatingIfNeeded: v >> 8)] }
    private static func le32(_ v: UInt32) -> [UInt8] { (0..<4).map { UInt8(truncatingIfNeeded: v >> ($0 * 8)) } }
    private static func le64(_ v: UInt64) -> [UInt8] { (0..<8).map { UInt8(truncatingIfNeeded: v >> ($0 * 8)) } }

    /// A `fmt ` chunk: `format` 1 is integer PCM, 3 IEEE float.
    private static func fmtChunk(format: UInt16, sampleRate: UInt32, channels: UInt16, bits: UInt16) -> [UInt8] {
        let align = UInt32(channels) * UInt32(bits / 8)
        return Array("fmt ".utf8) + le32(16) + le16(format) + le16(channels) + le32(sampleRate)
            + le32(sampleRate &* align) + le16(UInt16(truncatingIfNeeded: align)) + le16(bits)
    }

    private static func riff(_ fmt: [UInt8], data: [UInt8]) -> [UInt8] {
        let body = Array("WAVE".utf8) + fmt + Array("data".utf8) + le32(UInt32(data.count)) + data
        return Array("RIFF".utf8) + le32(UInt32(body.count)) + body
    }

    /// A 16-bit PCM WAV of silence with any header rate and channel count (libsndfile opens
    /// rates below 1,000 Hz and up to 1,024 channels; genki refuses them).
    public static func wav(sampleRate: UInt32, channels: UInt16, frames: Int = 64) -> [UInt8] {
        riff(
            fmtChunk(format: 1, sampleRate: sampleRate, channels: channels, bits: 16),
            data: [UInt8](repeating: 0, count: frames * Int(channels) * 2))
    }

    /// A mono 32-bit float WAV holding `samples` as they are (e.g. 1e20, whose square overflows).
    public static func floatWAV(samples: [Float], sampleRate: UInt32 = 8_000) -> [UInt8] {
        riff(
            fmtChunk(format: 3, sampleRate: sampleRate, channels: 1, bits: 32),
            data: samples.flatMap { le32($0.bitPattern) })
    }

    /// An RF64 file whose `ds64` chunk declares RIFF and data sizes near `Int64.max`.
    public static func rf64(declaredSize: UInt64 = 0x7FFF_FFFF_FFFF_FFF0, frames: Int = 256) -> [UInt8] {
        let ds64 = Array("ds64".utf8) + le32(28) + le64(declaredSize) + le64(declaredSize) + le64(declaredSize / 2) + le32(0)
        let data = [UInt8](repeating: 0, count: frames * 2)
        let body =
            Array("WAVE".utf8) + ds64 + fmtChunk(format: 1, sampleRate: 8_000, channels: 1, bits: 16)
            + Array("data".utf8) + le32(0xFFFF_FFFF) + data
        return Array("RF64".utf8) + le32(0xFFFF_FFFF) + body
    }

    /// A tiny format-0 SMF whose note spans two maximal delta times (2 × 0x0FFFFFFF ticks) at one
    /// tick per quarter and the slowest tempo: the piece "lasts" about 9·10⁹ seconds.
    public static func absurdTickMIDI() -> [UInt8] {
        let maxDelta: [UInt8] = [0xFF, 0xFF, 0xFF, 0x7F]
        let events: [UInt8] =
            [0x00, 0xFF, 0x51, 0x03, 0xFF, 0xFF, 0xFF]  // tempo 16.7 s per quarter
            + [0x00, 0x90, 0x3C, 0x64]  // note on C4
            + maxDelta + [0x80, 0x3C, 0x00]  // note off after 2^28 - 1 ticks
            + maxDelta + [0xFF, 0x2F, 0x00]  // end of track 2^28 - 1 ticks later
        return Array("MThd".utf8) + [0, 0, 0, 6, 0, 0, 0, 1, 0, 1] + Array("MTrk".utf8)
            + le32(UInt32(events.count)).reversed() + events
    }
}
