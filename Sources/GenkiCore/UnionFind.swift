/// Disjoint sets over `0..<count` with path halving and union by size.
public struct UnionFind: Sendable {
    private var parent: [Int]
    private var size: [Int]

    public init(count: Int) {
        parent = Array(0..<count)
        size = [Int](repeating: 1, count: count)
    }

    /// The representative of `x`'s set.
    public mutating func find(_ x: Int) -> Int {
        var x = x
        while parent[x] != x {
            parent[x] = parent[parent[x]]
            x = parent[x]
        }
        return x
    }

    /// Joins the sets of `a` and `b`; returns false when they were already one.
    @discardableResult
    public mutating func union(_ a: Int, _ b: Int) -> Bool {
        var ra = find(a)
        var rb = find(b)
        guard ra != rb else { return false }
        if size[ra] < size[rb] { swap(&ra, &rb) }
        parent[rb] = ra
        size[ra] += size[rb]
        return true
    }

    /// Members of every set with at least `minimumSize` members, each sorted, sets ordered by
    /// their smallest member.
    public mutating func groups(minimumSize: Int = 2) -> [[Int]] {
        var byRoot: [Int: [Int]] = [:]
        for x in 0..<parent.count { byRoot[find(x), default: []].append(x) }
        return byRoot.values.filter { $0.count >= minimumSize }.map { $0.sorted() }.sorted { $0[0] < $1[0] }
    }
}
