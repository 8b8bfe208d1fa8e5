import Foundation
import GenkiCore
import GenkiFingerprint
import GenkiMIDI
import GenkiModel

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

    /// The dedup graph: links carry a `DedupReason`.
    typealias Graph = CandidateGraph<DedupReason>

    /// Clusters `input` together with `reference` items (an earlier index). Reference items are
    /// registered before everything new, so they are kept over new copies; only clusters that
    /// contain a new item are reported, and the keep and drop lists name new items only.
    public func run(_ input: [CatalogItem], against reference: [CatalogItem]) async -> DedupResult {
        let referencePaths = Set(reference.map(\.path))
        let fresh = input.filter { !referencePaths.contains($0.path) }
        let old = reference.map { item -> CatalogItem in
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

    public func run(_ input: [CatalogItem]) async -> DedupResult {
        let items = input.sorted { $0.path.utf8.lexicographicallyPrecedes($1.path.utf8) }
        var graph = Graph(count: items.count)
        linkExact(items, into: &graph)
        // Pairs already joined by exact matches need no near-duplicate check.
        let exactSets = graph.clusterIDs()
        linkMIDI(items, exactSets: exactSets, into: &graph)
        let comparisons = await linkAudio(items, exactSets: exactSets, into: &graph)
        return result(items, graph: &graph, comparisons: comparisons)
    }

    /// 1. Exact tiers: identical bytes, then identical decoded PCM or canonical MIDI (per kind).
    func linkExact(_ items: [CatalogItem], into graph: inout Graph) {
        graph.linkGroups(items.map(\.fileHash)) { _, _ in .bytes }
        graph.linkGroups(items.map { $0.kind.rawValue + $0.contentHash }) { _, member in items[member].kind == .midi ? .midiCanonical : .pcm }
    }

    /// 2. Symbolic near-duplicates (MIDI files, and tracker modules through their patterns' notes):
    ///    LSH candidates verified by exact shingle overlap.
    func linkMIDI(_ items: [CatalogItem], exactSets: [Int], into graph: inout Graph) {
        var lsh = MinHashLSH()
        for (i, item) in items.enumerated() {
            if let s = item.symbolic { lsh.insert(i, s.signature) }
        }
        for (a, b) in lsh.candidatePairs() where exactSets[a] != exactSets[b] {
            guard let fa = items[a].symbolic, let fb = items[b].symbolic else { continue }
            let score = fa.similarity(fb)
            let reason: DedupReason = items[a].kind == .midi && items[b].kind == .midi ? .midiNear : .symbolicNear
            if score >= midiThreshold { graph.link(a, b, score: score, reason: reason) }
        }
    }

    /// 3. Audio near-duplicates, and MIDI renders against audio (cross-modal): candidate pairs
    ///    with at least one audio file, screened, then verified, in parallel. Returns the pairs
    ///    compared.
    func linkAudio(_ items: [CatalogItem], exactSets: [Int], into graph: inout Graph) async -> Int {
        func fingerprint(_ i: Int) -> AudioFingerprint? { items[i].kind == .audio ? items[i].audio : items[i].rendered }
        let audio = items.indices.filter { fingerprint($0) != nil }
        var prepared: [Int: AudioMatcher.Prepared] = [:]
        for i in audio {
            if let f = fingerprint(i) { prepared[i] = AudioMatcher.Prepared(f) }
        }
        let ready = prepared
        // Screens and verifies one pair; nil when it is not a near-duplicate (or not plausible).
        let threshold = audioThreshold
        let screenFloor = screenThreshold
        let durationRatio = minimumDurationRatio
        @Sendable func check(_ i: Int, _ j: Int) -> (link: Graph.Link?, compared: Bool) {
            guard exactSets[i] != exactSets[j], items[i].kind == .audio || items[j].kind == .audio else { return (nil, false) }
            let (da, db) = (items[i].durationSeconds, items[j].durationSeconds)
            guard min(da, db) >= max(da, db) * durationRatio, let fa = ready[i], let fb = ready[j] else { return (nil, false) }
            guard AudioMatcher.screen(fa, fb) >= screenFloor else { return (nil, true) }
            let score = AudioMatcher.compare(fa, fb).score
            let reason: DedupReason = items[i].kind == items[j].kind ? .audioNear : .crossModal
            return (score >= threshold ? Graph.Link(a: i, b: j, score: score, reason: reason) : nil, true)
        }
        switch audioCandidates {
        case .index:
            // Only the pairs the landmark vote finds are checked (duration plausibility still
            // applies), in fixed batches, skipping pairs an earlier link already joined.
            let pairs = await indexCandidates(audio.compactMap(fingerprint), positions: audio, items: items)
            return await graph.verify(pairs, jobs: jobs, skipJoined: true, batch: Self.verificationBatch, check: check)
        case .exhaustive:
            let jobs = self.jobs
            let (found, comparisons) = await withTaskGroup(of: ([Graph.Link], Int).self) { group in
                for chunk in 0..<jobs {
                    group.addTask {
                        var local: [Graph.Link] = []
                        var count = 0
                        for (position, i) in audio.enumerated() where position % jobs == chunk {
                            for j in audio[(position + 1)...] {
                                let result = check(i, j)
                                if result.compared { count += 1 }
                                if let l = result.link { local.append(l) }
                            }
                        }
                        return (local, count)
                    }
                }
                var all: [Graph.Link] = []
                var total = 0
                for await (local, count) in group {
                    all += local
                    total += count
                }
                return (all, total)
            }
            graph.add(found)
            return comparisons
        }
    }

    /// The landmark index's candidate pairs among `fingerprints` (item `positions[k]` holds
    /// `fingerprints[k]`), as item pairs. Renders of MIDI files share melody but not timbre with
    /// recordings, so their landmarks rarely agree: cross-modal pairs (opt-in) are all
    /// candidates, as are items whose fingerprints have no peaks (stored before landmarks existed).
    func indexCandidates(_ fingerprints: [AudioFingerprint], positions audio: [Int], items: [CatalogItem]) async -> [(Int, Int)] {
        var index = LandmarkIndex(count: fingerprints.count) { fingerprints[$0].landmarks }
        index.minimumVotes = minimumVotes
        let voted = await index.selfJoin(count: audio.count, jobs: jobs) { AudioLandmarks.variants(fingerprints[$0].peaks) }
        var pairs = voted.map { (audio[$0.0], audio[$0.1]) }
        let bare = audio.indices.filter { fingerprints[$0].peaks.isEmpty || items[audio[$0]].kind == .midi }
        var seen = Set(pairs.map { UInt64($0.0) << 32 | UInt64($0.1) })
        for k in bare {
            for other in audio.indices where other != k {
                let (a, b) = (min(audio[k], audio[other]), max(audio[k], audio[other]))
                if seen.insert(UInt64(a) << 32 | UInt64(b)).inserted { pairs.append((a, b)) }
            }
        }
        return pairs
    }

    /// 4. Clusters and the keep-policy.
    func result(_ items: [CatalogItem], graph: inout Graph, comparisons: Int) -> DedupResult {
        let roots = graph.clusterIDs()
        let byCluster = Dictionary(grouping: graph.sortedLinks) { roots[$0.a] }
        var clusters: [DedupCluster] = []
        var dropped: [String] = []
        for (index, members) in graph.clusters().enumerated() {
            let choice = KeepPolicy.choose(members.map { items[$0] })
            let keep = members[choice.index]
            let pairs = (byCluster[roots[members[0]]] ?? [])
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
}
