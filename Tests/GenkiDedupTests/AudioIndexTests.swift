import Foundation
import GenkiDedup
import GenkiFixtures
import GenkiModel
import Testing

@Suite struct AudioIndexTests {
    /// 10 pieces, each with a quieter, a resampled and an end-trimmed copy, the first five also
    /// pitch-shifted and sped up (disguises the old melody index lost), plus 10 unrelated pieces.
    static let items: [CatalogItem] = {
        var out: [CatalogItem] = []
        do {
            for k in 0..<10 {
                let p = ChiptuneSynth.Piece(seed: UInt64(700 + k), duration: 20, sampleRate: 22_050, channels: 1)
                out.append(try Build.audio("o/\(k).wav", p))
                out.append(try Build.audio("g/\(k).wav", p, .gain(decibels: -12)))
                out.append(try Build.audio("r/\(k).wav", p, .resample(rate: 22_050)))
                out.append(try Build.audio("t/\(k).wav", p, .trimEnd(fraction: 0.2)))
                if k < 5 {
                    out.append(try Build.audio("p/\(k).wav", p, .pitch(semitones: 1)))
                    out.append(try Build.audio("s/\(k).wav", p, .speed(1.03)))
                }
            }
            for k in 0..<10 { out.append(try Build.audio("x/\(k).wav", Build.piece(UInt64(800 + k)))) }
        } catch {}
        return out
    }()

    @Test func theIndexFindsReencodedCopiesWithFarFewerComparisonsAndNoNewMatches() async throws {
        #expect(Self.items.count == 60)
        var engine = DedupEngine(jobs: 2)
        engine.audioCandidates = .exhaustive
        let exhaustive = await engine.run(Self.items)
        engine.audioCandidates = .index
        let indexed = await engine.run(Self.items)
        let expected = (0..<10).map { k in Set(["o/\(k).wav", "g/\(k).wav", "r/\(k).wav", "t/\(k).wav"] + (k < 5 ? ["p/\(k).wav", "s/\(k).wav"] : [])) }
        let groups = indexed.clusters.map { Set($0.members.map(\.path)) }
        for e in expected { #expect(groups.contains(e), "index missed part of \(e.sorted())") }
        #expect(Set(groups) == Set(exhaustive.clusters.map { Set($0.members.map(\.path)) }))
        #expect(
            indexed.audioComparisons * 4 < exhaustive.audioComparisons,
            "index compared \(indexed.audioComparisons) pairs, exhaustive \(exhaustive.audioComparisons)")
        // Deterministic whatever the jobs.
        var one = DedupEngine(jobs: 1)
        one.audioCandidates = .index
        #expect(await one.run(Self.items.reversed()).clusters == indexed.clusters)
    }
}
