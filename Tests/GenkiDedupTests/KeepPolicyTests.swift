import GenkiDedup
import GenkiFixtures
import GenkiModel
import Testing

/// The keep-policy (issue 14): complete over trimmed, clean over noisy, lossless over lossy, then
/// the quality score and the path; registration first of all; the same choice in any order.
@Suite struct KeepPolicyTests {
    static func item(_ path: String, seconds: Double = 84, floor: Double? = -90, lossless: Bool = false, quality: Double = 10, registered: Int64? = nil) -> CatalogItem {
        var i = CatalogItem(path: path, kind: .audio, fileHash: path, contentHash: path, durationSeconds: seconds, quality: quality, registeredAt: registered)
        i.noiseFloorBelowRMS = floor
        i.lossless = lossless
        return i
    }

    static func kept(_ items: [CatalogItem]) -> (String, KeepPolicy.Rule) {
        let c = KeepPolicy.choose(items)
        return (items[c.index].path, c.rule)
    }

    @Test func eachRuleDecidesWhenTheOnesBeforeItTie() {
        // The cases the issue found: a trimmed WAV kept over the full MP3, a noisy WAV over the clean MP3.
        #expect(Self.kept([Self.item("trimmed.wav", seconds: 68, lossless: true, quality: 120), Self.item("full.mp3")]) == ("full.mp3", .longest))
        #expect(Self.kept([Self.item("noisy.wav", floor: -30, lossless: true, quality: 125), Self.item("clean.mp3")]) == ("clean.mp3", .cleanest))
        #expect(Self.kept([Self.item("a.mp3"), Self.item("b.flac", lossless: true, quality: 5)]) == ("b.flac", .lossless))
        #expect(Self.kept([Self.item("a.mp3"), Self.item("b.mp3", quality: 11)]) == ("b.mp3", .quality))
        #expect(Self.kept([Self.item("b.mp3"), Self.item("a.mp3")]) == ("a.mp3", .path))
        #expect(Self.kept([Self.item("new.flac", lossless: true, quality: 200), Self.item("old.mp3", seconds: 60, registered: 5)]) == ("old.mp3", .registeredFirst))
        // Within the tolerances, length and noise do not decide.
        #expect(Self.kept([Self.item("a.mp3", seconds: 84), Self.item("b.flac", seconds: 83.5, lossless: true)]) == ("b.flac", .lossless))
        #expect(Self.kept([Self.item("a.mp3", floor: -90), Self.item("b.flac", floor: -86, lossless: true)]) == ("b.flac", .lossless))
        // An unknown noise floor (an item read back from a registry) skips that rule.
        #expect(Self.kept([Self.item("a.mp3", floor: nil), Self.item("b.flac", floor: -30, lossless: true)]) == ("b.flac", .lossless))
    }

    @Test func theChoiceDoesNotDependOnOrder() {
        var rng = SplitMix64(seed: 3)
        for _ in 0..<200 {
            let items = (0..<5).map { k in
                Self.item(
                    "p\(k)", seconds: Double(60 + rng.next() % 30), floor: -Double(20 + rng.next() % 80),
                    lossless: rng.next() % 2 == 0, quality: Double(rng.next() % 4))
            }
            let reference = Self.kept(items)
            for _ in 0..<6 {
                var shuffled = items
                for i in stride(from: shuffled.count - 1, to: 0, by: -1) { shuffled.swapAt(i, Int(rng.next() % UInt64(i + 1))) }
                #expect(Self.kept(shuffled) == reference)
            }
            // The kept one is never trimmed against the longest.
            let longest = items.map(\.durationSeconds).max() ?? 0
            let keptItem = items.first { $0.path == reference.0 }
            #expect((keptItem?.durationSeconds ?? 0) >= longest - max(1, 0.02 * longest))
        }
    }
}
