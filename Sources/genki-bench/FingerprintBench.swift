import Foundation
import GenkiAudio
import GenkiCore
import GenkiDedup
import GenkiFingerprint
import GenkiFixtures
import GenkiIngest
import GenkiModel

/// Robustness of genki's audio fingerprint against Chromaprint (`fpcalc -raw`, scored with a
/// fair aligner of our own) on generated pieces under every distortion, in one run.
enum FingerprintBench {
    /// Lowest threshold at which precision over all scored pairs is at least `precision`.
    static func threshold(_ scored: [(score: Double, isTrue: Bool)], precision: Double = 0.99) -> Double {
        let sorted = scored.sorted { $0.score > $1.score }
        var tp = 0
        var fp = 0
        var best = sorted.first?.score ?? 1
        for (i, s) in sorted.enumerated() {
            if s.isTrue { tp += 1 } else { fp += 1 }
            let nextDiffers = i + 1 == sorted.count || sorted[i + 1].score < s.score
            if nextDiffers && Double(tp) / Double(tp + fp) >= precision { best = s.score }
        }
        return best
    }

    /// Chromaprint similarity: 1 − bit error rate at the best offset with at least half overlap.
    static func chromaprintScore(_ a: [UInt32], _ b: [UInt32]) -> Double {
        guard !a.isEmpty, !b.isEmpty else { return 0 }
        let minimum = max(1, min(a.count, b.count) / 2)
        var best = 0.0
        for offset in -(b.count - minimum)...(a.count - minimum) {
            var errors = 0
            var count = 0
            var i = max(0, offset)
            while i < a.count && i - offset < b.count {
                errors += (a[i] ^ b[i - offset]).nonzeroBitCount
                count += 1
                i += 1
            }
            if count >= minimum { best = max(best, 1 - Double(errors) / Double(32 * count)) }
        }
        return best
    }

    static func fpcalc(_ path: String, tool: String) -> [UInt32] {
        // fpcalc's own messages (it exits 3 on a short file) are not wanted: the outcome's stderr is dropped.
        guard let output = try? ChildProcess.run(tool, ["-raw", "-length", "0", path]).stdout else { return [] }
        let text = String(decoding: output, as: UTF8.self)
        guard let line = text.split(separator: "\n").first(where: { $0.hasPrefix("FINGERPRINT=") }) else { return [] }
        return line.dropFirst("FINGERPRINT=".count).split(separator: ",").compactMap { UInt32($0) }
    }

    static func write(_ x: [Float], rate: Int, to path: String) throws {
        let w = try AudioWriter(path: path, format: .wavPCM16, sampleRate: rate, channels: 1)
        try w.write(x)
        try w.close()
    }

    static func prepare(_ f: AudioFingerprint) -> AudioMatcher.Prepared { .init(f) }

    static func run(pieces count: Int, seconds: Double, directory: URL) async throws {
        print("")
        print("audio fingerprint robustness: \(count) pieces of \(Int(seconds)) s, \(AudioDistortion.grid.count) distortions; genki vs Chromaprint (fpcalc -raw)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let fpcalcTool = Measure.which("fpcalc")
        let pieces = (0..<count).map { ChiptuneSynth.Piece(seed: UInt64(7_000 + $0), duration: seconds, sampleRate: 44_100, channels: 1) }
        var originals: [AudioMatcher.Prepared] = []
        var chromaOriginals: [[UInt32]] = []
        for (i, p) in pieces.enumerated() {
            let x = ChiptuneSynth().render(p)
            originals.append(prepare(try AudioFingerprinter.fingerprint(mono: x, sampleRate: 44_100)))
            if let tool = fpcalcTool {
                let path = directory.appendingPathComponent("o\(i).wav").path
                try write(x, rate: 44_100, to: path)
                chromaOriginals.append(fpcalc(path, tool: tool))
            }
        }
        // Stored size: the compact form genki writes to registries and partition files.
        let storedBytes = originals.reduce(0) { $0 + $1.fingerprint.encoded().count }
        let storedFrames = originals.reduce(0) { $0 + $1.frameCount }
        print(
            String(
                format: "stored fingerprint size (frames and peaks; Chromaprint ≈ 116 KB per audio-hour): %.1f KB per audio-hour on these %.0f s pieces",
                Double(storedBytes) / 1000 / (Double(storedFrames) / AudioFingerprint.framesPerSecond / 3600), seconds))
        var genkiScored: [(String, Double, Bool)] = []
        var chromaScored: [(String, Double, Bool)] = []
        var screens: [(Double, Bool)] = []
        let screenFloor = AudioMatcher.screenThreshold
        let originalsCopy = originals
        for distortion in AudioDistortion.grid {
            var copies: [AudioMatcher.Prepared] = []
            for (i, p) in pieces.enumerated() {
                let (x, rate) = try distortion.render(p)
                copies.append(prepare(try AudioFingerprinter.fingerprint(mono: x, sampleRate: rate)))
                if let tool = fpcalcTool {
                    let path = directory.appendingPathComponent("d\(i).wav").path
                    try write(x, rate: rate, to: path)
                    let c = fpcalc(path, tool: tool)
                    for (j, o) in chromaOriginals.enumerated() { chromaScored.append((distortion.description, chromaprintScore(c, o), i == j)) }
                }
            }
            // genki: every copy against every original, screened, in parallel.
            let name = distortion.description
            let frozenCopies = copies
            let scored = await withTaskGroup(of: [(String, Double, Bool, Double)].self) { group in
                let cores = ProcessInfo.processInfo.activeProcessorCount
                for part in 0..<cores {
                    group.addTask {
                        var out: [(String, Double, Bool, Double)] = []
                        for (i, c) in frozenCopies.enumerated() where i % cores == part {
                            for (j, o) in originalsCopy.enumerated() {
                                let screen = AudioMatcher.screen(c, o)
                                let score = screen >= screenFloor ? AudioMatcher.compare(c, o).score : screen
                                out.append((name, score, i == j, screen))
                            }
                        }
                        return out
                    }
                }
                var all: [(String, Double, Bool, Double)] = []
                for await part in group { all += part }
                return all
            }
            genkiScored += scored.map { ($0.0, $0.1, $0.2) }
            screens += scored.map { ($0.3, $0.2) }
        }
        func report(_ label: String, _ scored: [(String, Double, Bool)]) {
            let t = threshold(scored.map { ($0.1, $0.2) })
            print("\(label): threshold for precision ≥ 0.99: \(String(format: "%.3f", t))")
            for distortion in AudioDistortion.grid {
                let trues = scored.filter { $0.0 == distortion.description && $0.2 }
                let recall = Double(trues.filter { $0.1 >= t }.count) / Double(max(1, trues.count))
                let worst = trues.map(\.1).min() ?? 0
                let name = distortion.description + String(repeating: " ", count: max(0, 24 - distortion.description.count))
                print("  " + name + String(format: " recall %.3f  (weakest true pair %.3f)", recall, worst) + (recall < 0.99 ? "  ← below 0.99" : ""))
            }
        }
        let trueScreens = screens.filter(\.1).map(\.0)
        let wrongScreens = screens.filter { !$0.1 }.map(\.0)
        print(
            String(
                format: "genki screening: weakest true pair screens at %.3f; %.1f %% of wrong pairs pass the %.2f screen and get the full alignment",
                trueScreens.min() ?? 0, 100 * Double(wrongScreens.filter { $0 >= screenFloor }.count) / Double(max(1, wrongScreens.count)), screenFloor))
        report("genki", genkiScored)
        if fpcalcTool != nil { report("Chromaprint", chromaScored) } else { print("fpcalc not found: Chromaprint column skipped") }
    }
}
