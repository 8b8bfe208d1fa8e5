import Foundation
import GenkiAudio

/// The disguises a copier applies to audio, for fingerprint tests and benchmarks. Each works on
/// a mono signal and returns the distorted signal and its rate.
public enum AudioDistortion: Sendable, Equatable, CustomStringConvertible {
    case gain(decibels: Double)
    case trimStart(fraction: Double)
    case trimEnd(fraction: Double)
    case noise(snr: Double)
    /// Resampled to another rate (and left there).
    case resample(rate: Int)
    /// Encoded and decoded again (`level`: libsndfile compression level, 1 = smallest).
    case codec(AudioFileFormat, level: Double)
    /// Played faster or slower: tempo and pitch change together (a PAL/NTSC rip).
    case speed(Double)
    /// Synthesised transposed by whole semitones (pitch only).
    case pitch(semitones: Int)
    /// Synthesised at another tempo (tempo only).
    case tempo(Double)

    public var description: String {
        switch self {
        case .gain(let db): return String(format: "gain %+.0f dB", db)
        case .trimStart(let f): return String(format: "trim start %.0f %%", f * 100)
        case .trimEnd(let f): return String(format: "trim end %.0f %%", f * 100)
        case .noise(let snr): return String(format: "noise %.0f dB SNR", snr)
        case .resample(let rate): return "resample \(rate) Hz"
        case .codec(let format, let level): return String(format: "%@ level %.1f", format.rawValue, level)
        case .speed(let f): return String(format: "speed ×%.2f", f)
        case .pitch(let s): return "pitch \(s > 0 ? "+" : "")\(s) semitone"
        case .tempo(let f): return String(format: "tempo ×%.2f", f)
        }
    }

    /// The standard grid of the fingerprint benchmark and tests.
    public static let grid: [AudioDistortion] = [
        .gain(decibels: -12), .gain(decibels: 12), .trimStart(fraction: 0.2), .trimEnd(fraction: 0.2), .noise(snr: 20),
        .resample(rate: 22_050), .codec(.mp3, level: 1), .codec(.oggVorbis, level: 1), .codec(.oggOpus, level: 1),
        .pitch(semitones: 1), .pitch(semitones: -1), .speed(1.03), .speed(0.97), .tempo(1.05), .tempo(0.95),
    ]

    /// Renders `piece` (mono) with this distortion. Pitch and tempo are applied at synthesis.
    public func render(_ piece: ChiptuneSynth.Piece) throws -> (samples: [Float], rate: Int) {
        var p = piece
        p.channels = 1
        switch self {
        case .pitch(let s): p.transpose += s
        case .tempo(let f): p.tempoScale *= f
        default: break
        }
        let clean = ChiptuneSynth().render(p)
        return try apply(clean, rate: p.sampleRate, seed: piece.seed)
    }

    /// Applies a signal-level distortion (pitch and tempo pass through).
    public func apply(_ x: [Float], rate: Int, seed: UInt64) throws -> (samples: [Float], rate: Int) {
        switch self {
        case .gain(let db):
            let g = Float(pow(10, db / 20))
            return (x.map { max(-1, min(1, $0 * g)) }, rate)
        case .trimStart(let f):
            return (Array(x.dropFirst(Int(Double(x.count) * f))), rate)
        case .trimEnd(let f):
            return (Array(x.dropLast(Int(Double(x.count) * f))), rate)
        case .noise(let snr):
            let power = x.reduce(0) { $0 + Double($1) * Double($1) } / Double(max(1, x.count))
            let sigma = (power / pow(10, snr / 10)).squareRoot()
            var rng = SplitMix64(seed: seed ^ 0x4E01_5E)
            // Uniform noise with the wanted RMS (variance of U(-a, a) is a²/3).
            let a = sigma * 3.0.squareRoot()
            return (x.map { $0 + Float((Double(rng.next() % 1_000_001) / 500_000 - 1) * a) }, rate)
        case .resample(let target):
            return (try Self.resample(x, from: rate, to: target), target)
        case .codec(let format, let level):
            return try Self.roundTrip(x, rate: rate, format: format, level: level)
        case .speed(let factor):
            // Play the samples `factor` times faster: resample to rate / factor and relabel.
            let target = Int((Double(rate) / factor).rounded())
            return (try Self.resample(x, from: rate, to: target), rate)
        case .pitch, .tempo:
            return (x, rate)
        }
    }

    static func resample(_ x: [Float], from: Int, to: Int) throws -> [Float] {
        let r = try Resampler(inputRate: from, outputRate: to, quality: .sincMedium)
        var out: [Float] = []
        try x.withUnsafeBufferPointer { (p) throws(AudioError) in
            guard let base = p.baseAddress else { return }
            try r.process(base, count: p.count) { out.append(contentsOf: $0) }
        }
        try r.finish { out.append(contentsOf: $0) }
        return out
    }

    static func roundTrip(_ x: [Float], rate: Int, format: AudioFileFormat, level: Double) throws -> (samples: [Float], rate: Int) {
        let codecRate = format == .oggOpus ? 48_000 : rate
        let input = codecRate == rate ? x : try resample(x, from: rate, to: codecRate)
        let dir = try makeTemporaryDirectory(prefix: "genki-codec")
        defer { try? FileManager.default.removeItem(at: dir) }
        let path = dir.appendingPathComponent("x.\(format.fileExtension)").path
        let writer = try AudioWriter(path: path, format: format, sampleRate: codecRate, channels: 1, compressionLevel: level)
        try writer.write(input)
        try writer.close()
        let decoder = try AudioDecoder(path: path)
        var out: [Float] = []
        var buffer = [Float](repeating: 0, count: 4096)
        while true {
            let n = try buffer.withUnsafeMutableBufferPointer { p -> Int in
                guard let base = p.baseAddress else { return 0 }
                return try decoder.read(into: base, frames: 4096)
            }
            if n == 0 { break }
            out.append(contentsOf: buffer.prefix(n))
        }
        return (out, codecRate)
    }
}
