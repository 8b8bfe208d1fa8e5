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
