import Foundation
import GenkiCore
import GenkiFingerprint
import GenkiMIDI

/// Finds exact and near-duplicate clusters among analysed items and picks one to keep in each.
///
/// 1. Exact tiers: identical file bytes, identical decoded PCM, identical canonical MIDI.
/// 2. MIDI near-duplicates: symbolic MinHash signatures go through banded LSH; candidate pairs
///    are verified with the exact shingle overlap.
/// 3. Audio near-duplicates: candidate pairs are screened coarsely and, when the screen passes,
///    verified with `AudioMatcher` (pitch-shift and alignment search), in parallel. By default
///    (`audioCandidates = .index`) the candidates are the pairs a `LandmarkIndex` votes for:
///    pitch- and tempo-invariant landmark keys shared at one consistent offset, shift and scale
///    (near-linear). `.exhaustive` considers every pair whose durations could be trims or speed
///    changes of each other (quadratic; the reference the index is measured against).
///    MIDI items that carry a render fingerprint are compared with audio items the same way
///    (cross-modal), never with each other (the symbolic tier covers MIDI pairs).
/// 4. Union-find joins the pairs into clusters; the keep-policy keeps the earliest registered
///    item, then the best quality, then the smallest path.
///
/// Items are put in path order first, so the result does not depend on input order or `jobs`.
public struct DedupEngine: Sendable {
    public var audioThreshold: Double
    public var midiThreshold: Double
    public var jobs: Int
    /// Shortest ÷ longest duration below which two audio items are not compared.
    public var minimumDurationRatio: Double
    /// Coarse screening score below which an audio pair skips the full alignment.
    public var screenThreshold = AudioMatcher.screenThreshold
    /// How audio pairs are chosen for screening: the landmark index's voted candidates
    /// (near-linear; the default), or every plausible pair (quadratic).
    public var audioCandidates: AudioCandidates = .index
    /// Votes a landmark candidate needs (`LandmarkIndex.minimumVotes`).
    public var minimumVotes = LandmarkIndex.defaultMinimumVotes

    /// How audio pairs are chosen for verification.
    public enum AudioCandidates: String, Sendable, CaseIterable {
        case exhaustive, index
    }

    public init(
        audioThreshold: Double = AudioMatcher.threshold, midiThreshold: Double = SymbolicFingerprint.threshold,
        jobs: Int = ProcessInfo.processInfo.activeProcessorCount, minimumDurationRatio: Double = 0.5
    ) {
        self.audioThreshold = audioThreshold
        self.midiThreshold = midiThreshold
        self.jobs = max(1, jobs)
        self.minimumDurationRatio = minimumDurationRatio
    }

    struct Edge {
        var a: Int
        var b: Int
        var score: Double
        var reason: DedupReason
    }

    /// Clusters `input` together with `reference` items (an earlier index). Reference items are
    /// registered before everything new, so they are kept over new copies; only clusters that
    /// contain a new item are reported, and the keep and drop lists name new items only.
    public func run(_ input: [DedupItem], against reference: [DedupItem]) async -> DedupResult {
        let referencePaths = Set(reference.map(\.path))
        let fresh = input.filter { !referencePaths.contains($0.path) }
        let old = reference.map { item -> DedupItem in
            var copy = item
            copy.registeredAt = min(item.registeredAt ?? 0, 0)
            return copy
        }
        let all = await run(fresh + old)
        let freshPaths = Set(fresh.map(\.path))
        var clusters = all.clusters.filter { $0.members.contains { freshPaths.contains($0.path) } }
        for i in clusters.indices { clusters[i].cluster = i + 1 }
        return DedupResult(
            clusters: clusters, items: fresh.count, dropped: all.dropped.filter(freshPaths.contains),
            kept: all.kept.filter(freshPaths.contains), audioComparisons: all.audioComparisons
        )
    }

    public func run(_ input: [DedupItem]) async -> DedupResult {
        let items = input.sorted { $0.path.utf8.lexicographicallyPrecedes($1.path.utf8) }
        var edges: [UInt64: Edge] = [:]  // key: a << 32 | b
        func add(_ a: Int, _ b: Int, _ score: Double, _ reason: DedupReason) {
            let (x, y) = (min(a, b), max(a, b))
            let key = UInt64(x) << 32 | UInt64(y)
            if let old = edges[key], old.reason <= reason { return }
            edges[key] = Edge(a: x, b: y, score: score, reason: reason)
        }
        // 1. Exact tiers: link every member of a hash group to its first member.
        for (keyPath, reason) in [(\DedupItem.fileHash, DedupReason.bytes), (\DedupItem.contentHash, .pcm)] {
            var groups: [String: [Int]] = [:]
            for (i, item) in items.enumerated() {
                let tag = keyPath == \DedupItem.fileHash ? "" : item.kind.rawValue
                groups[tag + item[keyPath: keyPath], default: []].append(i)
            }
            for members in groups.values where members.count > 1 {
                for other in members.dropFirst() {
                    let r: DedupReason = reason == .pcm && items[other].kind == .midi ? .midiCanonical : reason
                    add(members[0], other, 1, r)
                }
            }
        }
        // Pairs already joined by exact matches need no near-duplicate check.
        var exact = UnionFind(count: items.count)
        for e in edges.values { exact.union(e.a, e.b) }
        let exactSets = items.indices.map { exact.find($0) }

        // 2. MIDI near-duplicates through LSH.
        var lsh = MinHashLSH()
        for (i, item) in items.enumerated() where item.kind == .midi {
            if let s = item.symbolic { lsh.insert(i, s.signature) }
        }
        for (a, b) in lsh.candidatePairs() where exactSets[a] != exactSets[b] {
            guard let fa = items[a].symbolic, let fb = items[b].symbolic else { continue }
            let score = fa.similarity(fb)
            if score >= midiThreshold { add(a, b, score, .midiNear) }
        }
        // 3. Audio near-duplicates, and MIDI renders against audio (cross-modal): all plausible
        //    pairs with at least one audio file, screened, then verified, in parallel.
        let audio = items.indices.filter { (items[$0].kind == .audio ? items[$0].audio : items[$0].rendered) != nil }
        var prepared: [Int: AudioMatcher.Prepared] = [:]
        for i in audio {
            if let f = items[i].kind == .audio ? items[i].audio : items[i].rendered { prepared[i] = AudioMatcher.Prepared(f) }
        }
        let ready = prepared
        // Screens and verifies one pair; nil when it is not a near-duplicate (or not plausible).
        let threshold = audioThreshold
        let screenFloor = screenThreshold
        let durationRatio = minimumDurationRatio
        @Sendable func check(_ i: Int, _ j: Int) -> (edge: Edge?, compared: Bool) {
            guard exactSets[i] != exactSets[j], items[i].kind == .audio || items[j].kind == .audio else { return (nil, false) }
            let (da, db) = (items[i].durationSeconds, items[j].durationSeconds)
            guard min(da, db) >= max(da, db) * durationRatio, let fa = ready[i], let fb = ready[j] else { return (nil, false) }
            guard AudioMatcher.screen(fa, fb) >= screenFloor else { return (nil, true) }
            let score = AudioMatcher.compare(fa, fb).score
            let reason: DedupReason = items[i].kind == items[j].kind ? .audioNear : .crossModal
            return (score >= threshold ? Edge(a: min(i, j), b: max(i, j), score: score, reason: reason) : nil, true)
        }
        // With the index, only the pairs the landmark vote finds are checked (duration
        // plausibility still applies).
        var candidatePairs: [(Int, Int)] = []
        if audioCandidates == .index {
            // `audio` holds exactly the items with a fingerprint, so this keeps its positions.
            let fingerprints = audio.compactMap { i in items[i].kind == .audio ? items[i].audio : items[i].rendered }
            var index = LandmarkIndex(count: fingerprints.count) { fingerprints[$0].landmarks }
            index.minimumVotes = minimumVotes
            let voted = await index.selfJoin(count: audio.count, jobs: jobs) { AudioLandmarks.variants(fingerprints[$0].peaks) }
            candidatePairs = voted.map { (audio[$0.0], audio[$0.1]) }
            // Renders of MIDI files share melody but not timbre with recordings, so their
            // landmarks rarely agree: cross-modal pairs (opt-in) are all checked, as are items
            // whose fingerprints have no peaks (stored before landmarks existed).
            let bare = audio.indices.filter { fingerprints[$0].peaks.isEmpty || items[audio[$0]].kind == .midi }
            var seen = Set(candidatePairs.map { UInt64($0.0) << 32 | UInt64($0.1) })
            for k in bare {
                for other in audio.indices where other != k {
                    let (a, b) = (min(audio[k], audio[other]), max(audio[k], audio[other]))
                    if seen.insert(UInt64(a) << 32 | UInt64(b)).inserted { candidatePairs.append((a, b)) }
                }
            }
        }
        let useIndex = audioCandidates == .index
        var comparisons = 0
        var found: [Edge] = []
        if useIndex {
            // Candidates are verified in fixed batches, in pair order. A pair whose items an
            // earlier batch (or an exact tier) already joined is skipped: its edge could not
            // change a cluster. Clusters of many copies then cost about one check per member
            // instead of one per pair, and the result does not depend on `jobs`.
            var sets = UnionFind(count: items.count)
            for e in edges.values { sets.union(e.a, e.b) }
            let ordered = candidatePairs.sorted { ($0.0, $0.1) < ($1.0, $1.1) }
            var start = 0
            while start < ordered.count {
                let end = min(ordered.count, start + Self.verificationBatch)
                let batch = ordered[start..<end].filter { sets.find($0.0) != sets.find($0.1) }
                start = end
                let (verified, count) = await verify(batch, jobs: jobs, check: check)
                comparisons += count
                for e in verified.sorted(by: { ($0.a, $0.b) < ($1.a, $1.b) }) {
                    sets.union(e.a, e.b)
                    found.append(e)
                }
            }
        } else {
            found = await withTaskGroup(of: ([Edge], Int).self) { group in
                for chunk in 0..<jobs {
                    group.addTask {
                        var local: [Edge] = []
                        var count = 0
                        for (position, i) in audio.enumerated() where position % jobs == chunk {
                            for j in audio[(position + 1)...] {
                                let result = check(i, j)
                                if result.compared { count += 1 }
                                if let e = result.edge { local.append(e) }
                            }
                        }
                        return (local, count)
                    }
                }
                var all: [Edge] = []
                for await (local, count) in group {
                    all += local
                    comparisons += count
                }
                return all
            }
        }
        for e in found { add(e.a, e.b, e.score, e.reason) }

        // 4. Clusters and the keep-policy.
        var sets = UnionFind(count: items.count)
        for e in edges.values { sets.union(e.a, e.b) }
        var clusters: [DedupCluster] = []
        var dropped: [String] = []
        let byCluster = Dictionary(grouping: edges.values) { sets.find($0.a) }
        for (index, members) in sets.groups().enumerated() {
            let choice = KeepPolicy.choose(members.map { items[$0] })
            let keep = members[choice.index]
            let pairs = (byCluster[sets.find(members[0])] ?? [])
                .sorted { ($0.a, $0.b) < ($1.a, $1.b) }
                .map { DedupCluster.Pair(a: items[$0.a].path, b: items[$0.b].path, score: $0.score, reason: $0.reason) }
            clusters.append(
                DedupCluster(
                    cluster: index + 1,
                    exact: pairs.allSatisfy { $0.reason.isExact },
                    kept: items[keep].path,
                    keptBecause: choice.rule,
                    members: members.map { DedupCluster.Member(path: items[$0].path, kind: items[$0].kind, role: $0 == keep ? .kept : .dropped) },
                    pairs: pairs
                ))
            dropped += members.filter { $0 != keep }.map { items[$0].path }
        }
        let droppedSet = Set(dropped)
        return DedupResult(
            clusters: clusters, items: items.count, dropped: dropped.sorted(),
            kept: items.map(\.path).filter { !droppedSet.contains($0) }, audioComparisons: comparisons
        )
    }

    /// Candidate pairs verified between two connectivity checks (index mode).
    static let verificationBatch = 64

    /// Verifies `pairs` across `jobs` tasks; the edges found and the pairs compared.
    private func verify(_ pairs: [(Int, Int)], jobs: Int, check: @escaping @Sendable (Int, Int) -> (edge: Edge?, compared: Bool)) async -> ([Edge], Int) {
        await withTaskGroup(of: ([Edge], Int).self) { group in
            for chunk in 0..<min(jobs, max(1, pairs.count)) {
                group.addTask {
                    var local: [Edge] = []
                    var count = 0
                    for (k, pair) in pairs.enumerated() where k % jobs == chunk {
                        let result = check(pair.0, pair.1)
                        if result.compared { count += 1 }
                        if let e = result.edge { local.append(e) }
                    }
                    return (local, count)
                }
            }
            var all: [Edge] = []
            var total = 0
            for await (local, count) in group {
                all += local
                total += count
            }
            return (all, total)
        }
    }
}
