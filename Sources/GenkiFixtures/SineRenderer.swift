import Foundation
import GenkiMIDI

/// A second synth, unlike genki's chiptune voices: every pitched note as a pure sine with a
/// 20 ms attack. Cross-modal tests and benchmarks use it as "another synth's recording".
public enum SineRenderer {
    /// Mono samples at `sampleRate`, half a second of tail after the last note.
    public static func render(_ stream: NoteStream, sampleRate rate: Int) -> [Float] {
        let total = (stream.notes.map { $0.onsetSeconds + $0.durationSeconds }.max() ?? 0) + 0.5
        var out = [Float](repeating: 0, count: Int(total * Double(rate)))
        for n in stream.notes where !n.isDrum {
            let f = 440 * pow(2, (Double(n.pitch) - 69) / 12)
            let start = Int(n.onsetSeconds * Double(rate))
            let end = min(out.count, Int((n.onsetSeconds + n.durationSeconds) * Double(rate)))
            guard start < end else { continue }
            for i in start..<end {
                let t = Double(i - start) / Double(rate)
                out[i] += Float(0.1 * sin(2 * .pi * f * t) * min(1, t * 50))
            }
        }
        return out
    }
}
