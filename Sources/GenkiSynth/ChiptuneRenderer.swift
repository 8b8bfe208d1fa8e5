import Foundation
import GenkiAudio
import GenkiMIDI

/// Renders a note stream with 2A03 / Game Boy-style voices, no soundfont needed:
/// - pulse waves with 12.5 %, 25 % or 50 % duty (chosen by the General MIDI program family),
/// - a 32-step quantised triangle for bass programs (32–39) and for notes below C3,
/// - 15-bit LFSR noise for the percussion channel (short "metallic" mode for cymbals and hats).
///
/// Volumes are quantised to 16 levels like the 2A03's envelope, phases are 32-bit integer
/// accumulators and the noise generator is seeded per note, so the same stream always gives the
/// same samples. At most `voices` notes sound at once; a new note takes a free voice or steals
/// the one that started earliest.
public struct ChiptuneRenderer: Sendable {
    /// Output sample rate.
    public var sampleRate: Int
    /// Polyphony limit.
    public var voices: Int
    /// Renders longer than this are refused (a hostile file can place a note hours away).
    public var maxSeconds: Double
    /// Silence kept after the last note ends.
    public var tailSeconds: Double

    /// The default `maxSeconds`: an hour is 635 MB of float samples at 44.1 kHz.
    public static let defaultMaxSeconds = 3_600.0
    /// Accepted output rates.
    public static let sampleRateRange = 1_000...768_000

    /// Creates a renderer; `sampleRate` is clamped to `sampleRateRange`, and `maxSeconds` and
    /// `tailSeconds` to [0, `defaultMaxSeconds`], so the largest render stays bounded.
    public init(sampleRate: Int = 44_100, voices: Int = 8, maxSeconds: Double = defaultMaxSeconds, tailSeconds: Double = 0.25) {
        self.sampleRate = min(max(sampleRate, Self.sampleRateRange.lowerBound), Self.sampleRateRange.upperBound)
        self.voices = max(1, voices)
        self.maxSeconds = maxSeconds >= 0 ? min(maxSeconds, Self.defaultMaxSeconds) : 0
        self.tailSeconds = tailSeconds >= 0 ? min(tailSeconds, Self.defaultMaxSeconds) : 0
    }

    /// The waveform a note gets.
    public enum Wave: Equatable, Sendable {
        case pulse(duty: UInt32)
        case triangle
        case noise(short: Bool)
    }

    /// 12.5 %, 25 % and 50 % duty cycles as fractions of 2³².
    public static let duties: [UInt32] = [0x2000_0000, 0x4000_0000, 0x8000_0000]

    /// The voice type for a note.
    public static func wave(for note: CanonicalNote) -> Wave {
        if note.isDrum {
            // Cymbals, hats and other high percussion (GM 42–59 odd ones, 49+) use short noise.
            return .noise(short: note.pitch >= 42 && note.pitch != 45 && note.pitch != 47 && note.pitch != 48 && note.pitch != 50)
        }
        if (32...39).contains(note.program) || note.pitch < 48 { return .triangle }
        return .pulse(duty: duties[Int(note.program / 8) % 3])
    }

    /// Pitch → 32-bit phase increment per sample.
    func increment(_ pitch: UInt8) -> UInt32 {
        let f = 440 * pow(2, (Double(pitch) - 69) / 12)
        return UInt32(truncatingIfNeeded: Int64((f / Double(sampleRate) * 4_294_967_296).rounded()))
    }

    private struct Voice {
        var note: CanonicalNote
        var start: Int
        var end: Int
        var release: Int
        var wave: Wave
        var phase: UInt32 = 0
        var increment: UInt32
        var level: Float
        var lfsr: UInt16 = 1
        var noiseCounter: UInt32 = 0
        var noiseValue: Float = 1
    }

    /// Mono samples in [-1, 1].
    public func render(_ stream: NoteStream) throws(MIDIError) -> [Float] {
        let total = stream.notes.map { $0.onsetSeconds + $0.durationSeconds }.max() ?? 0
        let limit = min(max(0, maxSeconds), Self.defaultMaxSeconds)
        guard total <= limit else {
            let lasts = total.isFinite && total < 1e15 ? "\(Int(total))" : "\(total)"
            throw .render("the piece lasts \(lasts) s, over the \(Int(limit)) s limit")
        }
        let tail = min(max(0, tailSeconds), Self.defaultMaxSeconds)
        let rate = min(max(sampleRate, Self.sampleRateRange.lowerBound), Self.sampleRateRange.upperBound)
        guard rate == sampleRate else { throw .render("sample rate \(sampleRate) Hz outside \(Self.sampleRateRange)") }
        let frames = Int((max(0, total) + tail) * Double(rate))
        var out = [Float](repeating: 0, count: frames)
        let releaseFrames = max(1, sampleRate / 50)  // 20 ms
        // Events: note starts in stream order (onset, pitch, channel).
        var active: [Voice] = []
        var pending = stream.notes[...]
        var position = 0
        out.withUnsafeMutableBufferPointer { buffer in
            while position < frames {
                // Start every note whose onset has come.
                while let note = pending.first, Int(note.onsetSeconds * Double(sampleRate)) <= position {
                    pending = pending.dropFirst()
                    let start = Int(note.onsetSeconds * Double(sampleRate))
                    let end = max(start + 1, Int((note.onsetSeconds + note.durationSeconds) * Double(sampleRate)))
                    let level = (Float(max(1, Int(note.velocity) * 15 / 127)) / 15) * 0.18
                    var voice = Voice(
                        note: note, start: start, end: end, release: end + releaseFrames, wave: Self.wave(for: note),
                        increment: increment(note.pitch), level: level
                    )
                    voice.lfsr = UInt16(truncatingIfNeeded: 1 + Int(note.pitch) * 131 + start % 1021) | 1
                    active.removeAll { $0.release <= position }
                    if active.count >= voices, let oldest = active.indices.min(by: { active[$0].start < active[$1].start }) {
                        active.remove(at: oldest)
                    }
                    active.append(voice)
                }
                // Render up to the next onset (or the end), at most 1,024 frames at a time.
                var next = min(frames, position + 1_024)
                if let note = pending.first { next = min(next, max(position + 1, Int(note.onsetSeconds * Double(sampleRate)))) }
                for v in active.indices {
                    render(&active[v], into: buffer, from: position, to: next)
                }
                position = next
            }
        }
        return out
    }

    private func render(_ v: inout Voice, into out: UnsafeMutableBufferPointer<Float>, from: Int, to: Int) {
        let stop = min(to, v.release)
        guard from < stop else { return }
        let length = Float(max(1, v.end - v.start))
        let noisePeriod = UInt32(truncatingIfNeeded: max(1, Int(v.note.pitch) % 16 + 1)) * 0x0100_0000
        for i in from..<stop {
            // Envelope: decay to 60 % over the note, then a 20 ms linear release.
            var gain = v.level * (1 - 0.4 * Float(min(i - v.start, v.end - v.start)) / length)
            if i >= v.end { gain *= Float(v.release - i) / Float(v.release - v.end) }
            let sample: Float
            switch v.wave {
            case .pulse(let duty):
                sample = v.phase < duty ? 1 : -1
                v.phase &+= v.increment
            case .triangle:
                let step = Int(v.phase >> 27)
                let levelStep = step < 16 ? 15 - step : step - 16
                sample = Float(levelStep) / 7.5 - 1
                v.phase &+= v.increment
            case .noise(let short):
                v.noiseCounter &+= noisePeriod
                if v.noiseCounter < noisePeriod {  // wrapped: clock the LFSR
                    let tap: UInt16 = short ? 6 : 1
                    let bit = (v.lfsr ^ (v.lfsr >> tap)) & 1
                    v.lfsr = (v.lfsr >> 1) | (bit << 14)
                    v.noiseValue = (v.lfsr & 1) == 1 ? 1 : -1
                }
                sample = v.noiseValue
            }
            out[i] += sample * gain
        }
    }

    /// Renders and writes a file (format from `format`), mono at `sampleRate`.
    public func write(_ stream: NoteStream, to path: String, format: AudioFileFormat = .wavPCM16) throws(MIDIError) {
        let samples = try render(stream)
        do {
            let writer = try AudioWriter(path: path, format: format, sampleRate: sampleRate, channels: 1)
            try writer.write(samples)
            try writer.close()
        } catch {
            throw .write(error.description)
        }
    }
}
