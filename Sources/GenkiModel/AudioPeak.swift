/// One spectral peak of a recording: an analysis frame and a log-frequency bin.
///
/// Frames are `AudioPeak.framesPerSecond` apart (128 samples of the 5,512.5 Hz analysis
/// stream, ≈ 23 ms); bins are a third of a semitone apart from `AudioPeak.minHz` (C3) over
/// `AudioPeak.binCount` bins (four octaves). `GenkiAudio.SpectralPeakPicker` finds them.
public struct AudioPeak: Sendable, Hashable, Comparable {
    /// Analysis frames per second.
    public static let framesPerSecond = 5_512.5 / 128
    /// Lowest bin's frequency, and bins per octave and in all.
    public static let minHz = 130.8128
    public static let binsPerOctave = 36
    public static let binCount = 144

    public var frame: Int32
    public var bin: UInt8

    public init(frame: Int32, bin: UInt8) {
        self.frame = frame
        self.bin = bin
    }

    public static func < (a: AudioPeak, b: AudioPeak) -> Bool { (a.frame, a.bin) < (b.frame, b.bin) }
}
