import Foundation
import GenkiDedup
import GenkiFingerprint
import GenkiIngest
import GenkiModel

/// A disguise grid on real music (`bench/disguise_grid.py`): originals and disguised copies.
struct DisguiseGrid {
    struct Pair {
        var original: String
        var copy: String
        var disguise: String
    }
    var root: URL
    var originals: [String]
    var pairs: [Pair]

    init(root: String) throws {
        self.root = URL(fileURLWithPath: root)
        let text = try String(contentsOf: self.root.appendingPathComponent("grid.tsv"), encoding: .utf8)
        var pairs: [Pair] = []
        for line in text.split(separator: "\n").dropFirst() {
            let f = line.split(separator: "\t").map(String.init)
            guard f.count >= 3 else { continue }
            pairs.append(Pair(original: f[0], copy: f[1], disguise: f[2]))
        }
        self.pairs = pairs
        var originals = Set(pairs.map(\.original))
        if let listed = try? String(contentsOf: self.root.appendingPathComponent("originals.tsv"), encoding: .utf8) {
            for line in listed.split(separator: "\n").dropFirst() {
                if let first = line.split(separator: "\t").first { originals.insert(String(first)) }
            }
        }
        self.originals = originals.sorted()
    }

    var disguises: [String] { Array(Set(pairs.map(\.disguise))).sorted() }

    func path(_ relative: String) -> String { root.appendingPathComponent(relative).path }
}

/// Fingerprints files in parallel with genki's ingest (fingerprint profile).
enum GridFingerprints {
    static func compute(_ paths: [String], jobs: Int = ProcessInfo.processInfo.activeProcessorCount) async -> [String: AudioFingerprint] {
        await withTaskGroup(of: [(String, AudioFingerprint)].self) { group in
            for part in 0..<jobs {
                group.addTask {
                    let ingestor = FileIngestor(profile: .fp, fingerprints: true)
                    var out: [(String, AudioFingerprint)] = []
                    for (i, p) in paths.enumerated() where i % jobs == part {
                        if case .record(let r) = ingestor.ingest(path: p), let f = r.fingerprints?.audio { out.append((p, f)) }
                    }
                    return out
                }
            }
            var all: [String: AudioFingerprint] = [:]
            for await part in group { for (p, f) in part { all[p] = f } }
            return all
        }
    }
}

/// Landmark index recall on a real disguise grid: for every copy, is its original a candidate
/// of the vote, and how many wrong originals are?
enum LandmarkBench {
    @discardableResult
    static func run(grid root: String, minimumVotes: Int, dedupOriginals: Int) async throws -> [AudioFingerprint] {
        let grid = try DisguiseGrid(root: root)
        let start = Date()
        let all = await GridFingerprints.compute((grid.originals + grid.pairs.map(\.copy)).map(grid.path))
        print(String(format: "fingerprinted %d files in %.1f s", all.count, Date().timeIntervalSince(start)))
        let originals = grid.originals.compactMap { all[grid.path($0)] }
        let seconds = originals.reduce(0.0) { $0 + Double($1.frameCount) / AudioFingerprint.framesPerSecond }
        let peaks = originals.reduce(0) { $0 + $1.peaks.count }
        let exact = originals.map { AudioLandmarks.landmarks($0.peaks) }
        let variants = originals.reduce(0) { $0 + AudioLandmarks.variants($1.peaks).count }
        print(
            String(
                format: "originals: %d, %.0f s; %.1f peaks/s, %.1f landmarks/s, %.1f query variants/s",
                originals.count, seconds, Double(peaks) / seconds, Double(exact.reduce(0) { $0 + $1.count }) / seconds, Double(variants) / seconds))
        let bytes = originals.reduce(0) { $0 + $1.encoded().count }
        let peakOnly = originals.reduce(0) { $0 + AudioFingerprint(symbols: [], peaks: $1.peaks).encoded().count - AudioFingerprintCodec.headerLength }
        let frameOnly = originals.reduce(0) { $0 + AudioFingerprint(symbols: $1.frames).encoded().count - AudioFingerprintCodec.headerLength }
        let hours = seconds / 3600
        print(
            String(
                format: "stored fingerprint (format 3) on real music: %.1f KB per audio-hour in all (frames %.1f, peaks %.1f, %d-byte header per item); Chromaprint ≈ 116",
                Double(bytes) / 1000 / hours, Double(frameOnly) / 1000 / hours, Double(peakOnly) / 1000 / hours, AudioFingerprintCodec.headerLength))
        var index = LandmarkIndex(exact.enumerated().map { (id: $0.offset, landmarks: $0.element) })
        index.minimumVotes = 1
        let position = Dictionary(uniqueKeysWithValues: grid.originals.enumerated().map { ($0.element, $0.offset) })
        let levels = [6, 8, 10, 12, 15]
        print("disguise           copies  median-true  " + levels.map { "rec@\($0) wrong@\($0)" }.joined(separator: "  ") + "  max-wrong")
        for disguise in grid.disguises {
            var trueVotes: [Int] = []
            var wrongVotes: [Int] = []
            for pair in grid.pairs where pair.disguise == disguise {
                guard let f = all[grid.path(pair.copy)], let truth = position[pair.original] else { continue }
                let candidates = index.query(AudioLandmarks.variants(f.peaks))
                trueVotes.append(candidates.first { $0.item == truth }?.votes ?? 0)
                wrongVotes += candidates.filter { $0.item != truth }.map(\.votes)
            }
            let n = Double(max(1, trueVotes.count))
            trueVotes.sort()
            var line = String(format: "%-18@ %6d  %11d", disguise as NSString, trueVotes.count, trueVotes.isEmpty ? 0 : trueVotes[trueVotes.count / 2])
            for l in levels {
                line += String(format: "  %5.3f %7.3f", Double(trueVotes.filter { $0 >= l }.count) / n, Double(wrongVotes.filter { $0 >= l }.count) / n)
            }
            print(line + "  \(wrongVotes.max() ?? 0)")
        }
        if dedupOriginals > 0 { await DedupGridBench.run(grid: grid, fingerprints: all, originals: dedupOriginals, exhaustive: true) }
        return originals
    }
}

/// `genki dedup`'s engine on the real grid: the landmark index (default) against the exhaustive
/// aligner on the same items, with final recall per disguise and precision over all pairs.
enum DedupGridBench {
    static func run(grid: DisguiseGrid, fingerprints all: [String: AudioFingerprint], originals count: Int, exhaustive: Bool) async {
        let chosen = Set(grid.originals.prefix(count))
        let pairs = grid.pairs.filter { chosen.contains($0.original) }
        var items: [CatalogItem] = []
        for path in Array(chosen) + pairs.map(\.copy) {
            guard let f = all[grid.path(path)] else { continue }
            items.append(
                CatalogItem(
                    path: path, kind: .audio, fileHash: path, contentHash: path,
                    durationSeconds: Double(f.frameCount) / AudioFingerprint.framesPerSecond, quality: 0, audio: f))
        }
        let originalOf = Dictionary(uniqueKeysWithValues: pairs.map { ($0.copy, $0.original) })
        func root(_ p: String) -> String { originalOf[p] ?? p }
        print("")
        print("dedup on the real grid: \(items.count) items (\(chosen.count) originals, \(pairs.count) disguised copies)")
        var rows: [(String, DedupResult, Double)] = []
        for mode in exhaustive ? [DedupEngine.AudioCandidates.index, .exhaustive] : [.index] {
            var engine = DedupEngine()
            engine.audioCandidates = mode
            let c0 = RegistryBench.cpu()
            let result = await engine.run(items)
            rows.append((mode.rawValue, result, RegistryBench.cpu() - c0))
        }
        var header = "  disguise          copies"
        for (mode, _, _) in rows { header += "  " + "\(mode) recall".padding(toLength: 18, withPad: " ", startingAt: 0) }
        print(header)
        var clusterOf: [[String: Int]] = []
        for (_, r, _) in rows {
            var m: [String: Int] = [:]
            for c in r.clusters { for member in c.members { m[member.path] = c.cluster } }
            clusterOf.append(m)
        }
        for disguise in grid.disguises {
            let ps = pairs.filter { $0.disguise == disguise }
            var line = "  " + disguise.padding(toLength: 18, withPad: " ", startingAt: 0) + String(format: "%6d", ps.count)
            for m in clusterOf {
                let found = ps.filter { p in m[p.copy] != nil && m[p.copy] == m[p.original] }.count
                line += "  " + String(format: "%.3f", Double(found) / Double(max(1, ps.count))).padding(toLength: 18, withPad: " ", startingAt: 0)
            }
            print(line)
        }
        for (k, (mode, r, cpu)) in rows.enumerated() {
            let edges = r.clusters.flatMap(\.pairs)
            let wrong = edges.filter { root($0.a) != root($0.b) }.count
            _ = k
            print(
                String(
                    format: "  %@: %.0f CPU-s, %d aligner comparisons (%.1f per item), %d verified pairs, %d between different originals (precision %.4f)",
                    mode as NSString, cpu, r.audioComparisons, Double(r.audioComparisons) / Double(max(1, items.count)), edges.count, wrong,
                    edges.isEmpty ? 1 : Double(edges.count - wrong) / Double(edges.count)))
        }
    }
}
