import GenkiFixtures
import GenkiModel
import GenkiRegistry
import Testing

@testable import GenkiScoring

func audit(novelty: Double = 1, quality: Double = 1, diversity: Double = 1, hours: Double = 1, passed: Bool = true) -> AuditRow {
    AuditRow(
        round: "r", miner: "m", merkleRoot: "", items: 10, distinctItems: 10, novelItems: 10, goodItems: 10, novelHours: hours,
        novelty: novelty, quality: quality, diversity: diversity, passed: passed, reason: nil)
}

@Suite struct ScorerTests {
    @Test func scoreIsTheProductAndAFailedAuditScoresZero() {
        let s = Scorer.score(audit(novelty: 0.5, quality: 0.8, diversity: 0.9, hours: 10))
        #expect(abs(s.score - 0.5 * 0.8 * 0.9 * 1) < 1e-12)
        #expect(Scorer.score(audit(passed: false)).score == 0)
        #expect(Scorer.score(audit(hours: 0)).score == 0)
    }

    /// Properties: volume is 0 at 0 h, strictly increasing up to the reference, capped at 1, and
    /// each extra hour adds less than the one before (diminishing returns); the score never
    /// decreases when any factor increases.
    @Test func volumeHasDiminishingReturnsAndScoreIsMonotone() {
        #expect(Scorer.volume(hours: 0) == 0)
        var previousGain = Double.infinity
        for h in 1...10 {
            let gain = Scorer.volume(hours: Double(h)) - Scorer.volume(hours: Double(h - 1))
            #expect(gain > 0 && gain < previousGain)
            previousGain = gain
        }
        #expect(Scorer.volume(hours: 10) == 1 && Scorer.volume(hours: 1_000) == 1)
        var rng = SplitMix64(seed: 5)
        func r() -> Double { Double(rng.next() % 1_000) / 1_000 }
        for _ in 0..<500 {
            let (n, q, d, h) = (r(), r(), r(), r() * 20)
            let base = Scorer.score(audit(novelty: n, quality: q, diversity: d, hours: h)).score
            #expect(base >= 0 && base <= 1)
            #expect(Scorer.score(audit(novelty: min(1, n + r()), quality: q, diversity: d, hours: h)).score >= base)
            #expect(Scorer.score(audit(novelty: n, quality: min(1, q + r()), diversity: d, hours: h)).score >= base)
            #expect(Scorer.score(audit(novelty: n, quality: q, diversity: min(1, d + r()), hours: h)).score >= base)
            #expect(Scorer.score(audit(novelty: n, quality: q, diversity: d, hours: h + r())).score >= base)
        }
    }
}
