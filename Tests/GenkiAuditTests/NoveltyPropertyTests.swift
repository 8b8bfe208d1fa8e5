import GenkiFixtures
import GenkiModel
import GenkiRegistry
import GenkiScoring
import Testing

@testable import GenkiAudit

/// Properties over random datasets: adding a novel item never lowers novelty, and duplicating
/// data (exact copies of items already in the dataset) never raises the score.
@Suite struct NoveltyPropertyTests {
    let key = RoundKey(round: "p", seed: "seed")
    let registry = items(300..<330).map { (item: $0, owner: Optional("5Fregistered")) }

    func report(_ list: [CatalogItem]) -> AuditReport {
        Auditor.audit(sketches: [Sketch(items: list, miner: "5Fm", key: key)], reference: registry, key: key)[0]
    }

    @Test func addingANovelItemNeverLowersNovelty() {
        var rng = SplitMix64(seed: 11)
        for trial in 0..<8 {
            // A random mix of registered pieces (not novel) and fresh ones.
            var list: [CatalogItem] = []
            for s in 0..<Int(3 + rng.next() % 8) {
                list += rng.next() % 2 == 0 ? items((300 + s)..<(301 + s)) : items((1_000 + trial * 50 + s)..<(1_001 + trial * 50 + s))
            }
            let before = report(list)
            let after = report(list + items((5_000 + trial)..<(5_001 + trial)))
            #expect(after.novelty >= before.novelty)
            #expect(after.novelItems == before.novelItems + 1)
        }
    }

    @Test func duplicatingDataNeverRaisesTheScore() {
        var rng = SplitMix64(seed: 12)
        for trial in 0..<8 {
            let list = items((2_000 + trial * 40)..<(2_000 + trial * 40 + Int(4 + rng.next() % 10))) + items((300 + trial)..<(302 + trial))
            let base = Scorer.score(report(list).row).score
            var duplicated = list
            for i in 0..<Int(1 + rng.next() % UInt64(list.count)) {
                var copy = list[i % list.count]
                copy.path += ".copy"
                copy.fileHash = String(format: "%032x", 77_000 + i)
                duplicated.append(copy)
            }
            let after = Scorer.score(report(duplicated).row).score
            #expect(after <= base)
            #expect(after < base || base == 0)
        }
    }
}
