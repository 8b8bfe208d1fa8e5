import Foundation
import GenkiDedup
import GenkiFixtures
import GenkiIngest
import GenkiModel
import Testing

/// Tracker modules dedup through their patterns' notes: disguised copies (transposed,
/// re-tempo'd, channels or samples swapped) cluster with their original, unrelated modules
/// stay apart, and a copy that differs only in its text fields is an exact (PCM) duplicate.
@Suite struct ModuleDedupTests {
    @Test func disguisedModulesClusterWithTheirOriginal() async throws {
        let dir = try makeTemporaryDirectory(prefix: "genki-module-dedup")
        defer { try? FileManager.default.removeItem(at: dir) }
        var family: [String: UInt64] = [:]
        for seed in UInt64(31)...33 {
            let files: [(String, [UInt8])] = [
                ("\(seed)-original.mod", ChipFixtures.mod(seed: seed, patterns: 4)),
                ("\(seed)-up3.mod", ChipFixtures.mod(seed: seed, patterns: 4, transpose: 3)),
                ("\(seed)-speed4.mod", ChipFixtures.mod(seed: seed, patterns: 4, speed: 4)),
                ("\(seed)-channels.mod", ChipFixtures.mod(seed: seed, patterns: 4, swapChannels: true)),
                ("\(seed)-samples.mod", ChipFixtures.mod(seed: seed, patterns: 4, swapSamples: true)),
                ("\(seed)-retitled.mod", ChipFixtures.mod(seed: seed, patterns: 4, marker: "another title")),
            ]
            for (name, bytes) in files {
                try Data(bytes).write(to: dir.appendingPathComponent(name))
                family[name] = seed
            }
        }
        for seed in UInt64(41)...43 {
            try Data(ChipFixtures.mod(seed: seed, patterns: 4)).write(to: dir.appendingPathComponent("\(seed)-other.mod"))
        }
        var items: [CatalogItem] = []
        _ = await IngestRunner.run(paths: [dir.path], options: IngestOptions(profile: .fp, jobs: 2, fingerprints: true)) { outcome in
            if case .record(let r) = outcome, let item = r.catalogItem { items.append(item) }
        }
        #expect(items.count == 21 && items.allSatisfy { $0.symbolic != nil && $0.audio != nil })
        let result = await DedupEngine(jobs: 2).run(items)
        let clusters = result.clusters.map { Set($0.members.map { URL(fileURLWithPath: $0.path).lastPathComponent }) }
        #expect(clusters.count == 3, "\(clusters)")
        for c in clusters {
            #expect(c.count == 6 && Set(c.compactMap { family[$0] }).count == 1, "\(c)")
        }
        let reasons = Set(result.clusters.flatMap { $0.pairs.map(\.reason) })
        #expect(reasons.contains(.symbolicNear) && reasons.contains(.pcm), "\(reasons)")
    }
}
