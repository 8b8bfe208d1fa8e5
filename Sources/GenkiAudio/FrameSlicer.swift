/// Cuts a mono stream into overlapping frames of `size` samples every `hop` samples, for the
/// frame analysers (`ChromaExtractor`, `SpectralPeakPicker`).
struct FrameSlicer {
    let size: Int
    let hop: Int
    private var frame: [Float]
    private var fill = 0
    private var started = false

    /// `hop` is clamped to 1…`size`.
    init(size: Int, hop: Int) {
        self.size = max(1, size)
        self.hop = max(1, min(self.size, hop))
        frame = [Float](repeating: 0, count: self.size)
    }

    /// Appends samples, calling `full` with each frame as it completes.
    mutating func feed(_ samples: UnsafeBufferPointer<Float>, _ full: ([Float]) -> Void) {
        guard let source = samples.baseAddress else { return }
        var i = 0
        while i < samples.count {
            let take = min(size - fill, samples.count - i)
            let start = fill
            frame.withUnsafeMutableBufferPointer { r in
                guard let base = r.baseAddress else { return }
                (base + start).update(from: source + i, count: take)
            }
            fill += take
            i += take
            if fill == size {
                full(frame)
                started = true
                // Keep the overlap as the start of the next frame.
                let (size, hop) = (self.size, self.hop)
                frame.withUnsafeMutableBufferPointer { r in
                    guard let base = r.baseAddress else { return }
                    base.update(from: base + hop, count: size - hop)
                }
                fill = size - hop
            }
        }
    }

    /// Emits a last, zero-padded frame when at least half a hop of new audio is waiting (or
    /// when the stream was shorter than one frame), and empties the slicer.
    mutating func finish(_ full: ([Float]) -> Void) {
        let carried = started ? size - hop : 0
        if fill - carried >= hop / 2 || (!started && fill > 0) {
            for k in fill..<size { frame[k] = 0 }
            full(frame)
        }
        fill = 0
    }
}
