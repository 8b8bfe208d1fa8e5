import GenkiModel

extension AudioFingerprint {
    /// The exact landmark keys of the peaks (`AudioLandmarks.landmarks`), for an index.
    public var landmarks: [AudioLandmark] { AudioLandmarks.landmarks(peaks) }
}
