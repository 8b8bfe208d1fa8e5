/// The fixed rules every chip render follows, so the same file gives the same PCM on every
/// machine: one rate, a fixed interpolation, and a length policy. Modules render as floats (no
/// dither); libgme and libsidplayfp deliver 16-bit samples (libsidplayfp's dither starts from
/// a fixed seed).
public struct ChipRenderPolicy: Sendable, Equatable {
    /// Output rate (stereo).
    public var sampleRate = 44_100
    /// No render is longer than this (seconds); longer songs are cut there.
    public var maxSeconds = 600.0
    /// Modules: libopenmpt's interpolation filter taps (8: its windowed-sinc default).
    public var interpolationTaps: Int32 = 8
    /// Modules: stereo separation in percent (100: as the module says).
    public var stereoSeparation: Int32 = 100
    /// Chip logs with no stated length (looping tracks) play libgme's play length (intro + two
    /// loops, or 150 s) and SID songs `sidSeconds`; both fade out over their last `fadeSeconds`.
    public var fadeSeconds = 8.0
    /// SID tunes state no length: each song plays this long (seconds) and fades out over its
    /// last `fadeSeconds`.
    public var sidSeconds = 120.0

    public init() {}

    /// Throws `ChipError.render` when a value lies outside what the renderers take: a rate
    /// outside 8–384 kHz, a length that is not finite or not above 0 (up to a day), a fade that
    /// is not finite or below 0, libopenmpt taps other than 1, 2, 4 or 8, a separation outside
    /// 0–200 %. The renderers convert lengths to frame counts, which would trap on NaN.
    func validate() throws(ChipError) {
        let day = 86_400.0
        guard (8_000...384_000).contains(sampleRate) else { throw .render("render policy: sample rate \(sampleRate) Hz is outside 8000–384000") }
        guard maxSeconds.isFinite, maxSeconds > 0, maxSeconds <= day else { throw .render("render policy: length \(maxSeconds) s is outside (0, 86400]") }
        guard sidSeconds.isFinite, sidSeconds > 0, sidSeconds <= day else { throw .render("render policy: SID length \(sidSeconds) s is outside (0, 86400]") }
        guard fadeSeconds.isFinite, fadeSeconds >= 0, fadeSeconds <= day else { throw .render("render policy: fade \(fadeSeconds) s is outside [0, 86400]") }
        guard [1, 2, 4, 8].contains(interpolationTaps) else { throw .render("render policy: \(interpolationTaps) interpolation taps (1, 2, 4 or 8)") }
        guard (0...200).contains(stereoSeparation) else { throw .render("render policy: stereo separation \(stereoSeparation) % is outside 0–200") }
    }
}

/// One rendered subtune: interleaved stereo floats.
public struct ChipRender: Sendable, Equatable {
    public var format: ChipFormat
    /// The subtune rendered (0-based) and how many the file has.
    public var subtune: Int
    public var subtunes: Int
    public var sampleRate: Int
    /// Always 2 (left, right interleaved).
    public var channels: Int { 2 }
    public var samples: [Float]

    /// Frames rendered.
    public var frames: Int { samples.count / 2 }
}
