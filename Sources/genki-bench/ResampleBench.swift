import Foundation
import GenkiAudio
import GenkiFixtures
import GenkiIngest

/// Issue 14's "fast, visible defaults", measured in one run:
/// 1. default `ingest` (profile genki) on 48 kHz stereo FLAC, CPU-s per audio-hour: the current
///    path (frames counted, no resampler) against the previous one (every file resampled with
///    libsamplerate's best sinc only to count frames), both in this process on the same files;
/// 2. resamplers for written audio (48 → 44.1 kHz mono): libsamplerate (best, medium, fastest
///    sinc) and libsoxr VHQ (genki's writer since issue 14), all through genki's `Resampler`,
///    against libsoxr HQ and VHQ through Python `soxr` (timing only the resample call), on speed and on quality: the SNR of a multitone (97 Hz–20 kHz)
///    against its exact 44.1 kHz rendering, and the rejection of a 23 kHz tone (above the new
///    Nyquist, so it must vanish).
enum ResampleBench {
    /// Keeps the resampled stream alive but does nothing with it: the pre-change default.
    struct Discard: ResampledStreamConsumer {
        var frames = 0
        mutating func consume(_ samples: UnsafeBufferPointer<Float>) { frames += samples.count }
    }

    static func run(directory: URL, python: String, files: Int = 20, seconds: Double = 180) throws {
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        print("")
        print("default ingest on 48 kHz stereo FLAC: \(files) files × \(Int(seconds)) s = \(String(format: "%.2f", Double(files) * seconds / 3600)) audio-hours, one core, in-process")
        var paths: [String] = []
        for i in 0..<files {
            let url = directory.appendingPathComponent(String(format: "flac48-%02d.flac", i))
            if !FileManager.default.fileExists(atPath: url.path) {
                let x = ChiptuneSynth().render(ChiptuneSynth.Piece(seed: UInt64(48_000 + i), duration: seconds, sampleRate: 48_000, channels: 2))
                let w = try AudioWriter(path: url.path, format: .flac16, sampleRate: 48_000, channels: 2)
                try w.write(x)
                try w.close()
            }
            paths.append(url.path)
        }
        let hours = Double(files) * seconds / 3600
        func measure(_ body: (String) -> Void) -> Double {
            for p in paths { _ = FileManager.default.contents(atPath: p) }  // warm the page cache
            let c0 = RegistryBench.cpu()
            for p in paths { body(p) }
            return (RegistryBench.cpu() - c0) / hours
        }
        let genki = FileIngestor(profile: .genki)
        let after = measure { _ = genki.ingest(path: $0) }
        let old = FileIngestor(profile: .genki, quality: .sincBest)
        let before = measure { p in
            var sink = Discard()
            _ = old.ingest(path: p, consumer: &sink)
        }
        let fp = measure { _ = FileIngestor(profile: .fp).ingest(path: $0) }
        print("| path | CPU-s per audio-hour | vs before |")
        print("|---|---:|---:|")
        print(String(format: "| before: resample with sinc best to count frames | %.1f | 1.00× |", before))
        print(String(format: "| now: `genki ingest` (frames counted exactly, no resampler) | %.1f | %.1f× faster |", after, before / after))
        print(String(format: "| reference: `--profile fp` (no resampler either) | %.1f | %.1f× faster |", fp, before / fp))
        try resamplers(directory: directory, python: python)
    }

    static func resamplers(directory: URL, python: String) throws {
        let inRate = 48_000
        let outRate = 44_100
        let music = ChiptuneSynth().render(ChiptuneSynth.Piece(seed: 4_410, duration: 600, sampleRate: inRate, channels: 1))
        let tones: [Double] = [97, 440, 1_000, 3_100, 7_000, 12_000, 17_000]
        func multitone(_ rate: Int, _ n: Int, _ freqs: [Double]) -> [Float] {
            (0..<n).map { i in Float(freqs.reduce(0.0) { $0 + 0.1 * sin(2 * .pi * $1 * Double(i) / Double(rate)) }) }
        }
        let seconds = 20
        let toneIn = multitone(inRate, seconds * inRate, tones)
        let toneRef = multitone(outRate, seconds * outRate, tones)
        // 20 kHz: 91 % of the new Nyquist, where a resampler's passband ends.
        let edgeIn = multitone(inRate, seconds * inRate, [20_000])
        let edgeRef = multitone(outRate, seconds * outRate, [20_000])
        let alias = (0..<(seconds * inRate)).map { Float(0.5 * sin(2 * .pi * 23_000 * Double($0) / Double(inRate))) }
        let musicHours = Double(music.count) / Double(inRate) / 3600

        var rows: [(name: String, cpu: Double, snr: Double, edge: Double, rejection: Double)] = []
        for q in [ResamplerQuality.sincBest, .sincMedium, .sincFastest, .soxrVHQ] {
            var cpu = Double.infinity
            for _ in 0..<3 {  // best of three: the machine may be shared
                let c0 = RegistryBench.cpu()
                _ = try resample(music, inRate, outRate, q)
                cpu = min(cpu, RegistryBench.cpu() - c0)
            }
            rows.append(
                (
                    q == .soxrVHQ ? "genki soxr_vhq (libsoxr, one thread)" : "libsamplerate \(q.rawValue)", cpu / musicHours, snr(try resample(toneIn, inRate, outRate, q), toneRef),
                    snr(try resample(edgeIn, inRate, outRate, q), edgeRef), rejection(try resample(alias, inRate, outRate, q))
                ))
        }
        if FileManager.default.isExecutableFile(atPath: python) {
            for q in ["HQ", "VHQ"] {
                var cpu = Double.infinity
                for _ in 0..<3 { cpu = min(cpu, try soxr(music, inRate, outRate, q, python: python, directory: directory).cpu) }
                rows.append(
                    (
                        "libsoxr \(q) (Python soxr)", cpu / musicHours,
                        snr(try soxr(toneIn, inRate, outRate, q, python: python, directory: directory).out, toneRef),
                        snr(try soxr(edgeIn, inRate, outRate, q, python: python, directory: directory).out, edgeRef),
                        rejection(try soxr(alias, inRate, outRate, q, python: python, directory: directory).out)
                    ))
            }
        } else {
            print("\(python) not found: make bench creates it (libsoxr rows skipped)")
        }
        print("")
        print("resamplers, 48 → 44.1 kHz mono (speed: 10 min of music, best of 3; quality: 20 s test signals)")
        print("| resampler | CPU-s per audio-hour | vs sinc_best | SNR, 7 tones 97 Hz–17 kHz (dB) | SNR, 20 kHz tone (dB) | 23 kHz rejection (dB) |")
        print("|---|---:|---:|---:|---:|---:|")
        let reference = rows.first?.cpu ?? 1
        for r in rows {
            print(String(format: "| %@ | %.1f | %.2f× | %.1f | %.1f | %.1f |", r.name, r.cpu, reference / r.cpu, r.snr, r.edge, r.rejection))
        }
    }

    static func resample(_ x: [Float], _ inRate: Int, _ outRate: Int, _ q: ResamplerQuality) throws -> [Float] {
        let r = try Resampler(inputRate: inRate, outputRate: outRate, quality: q)
        var out: [Float] = []
        out.reserveCapacity(Int(Resampler.expectedFrames(inputFrames: Int64(x.count), inputRate: inRate, outputRate: outRate)))
        try x.withUnsafeBufferPointer { p in
            guard let base = p.baseAddress else { return }
            try r.process(base, count: p.count) { out += $0 }
        }
        try r.finish { out += $0 }
        return out
    }

    static func soxr(_ x: [Float], _ inRate: Int, _ outRate: Int, _ q: String, python: String, directory: URL) throws -> (cpu: Double, out: [Float]) {
        let src = directory.appendingPathComponent("resample-in.f32")
        let dst = directory.appendingPathComponent("resample-out.f32")
        try x.withUnsafeBufferPointer { try Data(buffer: $0).write(to: src) }
        let text = try PeerProcess.run(python, ["bench/peer_resampler.py", src.path, "\(inRate)", "\(outRate)", q, dst.path]).stdout
        let data = try Data(contentsOf: dst)
        let out = data.withUnsafeBytes { Array($0.bindMemory(to: Float.self)) }
        return (Double(text.trimmingCharacters(in: .whitespacesAndNewlines)) ?? .nan, out)
    }

    /// SNR (dB) of `y` against `reference` over the middle half, at the best lag within ±64.
    static func snr(_ y: [Float], _ reference: [Float]) -> Double {
        let n = min(y.count, reference.count)
        let lo = n / 4
        let hi = 3 * n / 4
        var best = -Double.infinity
        for lag in -64...64 {
            var signal = 0.0
            var noise = 0.0
            for i in lo..<hi where i + lag >= 0 && i + lag < y.count {
                let r = Double(reference[i])
                let e = Double(y[i + lag]) - r
                signal += r * r
                noise += e * e
            }
            best = max(best, 10 * log10(signal / max(noise, 1e-30)))
        }
        return best
    }

    /// How far (dB) a 0.5-amplitude tone above the new Nyquist is pushed down (middle half).
    static func rejection(_ y: [Float]) -> Double {
        let lo = y.count / 4
        let hi = 3 * y.count / 4
        let power = y[lo..<hi].reduce(0.0) { $0 + Double($1) * Double($1) } / Double(max(1, hi - lo))
        return -10 * log10(max(power, 1e-30) / 0.125)
    }
}
