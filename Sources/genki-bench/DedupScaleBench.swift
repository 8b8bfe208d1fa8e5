import Foundation
import GenkiDedup
import GenkiFingerprint
import GenkiFixtures
import GenkiModel

/// Dedup of a whole (large) disguise grid: the landmark index (genki's default) on every clip,
/// against the exhaustive pairwise aligner.
///
/// The exhaustive pass is quadratic: at 10,000 clips it would run for hours. Its two figures
/// are therefore measured where they can be, with the real engine:
/// - recall: the exhaustive engine on each original's family (the original and its disguised
///   copies), which finds exactly the edges the full run would find among those files;
/// - cost: the exhaustive engine on a uniform random subset of `sample` clips, scaled by the
///   number of pairs (N(N−1) / n(n−1)). Every pair costs alike in expectation, since the
///   subset draws pairs uniformly.
enum DedupScaleBench {
    static func run(grid root: String, sample: Int, familySample: Int = 120) async throws {
        let grid = try DisguiseGrid(root: root)
        let paths: [String] = grid.originals + grid.pairs.map { $0.copy }
        let f0 = RegistryBench.cpu()
        let w0 = RegistryBench.wall()
        let all = await GridFingerprints.compute(paths.map { grid.path($0) })
        let fingerprintCPU = RegistryBench.cpu() - f0
        let fingerprintWall = RegistryBench.wall() - w0
        func item(_ name: String) -> CatalogItem? {
            guard let f = all[grid.path(name)] else { return nil }
            return CatalogItem(
                path: name, kind: .audio, fileHash: name, contentHash: name,
                durationSeconds: Double(f.frameCount) / AudioFingerprint.framesPerSecond, quality: 0, audio: f)
        }
        let items: [CatalogItem] = paths.compactMap { item($0) }
        let hours = items.reduce(0.0) { $0 + $1.durationSeconds } / 3600
        let originalOf: [String: String] = Dictionary(grid.pairs.map { ($0.copy, $0.original) }, uniquingKeysWith: { a, _ in a })
        func family(_ p: String) -> String { originalOf[p] ?? p }
        print("")
        print(
            String(
                format: "dedup at scale on the real grid: %d clips (%d originals, %d disguised copies), %.1f audio-hours; fingerprints %.0f CPU-s, %.0f s wall",
                items.count, grid.originals.count, grid.pairs.count, hours, fingerprintCPU, fingerprintWall))

        // The index on everything.
        var engine = DedupEngine()
        engine.audioCandidates = .index
        let c0 = RegistryBench.cpu()
        let t0 = RegistryBench.wall()
        let indexed = await engine.run(items)
        let indexCPU = RegistryBench.cpu() - c0
        let indexWall = RegistryBench.wall() - t0
        var indexCluster: [String: Int] = [:]
        for c in indexed.clusters { for m in c.members { indexCluster[m.path] = c.cluster } }
        let indexEdges = indexed.clusters.flatMap { $0.pairs }
        let indexWrong = indexEdges.filter { family($0.a) != family($0.b) }.count

        // Exhaustive, family by family: its recall.
        var exhaustive = DedupEngine()
        exhaustive.audioCandidates = .exhaustive
        var familyCluster: [String: String] = [:]  // copy → the original it was clustered with
        let families: [String: [DisguiseGrid.Pair]] = Dictionary(grouping: grid.pairs, by: { $0.original })
        // A seeded sample of the families (each costs its copies squared).
        var familyGenerator = SplitMix64(seed: 0xFA417)
        var familyOrder = families.keys.sorted()
        for k in stride(from: familyOrder.count - 1, to: 0, by: -1) {
            familyOrder.swapAt(k, Int(familyGenerator.next() % UInt64(k + 1)))
        }
        let sampledFamilies = Set(familyOrder.prefix(familySample))
        let f1 = RegistryBench.cpu()
        for (original, pairs) in families where sampledFamilies.contains(original) {
            let members: [CatalogItem] = ([original] + pairs.map { $0.copy }).compactMap { item($0) }
            let result = await exhaustive.run(members)
            for c in result.clusters where c.members.contains(where: { $0.path == original }) {
                for m in c.members where m.path != original { familyCluster[m.path] = original }
            }
        }

        let familyCPU = RegistryBench.cpu() - f1

        // Exhaustive on a uniform random subset: its cost per pair.
        var generator = SplitMix64(seed: 0x5CA1E)
        var shuffled = items
        for k in stride(from: shuffled.count - 1, to: 0, by: -1) {
            shuffled.swapAt(k, Int(generator.next() % UInt64(k + 1)))
        }
        let subset = Array(shuffled.prefix(min(sample, items.count)))
        let s0 = RegistryBench.cpu()
        let sw0 = RegistryBench.wall()
        let sampled = await exhaustive.run(subset)
        let sampleCPU = RegistryBench.cpu() - s0
        let sampleWall = RegistryBench.wall() - sw0
        let n = Double(subset.count)
        let total = Double(items.count)
        let scale = (total * (total - 1)) / max(1, n * (n - 1))
        let exhaustiveCPU = sampleCPU * scale
        let exhaustiveWall = sampleWall * scale

        print(
            String(
                format: "  recall = copy clustered with its original; index on every copy, and index vs exhaustive on the same %d sampled families (exhaustive %.0f CPU-s for them)",
                sampledFamilies.count, familyCPU))
        print("  disguise          copies  index recall  | sampled copies  index recall  exhaustive recall")
        func isIndexed(_ p: DisguiseGrid.Pair) -> Bool { indexCluster[p.copy] != nil && indexCluster[p.copy] == indexCluster[p.original] }
        for disguise in grid.disguises + ["all"] {
            let ps = grid.pairs.filter { (disguise == "all" || $0.disguise == disguise) && all[grid.path($0.copy)] != nil }
            let sampled = ps.filter { sampledFamilies.contains($0.original) }
            let byIndex = ps.filter { isIndexed($0) }.count
            let sampledIndex = sampled.filter { isIndexed($0) }.count
            let byExhaustive = sampled.filter { familyCluster[$0.copy] == $0.original }.count
            print(
                "  " + disguise.padding(toLength: 18, withPad: " ", startingAt: 0)
                    + String(
                        format: "%6d  %12.3f  | %14d  %12.3f  %17.3f", ps.count, Double(byIndex) / Double(max(1, ps.count)),
                        sampled.count, Double(sampledIndex) / Double(max(1, sampled.count)), Double(byExhaustive) / Double(max(1, sampled.count))))
        }
        print(
            String(
                format: "  index: %.0f CPU-s, %.0f s wall, %d aligner comparisons (%.1f per clip), %d verified pairs, %d between different originals (precision %.4f)",
                indexCPU, indexWall, indexed.audioComparisons, Double(indexed.audioComparisons) / max(1, total), indexEdges.count, indexWrong,
                indexEdges.isEmpty ? 1 : Double(indexEdges.count - indexWrong) / Double(indexEdges.count)))
        print(
            String(
                format: "  exhaustive on a random %d of the %d clips: %.0f CPU-s, %.0f s wall, %d comparisons; scaled by pairs (x%.1f) to all clips: %.0f CPU-s (%.1f CPU-h), %.0f s wall",
                subset.count, items.count, sampleCPU, sampleWall, sampled.audioComparisons, scale, exhaustiveCPU, exhaustiveCPU / 3600, exhaustiveWall))
        print(
            String(
                format: "  index vs exhaustive: %.0fx less CPU, %.0fx less wall time (dedup after fingerprinting; both share the fingerprint pass)",
                exhaustiveCPU / max(0.001, indexCPU), exhaustiveWall / max(0.001, indexWall)))
    }
}
