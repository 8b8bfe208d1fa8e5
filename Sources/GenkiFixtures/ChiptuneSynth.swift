import Foundation

/// A deterministic chiptune-like synthesizer: 2A03-style pulse (12.5/25/50 % duty) lead and
/// arpeggio, a 4-bit stepped triangle bass and LFSR noise drums, from a seed.
///
/// Same seed and parameters → bit-identical samples on every machine (no libm randomness,
/// integer phase accumulators).
public struct ChiptuneSynth: Sendable {
    /// Parameters of one piece.
    public struct Piece: Sendable, Equatable {
        /// Seed that picks key, scale, tempo, progression and melody.
        public var seed: UInt64
        /// Length in seconds.
        public var duration: Double
        /// Output sample rate.
        public var sampleRate: Int
        /// 1 (mono) or 2 (stereo: lead left of centre, arpeggio right).
        public var channels: Int
        /// Linear gain applied at the end.
        public var gain: Float
        /// Semitones added to every pitched voice (a pitch shift without a tempo change).
        public var transpose: Int
        /// Tempo multiplier (a tempo change without a pitch change).
        public var tempoScale: Double

        public init(seed: UInt64, duration: Double, sampleRate: Int, channels: Int, gain: Float = 0.5, transpose: Int = 0, tempoScale: Double = 1) {
            self.seed = seed
            self.duration = duration
            self.sampleRate = sampleRate
            self.channels = channels
            self.gain = gain
            self.transpose = transpose
            self.tempoScale = tempoScale
        }
    }

    private struct Note {
        var start: Int
        var length: Int
        var midi: Int
    }

    public init() {}

    /// Frequency of a MIDI note number in Hz (A4 = 69 = 440 Hz).
    public static func frequency(midi: Int) -> Double { 440 * pow(2, Double(midi - 69) / 12) }

    /// The tempo and key a piece is rendered in (for checking estimators): beats per minute as
    /// rendered (after rounding the sixteenth-note step to whole samples), tonic pitch class
    /// (0 = C) and whether the scale is minor.
    public static func facts(_ piece: Piece) -> (bpm: Double, tonic: Int, minor: Bool) {
        var rng = SplitMix64(seed: piece.seed)
        let bpm = 100 + Int(rng.next() % 80)
        let step =
            piece.tempoScale == 1
            ? max(1, piece.sampleRate * 60 / bpm / 4)
            : max(1, Int((Double(piece.sampleRate * 60) / (Double(bpm) * piece.tempoScale) / 4).rounded()))
        let root = 45 + Int(rng.next() % 12) + piece.transpose
        let scale = Int(rng.next() % 4)
        return (Double(piece.sampleRate * 60) / Double(4 * step), ((root % 12) + 12) % 12, scale == 1 || scale == 3)
    }

    /// Renders a piece to interleaved floats.
    public func render(_ piece: Piece) -> [Float] {
        var rng = SplitMix64(seed: piece.seed)
        let frames = Int(piece.duration * Double(piece.sampleRate))
        let bpm = 100 + Int(rng.next() % 80)
        let step =
            piece.tempoScale == 1
            ? max(1, piece.sampleRate * 60 / bpm / 4)  // sixteenth notes
            : max(1, Int((Double(piece.sampleRate * 60) / (Double(bpm) * piece.tempoScale) / 4).rounded()))
        let root = 45 + Int(rng.next() % 12) + piece.transpose
        let scales: [[Int]] = [[0, 2, 4, 5, 7, 9, 11], [0, 2, 3, 5, 7, 8, 10], [0, 2, 4, 7, 9], [0, 3, 5, 7, 10]]
        let scale = scales[Int(rng.next() % UInt64(scales.count))]
        let duties: [UInt32] = [0x2000_0000, 0x4000_0000, 0x8000_0000]  // 12.5 %, 25 %, 50 % of 2^32
        let leadDuty = duties[Int(rng.next() % 3)]
        let arpDuty = duties[Int(rng.next() % 3)]
        let progression = (0..<4).map { _ in Int(rng.next() % UInt64(scale.count)) }
        let drumPattern = (0..<16).map { _ in rng.next() % 3 == 0 }

        func degree(_ d: Int) -> Int {
            let octave = d >= 0 ? d / scale.count : (d - scale.count + 1) / scale.count
            return octave * 12 + scale[((d % scale.count) + scale.count) % scale.count]
        }

        var melody: [Note] = []
        var bass: [Note] = []
        var position = 0
        var bar = 0
        var current = Int(rng.next() % 5)
        while position < frames {
            let chord = progression[bar % progression.count]
            bass.append(Note(start: position, length: step * 16, midi: root - 12 + degree(chord)))
            var s = 0
            while s < 16 {
                let len = [1, 2, 2, 4][Int(rng.next() % 4)]
                current += Int(rng.next() % 5) - 2
                current = min(max(current, -3), 10)
                if rng.next() % 6 != 0 {
                    melody.append(Note(start: position + s * step, length: len * step, midi: root + 12 + degree(current)))
                }
                s += len
            }
            position += step * 16
            bar += 1
        }

        var out = [Float](repeating: 0, count: frames * piece.channels)
        let rate = Double(piece.sampleRate)
        func increment(_ midi: Int) -> UInt32 {
            UInt32(truncatingIfNeeded: Int64((Self.frequency(midi: midi) / rate * 4_294_967_296).rounded()))
        }
        out.withUnsafeMutableBufferPointer { buf in
            // Lead: pulse with a simple decay envelope.
            for note in melody {
                let inc = increment(note.midi)
                var phase: UInt32 = 0
                let end = min(frames, note.start + note.length)
                guard note.start < end else { continue }
                for i in note.start..<end {
                    let age = Float(i - note.start) / Float(note.length)
                    let v: Float = (phase < leadDuty ? 0.30 : -0.30) * (1 - 0.6 * age)
                    mix(buf, i, v, pan: 0.35, channels: piece.channels)
                    phase &+= inc
                }
            }
            // Arpeggio: chord tones cycling every 1/64 s-ish (one tone per 3 ticks at 50 Hz).
            let arpStep = max(1, piece.sampleRate / 50 * 2)
            for note in bass {
                let chordRoot = note.midi + 24
                let tones = [chordRoot, chordRoot + degree(2) - degree(0), chordRoot + 7]
                var phase: UInt32 = 0
                let end = min(frames, note.start + note.length)
                guard note.start < end else { continue }
                for i in note.start..<end {
                    let tone = tones[((i - note.start) / arpStep) % 3]
                    let v: Float = phase < arpDuty ? 0.12 : -0.12
                    mix(buf, i, v, pan: 0.65, channels: piece.channels)
                    phase &+= increment(tone)
                }
            }
            // Bass: 32-step triangle, as the 2A03 quantises it.
            for note in bass {
                let inc = increment(note.midi)
                var phase: UInt32 = 0
                let end = min(frames, note.start + note.length)
                guard note.start < end else { continue }
                for i in note.start..<end {
                    let stepIndex = Int(phase >> 27)  // 0…31
                    let level = stepIndex < 16 ? 15 - stepIndex : stepIndex - 16
                    let v = (Float(level) / 7.5 - 1) * 0.25
                    mix(buf, i, v, pan: 0.5, channels: piece.channels)
                    phase &+= inc
                }
            }
            // Drums: 15-bit LFSR noise bursts on the pattern's sixteenths.
            var lfsr: UInt16 = 1
            var sixteenth = 0
            var start = 0
            while start < frames {
                if drumPattern[sixteenth % 16] {
                    let length = min(step / 2, frames - start)
                    var hold = 0
                    for k in 0..<length {
                        if hold == 0 {
                            let bit = (lfsr ^ (lfsr >> 1)) & 1
                            lfsr = (lfsr >> 1) | (bit << 14)
                            hold = max(1, piece.sampleRate / 16000)
                        }
                        hold -= 1
                        let env = 1 - Float(k) / Float(length)
                        let v: Float = ((lfsr & 1) == 1 ? 0.15 : -0.15) * env
                        mix(buf, start + k, v, pan: 0.5, channels: piece.channels)
                    }
                }
                sixteenth += 1
                start += step
            }
            for i in 0..<buf.count { buf[i] *= piece.gain }
        }
        return out
    }

    @inline(__always)
    private func mix(_ buf: UnsafeMutableBufferPointer<Float>, _ frame: Int, _ v: Float, pan: Float, channels: Int) {
        if channels == 1 {
            buf[frame] += v
        } else {
            buf[frame * channels] += v * (1 - pan) * 2 * 0.5
            buf[frame * channels + 1] += v * pan * 2 * 0.5
            for c in 2..<max(2, channels) { buf[frame * channels + c] += v * 0.5 }
        }
    }

    /// A pure sine at `frequency` Hz (for resampler and pitch tests), mono.
    public static func sine(frequency: Double, sampleRate: Int, frames: Int, amplitude: Float = 0.5) -> [Float] {
        (0..<frames).map { amplitude * Float(sin(2 * Double.pi * frequency * Double($0) / Double(sampleRate))) }
    }
}
