import Foundation
import GenkiDedup
import GenkiFingerprint
import GenkiFixtures
import GenkiModel

/// Index build + self-join + vote at scale on synthetic items whose key statistics come from
/// the real set: each item has the real rate of landmarks per second; each landmark's key is
/// drawn from the real pool of keys that recur across different real pieces (the hot head,
/// with its real frequencies) with the real share of such landmarks, and is otherwise a fresh
/// random key (the tail); anchors' pitch and span come from the real pool. One item in 100 is a
/// planted copy of the item before it (a share of its landmarks kept, shifted, time-scaled and
/// offset; the rest new), so the run also measures candidate recall at scale.
enum LandmarkScaleBench {
    struct Profile {
        var head: [AudioLandmark]
        var pool: [AudioLandmark]
        var headShare: Double
        var landmarksPerItem: Int
        var variantsPerLandmark: Int
    }

    /// The key statistics of real fingerprints (`seconds` long items).
    static func profile(_ fingerprints: [AudioFingerprint], seconds: Double) -> Profile {
        var pieces: [UInt32: Set<Int>] = [:]
        var pool: [AudioLandmark] = []
        var exact = 0
        var variants = 0
        var frames = 0
        for (i, f) in fingerprints.enumerated() {
            let ls = f.landmarks
            for l in ls { pieces[l.key, default: []].insert(i) }
            pool += ls
            exact += ls.count
            variants += AudioLandmarks.variants(f.peaks).count
            frames += f.frameCount
        }
        let head = pool.filter { (pieces[$0.key]?.count ?? 0) >= 2 }
        let perSecond = Double(exact) / (Double(frames) / AudioFingerprint.framesPerSecond)
        return Profile(
            head: head, pool: pool, headShare: Double(head.count) / Double(max(1, pool.count)),
            landmarksPerItem: Int((perSecond * seconds).rounded()), variantsPerLandmark: max(1, Int((Double(variants) / Double(max(1, exact))).rounded())))
    }

    static func item(_ i: Int, _ p: Profile) -> [AudioLandmark] {
        var rng = SplitMix64(seed: UInt64(i) &* 0x9E37_79B9 &+ 17)
        let frames = UInt64(30 * AudioPeak.framesPerSecond)
        func fresh() -> AudioLandmark {
            let real = p.pool[Int(rng.next() % UInt64(p.pool.count))]
            let key = Double(rng.next() % 1_000_000) / 1_000_000 < p.headShare ? p.head[Int(rng.next() % UInt64(p.head.count))].key : UInt32(truncatingIfNeeded: rng.next())
            return AudioLandmark(key: key, time: Int32(rng.next() % frames), pitch: real.pitch, span: real.span)
        }
        guard i % 100 == 99 else { return (0..<p.landmarksPerItem).map { _ in fresh() }.sorted { $0.time < $1.time } }
        // A planted copy of item i − 1: 35 % of its landmarks survive, 2 bins lower, ×1.03 slower, 40 frames later.
        var out: [AudioLandmark] = []
        for l in item(i - 1, p) {
            if rng.next() % 100 < 35 {
                out.append(AudioLandmark(key: l.key, time: Int32(Double(l.time) * 1.03) + 40, pitch: l.pitch &- 2, span: UInt8(min(255, (Double(l.span) * 1.03).rounded()))))
            } else {
                out.append(fresh())
            }
        }
        return out.sorted { $0.time < $1.time }
    }

    /// Query variants: each landmark's exact key plus as many other keys (drawn like any key)
    /// as real landmarks have variants.
    static func variants(_ i: Int, _ p: Profile) -> [AudioLandmark] {
        var rng = SplitMix64(seed: UInt64(i) &* 31 &+ 5)
        var out: [AudioLandmark] = []
        for l in item(i, p) {
            out.append(l)
            for _ in 1..<p.variantsPerLandmark {
                let key = Double(rng.next() % 1_000_000) / 1_000_000 < p.headShare ? p.head[Int(rng.next() % UInt64(p.head.count))].key : UInt32(truncatingIfNeeded: rng.next())
                out.append(AudioLandmark(key: key, time: l.time, pitch: l.pitch, span: l.span))
            }
        }
        return out
    }

    static func run(items n: Int, real: [AudioFingerprint], minimumVotes: Int) async {
        let p = profile(real, seconds: 30)
        print("")
        print(
            String(
                format:
                    "landmark index at scale: %d synthetic 30-s items; real statistics: %d landmarks per item, %d query variants per landmark, %.1f %% of landmarks carry a key seen in ≥ 2 real pieces (%d such landmarks in the pool)",
                n, p.landmarksPerItem, p.variantsPerLandmark, 100 * p.headShare, p.head.count))
        let t0 = Date()
        let c0 = RegistryBench.cpu()
        print("  building…")
        var index = LandmarkIndex(count: n) { item($0, p) }
        index.minimumVotes = minimumVotes
        let built = Date().timeIntervalSince(t0)
        let builtCPU = RegistryBench.cpu() - c0
        let jobs = ProcessInfo.processInfo.activeProcessorCount
        let pairs = await index.selfJoin(count: n, jobs: jobs) { variants($0, p) }
        let total = Date().timeIntervalSince(t0)
        let cpu = RegistryBench.cpu() - c0
        var usage = rusage()
        getrusage(RUSAGE_SELF.rawValue, &usage)
        let planted = n / 100
        let found = pairs.filter { $0.1 % 100 == 99 && $0.0 == $0.1 - 1 }.count
        let wrong = pairs.count - found
        print(
            String(
                format: "  postings %d (%.2f GB in memory); build %.0f s (CPU %.0f s); self-join + vote %.0f s; total %.0f s wall, %.0f CPU-s on %d cores; peak RSS %.2f GiB",
                index.count, Double(index.memoryBytes) / 1e9, built, builtCPU, total - built, total, cpu, jobs, Double(usage.ru_maxrss) / 1_048_576))
        print(
            String(
                format: "  planted copies found: %d of %d (%.3f); wrong candidate pairs: %d (%.4f per item)", found, planted, Double(found) / Double(max(1, planted)), wrong, Double(wrong) / Double(n))
        )
    }
}
