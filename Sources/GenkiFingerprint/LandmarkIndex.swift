import Foundation

/// An inverted index from landmark keys to postings (item, anchor time, anchor pitch, span),
/// with a vote that turns shared keys into candidate pairs.
///
/// A query item looks up every key variant of its landmarks (`AudioLandmarks.variants`);
/// each posting it meets is a hit. Hits are grouped by the item they land in, and a group
/// becomes a candidate only when at least `minimumVotes` of them agree on one pitch shift (the
/// anchors' bin difference, ±1 bin), one time scale and one time offset (the reference anchor
/// time ≈ scale × query anchor time + offset, within ±`offsetTolerance` frames). The scale is
/// searched near the median ratio of the hits' spans, so speed and tempo changes vote together.
/// Chance hits rarely line up like that, which is what keeps wrong candidates out as the index grows.
///
/// Keys held by more than `maximumPostingsPerKey` postings (a chiptune arpeggio shared by a
/// whole collection) are skipped: they cost the most and tell the least.
///
/// Layout: postings in one flat array grouped into `2^bits` buckets by the key's top bits,
/// 16 bytes per posting plus 4 bytes per bucket; within a bucket postings are sorted by key,
/// so a lookup binary-searches one bucket.
public struct LandmarkIndex: Sendable {
    struct Posting {
        var key: UInt32
        var item: UInt32
        var time: Int32
        var pitch: UInt8
        var span: UInt8
    }

    /// Default of `minimumVotes`, tuned on the real-music disguise grid (`make bench`).
    public static let defaultMinimumVotes = 8
    /// Hits that agree needed for a candidate.
    public var minimumVotes = LandmarkIndex.defaultMinimumVotes
    /// Postings above which a key is skipped (see `make bench`'s scale run: hot keys dominate
    /// the cost and barely move the vote). The build already drops the postings of keys over
    /// the cap it was given; lowering it afterwards skips more.
    public var maximumPostingsPerKey = 256
    /// Largest pitch shift voted on, in bins (a third of a semitone): ±4 semitones.
    public static let maximumShift = 12
    /// Time scales voted on (speed and tempo changes).
    public static let scaleRange: ClosedRange<Float> = 0.8...1.25
    /// Half-width of the offset window, in frames (≈ 93 ms).
    public static let offsetTolerance: Float = 4

    private var postings: [Posting] = []
    private var buckets: [UInt32] = []
    private var bits = 0

    /// Builds the index from each item's exact landmarks (`AudioLandmarks.landmarks`).
    public init(_ items: [(id: Int, landmarks: [AudioLandmark])]) {
        self.init(count: items.count, id: { items[$0].id }, landmarks: { items[$0].landmarks })
    }

    /// Builds the index in two passes over `count` items without holding a second copy of the
    /// postings: the first pass counts each bucket, the second places every posting. `landmarks(k)`
    /// must return the same landmarks in both passes (it is called twice per item); `id(k)` is
    /// the item id its postings carry. Keys with more than `maximumPostingsPerKey` postings are
    /// not kept.
    public init(count: Int, maximumPostingsPerKey: Int = 256, id: (Int) -> Int = { $0 }, landmarks: (Int) -> [AudioLandmark]) {
        // Pass 1: counts per fine bucket, folded to the table size once the total is known
        // (about four postings per bucket).
        let fineBits = count < 2_000 ? 18 : count < 50_000 ? 22 : 26
        var fine = [UInt32](repeating: 0, count: 1 << fineBits)
        var total = 0
        for k in 0..<count {
            for l in landmarks(k) {
                fine[Int(l.key >> UInt32(32 - fineBits))] += 1
                total += 1
            }
        }
        var bits = 10
        while bits < fineBits && (1 << bits) < total / 4 { bits += 1 }
        let shift = UInt32(32 - bits)
        var buckets = [UInt32](repeating: 0, count: (1 << bits) + 1)
        for (f, n) in fine.enumerated() where n > 0 { buckets[(f >> (fineBits - bits)) + 1] += n }
        fine = []
        for b in 0..<(1 << bits) { buckets[b + 1] += buckets[b] }
        var cursor = buckets
        var postings = [Posting](repeating: Posting(key: 0, item: 0, time: 0, pitch: 0, span: 0), count: total)
        postings.withUnsafeMutableBufferPointer { out in
            for k in 0..<count {
                let item = UInt32(truncatingIfNeeded: id(k))
                for l in landmarks(k) {
                    let b = Int(l.key >> shift)
                    out[Int(cursor[b])] = Posting(key: l.key, item: item, time: l.time, pitch: l.pitch, span: l.span)
                    cursor[b] += 1
                }
            }
        }
        // Within a bucket, postings are ordered by key (then item, time): a lookup finds its
        // key's run by binary search, and an overcrowded key is skipped without scanning it.
        postings.withUnsafeMutableBufferPointer { out in
            for b in 0..<(1 << bits) {
                let lo = Int(buckets[b])
                let hi = Int(buckets[b + 1])
                if hi - lo > 1 {
                    out[lo..<hi].sort { ($0.key, $0.item, $0.time, $0.pitch, $0.span) < ($1.key, $1.item, $1.time, $1.pitch, $1.span) }
                }
            }
        }
        // Keys over the cap are never read by a query: drop their postings (at scale most
        // postings belong to such keys), compacting the buckets in place.
        var written = 0
        postings.withUnsafeMutableBufferPointer { out in
            var start = 0
            for b in 0..<(1 << bits) {
                let lo = Int(buckets[b])
                let hi = Int(buckets[b + 1])
                buckets[b] = UInt32(start)
                var k = lo
                while k < hi {
                    var e = k + 1
                    while e < hi && out[e].key == out[k].key { e += 1 }
                    if e - k <= maximumPostingsPerKey {
                        for j in k..<e { out[written + j - k] = out[j] }
                        written += e - k
                    }
                    k = e
                }
                start = written
            }
            buckets[1 << bits] = UInt32(written)
        }
        self.postings = written == postings.count ? postings : Array(postings[0..<written])
        self.buckets = buckets
        self.bits = bits
        self.maximumPostingsPerKey = maximumPostingsPerKey
    }

    /// The range of `key`'s postings within `lo..<hi` (sorted by key).
    @inline(__always)
    static func run(of key: UInt32, in p: UnsafeBufferPointer<Posting>, _ lo: Int, _ hi: Int) -> Range<Int> {
        var a = lo
        var b = hi
        while a < b {
            let m = (a + b) / 2
            if p[m].key < key { a = m + 1 } else { b = m }
        }
        var e = hi
        var c = a
        while c < e {
            let m = (c + e) / 2
            if p[m].key <= key { c = m + 1 } else { e = m }
        }
        return a..<c
    }

    /// Postings held.
    public var count: Int { postings.count }

    /// Bytes held by the postings and the bucket table.
    public var memoryBytes: Int { postings.capacity * MemoryLayout<Posting>.stride + buckets.capacity * 4 }

    /// A candidate found by the vote.
    public struct Candidate: Sendable, Equatable {
        /// The indexed item.
        public var item: Int
        /// Hits that agree (distinct anchors on the smaller side).
        public var votes: Int
        /// Pitch shift from the query to the item, in bins.
        public var shift: Int
        /// Time scale from the query to the item.
        public var scale: Float
    }

    struct Hit {
        var item: UInt32
        var queryTime: Int32
        var time: Int32
        var shift: Int16
        var scale: Float
    }

    /// The items whose landmarks vote for `variants` (a query item's `AudioLandmarks.variants`),
    /// considering only items for which `include` is true, sorted by item.
    public func query(_ variants: [AudioLandmark], include: (Int) -> Bool = { _ in true }) -> [Candidate] {
        guard !postings.isEmpty else { return [] }
        var hits: [Hit] = []
        let shift = UInt32(32 - bits)
        postings.withUnsafeBufferPointer { p in
            buckets.withUnsafeBufferPointer { b in
                for v in variants {
                    let bucket = Int(v.key >> shift)
                    let lo = Int(b[bucket])
                    let hi = Int(b[bucket + 1])
                    guard hi > lo else { continue }
                    let found = Self.run(of: v.key, in: p, lo, hi)
                    guard !found.isEmpty, found.count <= maximumPostingsPerKey else { continue }
                    for k in found {
                        let posting = p[k]
                        let item = Int(posting.item)
                        guard include(item) else { continue }
                        let d = Int(posting.pitch) - Int(v.pitch)
                        guard abs(d) <= Self.maximumShift, v.span > 0 else { continue }
                        let s = Float(posting.span) / Float(v.span)
                        guard Self.scaleRange.contains(s) else { continue }
                        hits.append(Hit(item: posting.item, queryTime: v.time, time: posting.time, shift: Int16(d), scale: s))
                    }
                }
            }
        }
        guard hits.count >= minimumVotes else { return [] }
        hits.sort { $0.item < $1.item }
        var out: [Candidate] = []
        var start = 0
        while start < hits.count {
            var end = start + 1
            while end < hits.count && hits[end].item == hits[start].item { end += 1 }
            if end - start >= minimumVotes {
                let v = Self.vote(hits[start..<end])
                if v.votes >= minimumVotes {
                    out.append(Candidate(item: Int(hits[start].item), votes: v.votes, shift: v.shift, scale: v.scale))
                }
            }
            start = end
        }
        return out
    }

    /// The largest group of hits that agree on a pitch shift, a time scale and an offset.
    static func vote(_ hits: ArraySlice<Hit>) -> (votes: Int, shift: Int, scale: Float) {
        // 1. Pitch shift: the best ±1-bin window.
        let width = 2 * maximumShift + 1
        var histogram = [Int](repeating: 0, count: width)
        for h in hits { histogram[Int(h.shift) + maximumShift] += 1 }
        var bestShift = 0
        var bestCount = -1
        for d in -maximumShift...maximumShift {
            var c = histogram[d + maximumShift]
            if d > -maximumShift { c += histogram[d + maximumShift - 1] }
            if d < maximumShift { c += histogram[d + maximumShift + 1] }
            if c > bestCount {
                bestCount = c
                bestShift = d
            }
        }
        let agreeing = hits.filter { abs(Int($0.shift) - bestShift) <= 1 }
        guard !agreeing.isEmpty else { return (0, 0, 1) }
        // 2. Scale: near the median span ratio, in steps fine enough that the offset drift over
        //    the query stays inside the window.
        let median = agreeing.map(\.scale).sorted()[agreeing.count / 2]
        var best: (votes: Int, scale: Float) = (0, 1)
        var offsets = [(offset: Float, hit: Int)](repeating: (0, 0), count: agreeing.count)
        for step in -10...10 {
            let s = median + Float(step) * 0.005
            for (i, h) in agreeing.enumerated() { offsets[i] = (Float(h.time) - s * Float(h.queryTime), i) }
            offsets.sort { $0.offset < $1.offset }
            // Densest window of width 2 × tolerance.
            var lo = 0
            for hi in 0..<offsets.count {
                while offsets[hi].offset - offsets[lo].offset > 2 * offsetTolerance { lo += 1 }
                if hi - lo + 1 > best.votes {
                    let members = offsets[lo...hi].map { agreeing[$0.hit] }
                    let distinct = min(Set(members.map(\.queryTime)).count, Set(members.map(\.time)).count)
                    if distinct > best.votes { best = (distinct, s) }
                }
            }
        }
        return (best.votes, bestShift, best.scale)
    }

    /// Every pair of items (smaller id first) that the vote makes a candidate: each item's
    /// variants queried against the items before it, in parallel. `variants(i)` gives item `i`'s
    /// query variants; `ids` are the indexed items, `0..<count`.
    public func selfJoin(count: Int, jobs: Int, variants: @escaping @Sendable (Int) -> [AudioLandmark]) async -> [(Int, Int, Candidate)] {
        let jobs = max(1, jobs)
        let index = self
        return await withTaskGroup(of: [(Int, Int, Candidate)].self) { group in
            for part in 0..<jobs {
                group.addTask {
                    var out: [(Int, Int, Candidate)] = []
                    var q = part
                    while q < count {
                        for c in index.query(variants(q), include: { $0 < q }) { out.append((c.item, q, c)) }
                        q += jobs
                    }
                    return out
                }
            }
            var all: [(Int, Int, Candidate)] = []
            for await part in group { all += part }
            return all.sorted { ($0.0, $0.1) < ($1.0, $1.1) }
        }
    }
}
