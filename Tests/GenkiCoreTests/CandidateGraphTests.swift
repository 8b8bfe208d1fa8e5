import GenkiCore
import Testing

@Suite struct CandidateGraphTests {
    /// A small deterministic generator (GenkiCore has no test fixtures of its own).
    struct Rng {
        var state: UInt64
        mutating func next(_ bound: Int) -> Int {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return Int((state >> 33) % UInt64(bound))
        }
    }

    /// Connected components by breadth-first search over an edge list: the reference the
    /// union-find clusters must equal.
    static func components(count: Int, edges: [(Int, Int)], minimumSize: Int) -> [[Int]] {
        var adjacent = [[Int]](repeating: [], count: count)
        for (a, b) in edges where a != b {
            adjacent[a].append(b)
            adjacent[b].append(a)
        }
        var seen = [Bool](repeating: false, count: count)
        var out: [[Int]] = []
        for start in 0..<count where !seen[start] {
            var queue = [start]
            seen[start] = true
            var k = 0
            while k < queue.count {
                for n in adjacent[queue[k]] where !seen[n] {
                    seen[n] = true
                    queue.append(n)
                }
                k += 1
            }
            if queue.count >= minimumSize { out.append(queue.sorted()) }
        }
        return out.sorted { $0[0] < $1[0] }
    }

    @Test func clustersAreTheConnectedComponentsOfTheLinks() {
        var rng = Rng(state: 7)
        for _ in 0..<200 {
            let count = 1 + rng.next(60)
            let edges = (0..<rng.next(80)).map { _ in (rng.next(count), rng.next(count)) }
            var graph = CandidateGraph<Int>(count: count)
            for (a, b) in edges { graph.link(a, b, reason: 0) }
            #expect(graph.clusters() == Self.components(count: count, edges: edges, minimumSize: 2))
            #expect(graph.clusters(minimumSize: 1) == Self.components(count: count, edges: edges, minimumSize: 1))
            let ids = graph.clusterIDs()
            for (a, b) in edges { #expect(ids[a] == ids[b]) }
        }
    }

    @Test func aPairKeepsItsStrongestReasonAndTheFirstOfEqualOnes() {
        var graph = CandidateGraph<Int>(count: 3)
        graph.link(2, 0, score: 0.5, reason: 3)
        graph.link(0, 2, score: 0.9, reason: 1)
        graph.link(0, 2, score: 0.1, reason: 2)
        graph.link(0, 2, score: 0.2, reason: 1)
        graph.link(1, 1, reason: 0)
        let links = graph.sortedLinks
        #expect(links.count == 1)
        #expect(links[0].a == 0 && links[0].b == 2 && links[0].reason == 1 && links[0].score == 0.9)
        #expect(graph.clusters() == [[0, 2]])
    }

    @Test func smallGroupsLinkFullyAndLargeOnesAsAStar() {
        let keys: [String?] = ["x", "y", "x", nil, "x", nil, "y"]
        var full = CandidateGraph<Int>(count: keys.count)
        full.linkGroups(keys, fullyLinked: 3) { _, _ in 0 }
        #expect(full.neighbours[0] == [2, 4] && full.neighbours[2] == [0, 4] && full.neighbours[4] == [0, 2])
        #expect(full.neighbours[3].isEmpty && full.neighbours[5].isEmpty)
        var star = CandidateGraph<Int>(count: keys.count)
        star.linkGroups(keys, fullyLinked: 2) { first, _ in first }
        #expect(star.neighbours[0] == [2, 4] && star.neighbours[2] == [0] && star.neighbours[4] == [0])
        #expect(star.sortedLinks.map(\.reason) == [0, 0, 1])
        #expect(full.clusters() == star.clusters())
    }

    /// Property: verifying candidates gives the same clusters with or without skipping pairs an
    /// earlier batch joined, for any `jobs` and batch size, and skipping never checks more.
    @Test func verificationClustersDoNotDependOnSkippingJobsOrBatches() async {
        var rng = Rng(state: 11)
        for _ in 0..<40 {
            let count = 2 + rng.next(50)
            let pairs = (0..<rng.next(150)).map { _ in (rng.next(count), rng.next(count)) }.filter { $0.0 != $0.1 }
            // A fixed hidden truth: items are duplicates when they share a family.
            let family = (0..<count).map { _ in rng.next(max(1, count / 3)) }
            let check: @Sendable (Int, Int) -> (link: CandidateGraph<Int>.Link?, compared: Bool) = { a, b in
                (family[a] == family[b] ? CandidateGraph<Int>.Link(a: a, b: b, score: 1, reason: 0) : nil, true)
            }
            var reference = CandidateGraph<Int>(count: count)
            let all = await reference.verify(pairs, jobs: 1, skipJoined: false, batch: 1_000, check: check)
            #expect(all == pairs.count)
            for batch in [1, 7, 64] {
                var links: [[[Int]]] = []
                for jobs in [1, 2, 4] {
                    var skipping = CandidateGraph<Int>(count: count)
                    let checked = await skipping.verify(pairs, jobs: jobs, skipJoined: true, batch: batch, check: check)
                    #expect(checked <= all)
                    #expect(skipping.clusters() == reference.clusters())
                    links.append(skipping.sortedLinks.map { [$0.a, $0.b] })
                }
                #expect(links.allSatisfy { $0 == links[0] })
            }
        }
    }
}
