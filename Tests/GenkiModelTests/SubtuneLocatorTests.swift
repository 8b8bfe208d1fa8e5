import GenkiFixtures
import GenkiModel
import Testing

@Suite struct SubtuneLocatorTests {
    /// Any file path and subtune round-trip through the item path, which ends in the subtune.
    @Test func itemPathsRoundTrip() {
        var rng = SplitMix64(seed: 16)
        let pieces = ["a", "music", "x.nsf", "sub tune", "subtune-3", "é", ".", "..", "#1", "\u{10FF41}"]
        for _ in 0..<500 {
            let depth = 1 + Int(rng.next() % 4)
            let file = (0..<depth).map { _ in pieces[Int(rng.next() % UInt64(pieces.count))] }.joined(separator: "/")
            let n = 1 + Int(rng.next() % 1_024)
            let locator = SubtuneLocator(file: file, subtune: n)
            #expect(locator.path.hasSuffix("/subtune-\(n)"))
            #expect(SubtuneLocator(path: locator.path) == locator, "\(locator.path)")
        }
    }

    /// Paths that do not end in `/subtune-<n>` (n from 1, decimal, no leading zero) are not
    /// subtune paths.
    @Test func otherPathsAreNot() {
        for path in [
            "a.nsf", "subtune-3", "/subtune-3", "a/subtune-0", "a/subtune-01", "a/subtune-", "a/subtune-1x", "a/Subtune-1", "a/subtune--1",
            "a/subtune-1/", "a/subtune-١", "a/subtune-1234567890",
        ] {
            #expect(SubtuneLocator(path: path) == nil, "\(path)")
        }
    }
}
