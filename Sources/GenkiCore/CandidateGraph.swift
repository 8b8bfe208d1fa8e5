/// Items joined by duplicate links, and the clusters the links form: the shared core of dedup
/// and the validator's audit.
///
/// Both build it the same way: items sharing an exact key are linked outright (`linkGroups`);
/// candidate pairs from a cheap search (LSH bands, a landmark index) are linked only when a
/// check verifies them (`verify`); union-find keeps the clusters current, so a candidate whose
/// items are already joined can be skipped. Each pair keeps one link: the one with the
/// strongest (smallest) reason.
public struct CandidateGraph<Reason: Comparable & Sendable>: Sendable {
    /// One verified link between items `a` < `b`.
    public struct Link: Sendable {
        public var a: Int
        public var b: Int
        /// The check's similarity (1 for exact links).
        public var score: Double
        public var reason: Reason

        public init(a: Int, b: Int, score: Double, reason: Reason) {
            self.a = min(a, b)
            self.b = max(a, b)
            self.score = score
            self.reason = reason
        }
    }

    /// Number of items (`0..<count`).
    public let count: Int
    /// Links by pair key (`a << 32 | b`).
    private var links: [UInt64: Link] = [:]
    private var sets: UnionFind

    /// A graph of `count` items and no links.
    public init(count: Int) {
        self.count = count
        sets = UnionFind(count: count)
    }

    /// Links `a` and `b` (in either order; a self-link is ignored). A pair already linked keeps
    /// the link with the stronger reason (the first of equal ones).
    public mutating func link(_ a: Int, _ b: Int, score: Double = 1, reason: Reason) {
        guard a != b else { return }
        let new = Link(a: a, b: b, score: score, reason: reason)
        let key = UInt64(new.a) << 32 | UInt64(new.b)
        if let old = links[key], old.reason <= reason { return }
        links[key] = new
        sets.union(a, b)
    }

    /// Links the items that share a key (nil keys never match). A group of at most `fullyLinked`
    /// members links every pair in it; a larger group links each member to its first (so huge
    /// groups stay linear). `reason(first, member)` names each link.
    public mutating func linkGroups<Key: Hashable>(_ keys: [Key?], fullyLinked: Int = 0, reason: (Int, Int) -> Reason) {
        var groups: [Key: [Int]] = [:]
        for (i, key) in keys.enumerated() {
            if let key { groups[key, default: []].append(i) }
        }
        for members in groups.values where members.count > 1 {
            if members.count <= fullyLinked {
                for x in 0..<members.count {
                    for y in (x + 1)..<members.count { link(members[x], members[y], reason: reason(members[x], members[y])) }
                }
            } else {
                for other in members.dropFirst() { link(members[0], other, reason: reason(members[0], other)) }
            }
        }
    }

    /// Whether `a` and `b` are already in one cluster.
    public mutating func joined(_ a: Int, _ b: Int) -> Bool { sets.find(a) == sets.find(b) }

    /// Each item's cluster representative (equal for items of one cluster), as of now.
    public mutating func clusterIDs() -> [Int] { (0..<count).map { sets.find($0) } }

    /// Verifies candidate `pairs` across `jobs` tasks in fixed batches of `batch`, in pair order,
    /// and links what `check` confirms. With `skipJoined`, a pair whose items an earlier batch
    /// (or an earlier link) already joined is not checked: its link could not change a cluster,
    /// so a cluster of many copies costs about one check per member. The result does not depend
    /// on `jobs`. Returns how many pairs `check` reported as compared.
    public mutating func verify(
        _ pairs: [(Int, Int)], jobs: Int, skipJoined: Bool, batch: Int = 64,
        check: @escaping @Sendable (Int, Int) -> (link: Link?, compared: Bool)
    ) async -> Int {
        let ordered = pairs.map { (min($0.0, $0.1), max($0.0, $0.1)) }.sorted { ($0.0, $0.1) < ($1.0, $1.1) }
        var compared = 0
        var start = 0
        while start < ordered.count {
            let end = min(ordered.count, start + max(1, batch))
            var work = Array(ordered[start..<end])
            if skipJoined { work = work.filter { !joined($0.0, $0.1) } }
            start = end
            let (found, count) = await Self.checkAll(work, jobs: jobs, check: check)
            compared += count
            for l in found.sorted(by: { ($0.a, $0.b) < ($1.a, $1.b) }) { link(l.a, l.b, score: l.score, reason: l.reason) }
        }
        return compared
    }

    /// Adds links found elsewhere (e.g. by an exhaustive search), in pair order.
    public mutating func add(_ found: [Link]) {
        for l in found.sorted(by: { ($0.a, $0.b) < ($1.a, $1.b) }) { link(l.a, l.b, score: l.score, reason: l.reason) }
    }

    /// Every link, in pair order.
    public var sortedLinks: [Link] { links.values.sorted { ($0.a, $0.b) < ($1.a, $1.b) } }

    /// Clusters of at least `minimumSize` items, each sorted, ordered by their smallest member.
    public mutating func clusters(minimumSize: Int = 2) -> [[Int]] { sets.groups(minimumSize: minimumSize) }

    /// Each item's directly linked items (not the whole cluster), in increasing order.
    public var neighbours: [[Int]] {
        var out = [[Int]](repeating: [], count: count)
        for l in sortedLinks {
            out[l.a].append(l.b)
            out[l.b].append(l.a)
        }
        return out.map { $0.sorted() }
    }

    /// Runs `check` over `pairs`, split round-robin over up to `jobs` tasks.
    static func checkAll(
        _ pairs: [(Int, Int)], jobs: Int, check: @escaping @Sendable (Int, Int) -> (link: Link?, compared: Bool)
    ) async -> ([Link], Int) {
        let jobs = max(1, jobs)
        return await withTaskGroup(of: ([Link], Int).self) { group in
            for chunk in 0..<min(jobs, max(1, pairs.count)) {
                group.addTask {
                    var local: [Link] = []
                    var count = 0
                    for (k, pair) in pairs.enumerated() where k % jobs == chunk {
                        let result = check(pair.0, pair.1)
                        if result.compared { count += 1 }
                        if let l = result.link { local.append(l) }
                    }
                    return (local, count)
                }
            }
            var all: [Link] = []
            var total = 0
            for await (local, count) in group {
                all += local
                total += count
            }
            return (all, total)
        }
    }
}
