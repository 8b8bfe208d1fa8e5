import Foundation
import GenkiCore
import GenkiFingerprint
import GenkiModel
import GenkiRegistry

/// The validator's judgement of one sketch. Schema: `schemas/audit-report.schema.json`.
public struct AuditReport: Codable, Sendable, Equatable {
    public static let schemaID = "genki.audit-report/1"
    public var schema = AuditReport.schemaID
    public var round: String
    public var miner: String
    public var merkleRoot: String
    public var verdict: AuditVerdict
    public var reason: String?
    public var items: Int
    /// Internal clusters (exact or near duplicates inside the sketch count once).
    public var distinctItems: Int
    /// Clusters with no exact or near match registered earlier by another miner.
    public var novelItems: Int
    /// Clusters whose representative passes the quality bar.
    public var goodItems: Int
    /// Hours of novel, good, distinct items.
    public var novelHours: Double
    public var novelty: Double
    public var quality: Double
    public var diversity: Double

    enum CodingKeys: String, CodingKey {
        case schema, round, miner, verdict, reason, items, novelty, quality, diversity
        case merkleRoot = "merkle_root"
        case distinctItems = "distinct_items"
        case novelItems = "novel_items"
        case goodItems = "good_items"
        case novelHours = "novel_hours"
    }

    /// The registry row.
    public var row: AuditRow {
        AuditRow(
            round: round, miner: miner, merkleRoot: merkleRoot, items: items, distinctItems: distinctItems, novelItems: novelItems,
            goodItems: goodItems, novelHours: novelHours, novelty: novelty, quality: quality, diversity: diversity,
            passed: verdict == .pass, reason: reason)
    }
}

/// Judges sketches of one round against the registry and against each other.
///
/// Items match exactly (same keyed content hash) or nearly: MIDI items by keyed MinHash
/// signatures agreeing on at least `nearThreshold` of their slots (banded LSH), audio items by
/// at least `minimumVotes` keyed landmarks agreeing on one pitch shift, time scale and offset
/// (`LandmarkIndex`). An audio entry without enough landmarks fails the sketch. Novelty counts a
/// miner's distinct items (internal duplicates cluster) that match nothing registered by
/// another miner, in the registry or in a sketch submitted earlier in the round: earlier
/// registration wins ties. A sketch fails when it is for another round, is inconsistent, or
/// replays or copies an earlier miner's sketch.
public enum Auditor {
    /// Estimated Jaccard at or above which two signatures are near-duplicates.
    public static let nearThreshold = 0.25
    /// Share of a sketch's items found in an earlier miner's sketch at which it is a copy.
    public static let copyShare = 0.9
    /// Quality bar of an item: at least this long…
    public static let minimumSeconds = 30.0
    /// …with at most this much silence and clipping.
    public static let maximumSilence = 0.5
    public static let maximumClipping = 0.01

    struct Node {
        var content: String
        var signature: [UInt32]?
        /// Owner miner hotkey (nil: nobody's).
        var owner: String?
        /// Sketch position in the round, or nil for registry items.
        var sketch: Int?
        /// Keyed landmarks indexed for the vote: a sketch entry's published exact landmarks, or
        /// a registry item's keyed variants (the validator holds its fingerprint).
        var landmarks: [AudioLandmark] = []
    }

    /// Agreeing landmark votes at which two sketch entries match (keyed, subsampled, exact
    /// landmarks on both sides).
    public static let minimumVotes = 5
    /// Agreeing votes at which a sketch entry matches a registry item. The registry side is
    /// indexed with every keyed variant of its landmarks (about 13 per landmark), so chance
    /// agreements are more frequent and true ones more numerous than between two sketches.
    public static let registryMinimumVotes = 8

    /// Audits `sketches` (in submission order) against registry items with their owners.
    public static func audit(sketches: [Sketch], reference: [(item: CatalogItem, owner: String?)], key: RoundKey) -> [AuditReport] {
        audit(sketches: sketches, nodes: reference.map { referenceNode($0.item, owner: $0.owner, key: key) }, key: key)
    }

    /// Audits against a registry, streaming its items: only each item's keyed hash, signature
    /// and keyed landmark variants are kept in memory, never its fingerprint.
    public static func audit(sketches: [Sketch], registry: Registry, key: RoundKey) throws(RegistryError) -> [AuditReport] {
        var nodes: [Node] = []
        try registry.forEachItemWithOwner { item, owner in nodes.append(referenceNode(item, owner: owner, key: key)) }
        return audit(sketches: sketches, nodes: nodes, key: key)
    }

    static func referenceNode(_ item: CatalogItem, owner: String?, key: RoundKey) -> Node {
        let shingles = Sketch.shingles(item)
        return Node(
            content: key.keyedContent(item.contentHash), signature: shingles.isEmpty ? nil : key.signature(shingles), owner: owner,
            sketch: nil, landmarks: Sketch.keyedVariants(item, key: key))
    }

    static func audit(sketches: [Sketch], nodes reference: [Node], key: RoundKey) -> [AuditReport] {
        var nodes = reference
        var ranges: [Range<Int>] = []
        var problems: [String?] = []
        var seenRoots: [String: String] = [:]
        for (s, sketch) in sketches.enumerated() {
            let start = nodes.count
            var problem = validate(sketch, key: key)
            if problem == nil, let other = seenRoots[sketch.merkleRoot], other != sketch.miner {
                problem = "replays the sketch of an earlier miner"
            }
            if problem == nil { seenRoots[sketch.merkleRoot] = sketch.miner }
            for e in sketch.entries {
                let signature = e.signature.flatMap(Sketch.decode).flatMap { $0.allSatisfy { $0 == 0 } ? nil : $0 }
                let landmarks = problem == nil ? e.landmarks.flatMap(Sketch.decodeLandmarks) ?? [] : []
                nodes.append(Node(content: e.content, signature: signature, owner: sketch.miner, sketch: s, landmarks: landmarks))
            }
            ranges.append(start..<nodes.count)
            problems.append(problem)
        }
        let edges = matches(nodes)
        var reports: [AuditReport] = []
        for (s, sketch) in sketches.enumerated() {
            var problem = problems[s]
            let range = ranges[s]
            // Copy check: share of items exactly in an earlier (valid) sketch of another miner.
            if problem == nil, !range.isEmpty {
                let copied = range.filter { i in
                    edges[i].contains { j in
                        guard let t = nodes[j].sketch else { return false }
                        return t < s && problems[t] == nil && nodes[j].owner != sketch.miner && nodes[j].content == nodes[i].content
                    }
                }.count
                if Double(copied) >= copyShare * Double(range.count) {
                    problem = String(format: "copies %.0f %% of an earlier miner's sketch", 100 * Double(copied) / Double(range.count))
                    problems[s] = problem
                }
            }
            guard problem == nil else {
                reports.append(
                    AuditReport(
                        round: sketch.round, miner: sketch.miner, merkleRoot: sketch.merkleRoot, verdict: .fail,
                        reason: problem, items: sketch.entries.count, distinctItems: 0, novelItems: 0, goodItems: 0,
                        novelHours: 0, novelty: 0, quality: 0, diversity: 0))
                continue
            }
            reports.append(report(sketch, position: s, range: range, nodes: nodes, edges: edges, problems: problems))
        }
        return reports
    }

    /// The report of a valid sketch at `position` whose entries are `nodes[range]`: its items
    /// cluster on their matches; a cluster is novel when no member matches an item of another
    /// miner registered or submitted (validly) before it.
    static func report(_ sketch: Sketch, position s: Int, range: Range<Int>, nodes: [Node], edges: [[Int]], problems: [String?]) -> AuditReport {
        var sets = UnionFind(count: range.count)
        for i in range {
            for j in edges[i] where range.contains(j) { sets.union(i - range.lowerBound, j - range.lowerBound) }
        }
        let clusters = sets.groups(minimumSize: 1)
        var novel = 0
        var good = 0
        var hours = 0.0
        for members in clusters {
            let isNovel = !members.contains { m in
                edges[m + range.lowerBound].contains { j in
                    let other = nodes[j]
                    guard other.owner != sketch.miner else { return false }
                    if let t = other.sketch { return t < s && problems[t] == nil }
                    return true
                }
            }
            // Representative: the longest member that passes the bar, else the longest.
            let entries = members.map { sketch.entries[$0] }
            let best = entries.filter(isGood).max { $0.durationSeconds < $1.durationSeconds }
            if isNovel { novel += 1 }
            if best != nil { good += 1 }
            if isNovel, let best { hours += best.durationSeconds / 3600 }
        }
        let distinct = clusters.count
        return AuditReport(
            round: sketch.round, miner: sketch.miner, merkleRoot: sketch.merkleRoot, verdict: .pass, reason: nil,
            items: sketch.entries.count, distinctItems: distinct, novelItems: novel, goodItems: good, novelHours: hours,
            novelty: distinct == 0 ? 0 : Double(novel) / Double(distinct),
            quality: distinct == 0 ? 0 : Double(good) / Double(distinct),
            diversity: sketch.entries.isEmpty ? 0 : Double(distinct) / Double(sketch.entries.count)
        )
    }

    /// Whether an entry passes the quality bar.
    public static func isGood(_ e: Sketch.Entry) -> Bool {
        e.durationSeconds >= minimumSeconds && e.silenceRatio <= maximumSilence && e.clippingRatio <= maximumClipping
    }

    /// Structural checks of a sketch; the reason it is unusable, or nil.
    static func validate(_ sketch: Sketch, key: RoundKey) -> String? {
        guard sketch.schema == Sketch.schemaID else { return "unknown sketch schema" }
        guard sketch.round == key.round else { return "sketch is for round \(sketch.round), not \(key.round)" }
        guard sketch.items == sketch.entries.count else { return "declares \(sketch.items) items but holds \(sketch.entries.count)" }
        let total = sketch.entries.reduce(0) { $0 + $1.durationSeconds }
        guard abs(total - sketch.durationSeconds) <= 1e-6 * max(1, total) else { return "declared duration does not add up" }
        guard sketch.merkleRoot.count == 64, Hex.decode(sketch.merkleRoot) != nil else { return "malformed Merkle root" }
        for e in sketch.entries {
            guard e.content.count == 32, e.signature.map({ Sketch.decode($0) != nil }) ?? (e.kind == .audio),
                e.fingerprint.map({ $0.count == 32 && Hex.decode($0) != nil }) ?? true
            else { return "malformed entry" }
            guard e.durationSeconds >= 0, (0...1).contains(e.silenceRatio), (0...1).contains(e.clippingRatio) else { return "entry out of range" }
        }
        return sketch.landmarkProblem
    }

    /// Why two nodes match, strongest first.
    enum Match: Int, Comparable, Sendable {
        case content, signature, landmarks
        static func < (a: Match, b: Match) -> Bool { a.rawValue < b.rawValue }
    }

    /// Exact (same keyed content) and near matches, as each node's directly matched nodes: MIDI
    /// by LSH candidates verified by slot agreement, audio by a `LandmarkIndex` vote over keyed
    /// landmarks (each sketch entry's exact landmarks queried against every other node's
    /// postings). The same `CandidateGraph` dedup builds its clusters on.
    static func matches(_ nodes: [Node]) -> [[Int]] {
        var graph = CandidateGraph<Match>(count: nodes.count)
        // Novelty and the copy check look at direct matches, so a content group links fully
        // when small; a chain keeps huge groups linear.
        graph.linkGroups(nodes.map(\.content), fullyLinked: 64) { _, _ in .content }
        var lsh = MinHashLSH(bands: 32, rows: 4)
        lsh.reserve(nodes.count)
        for (i, n) in nodes.enumerated() {
            if let s = n.signature { lsh.insert(i, values: s.map(UInt64.init)) }
        }
        for (a, b) in lsh.candidatePairs() {
            guard let x = nodes[a].signature, let y = nodes[b].signature, nodes[a].content != nodes[b].content else { continue }
            var equal = 0
            for k in 0..<128 where x[k] == y[k] { equal += 1 }
            if Double(equal) / 128 >= nearThreshold { graph.link(a, b, reason: .signature) }
        }
        let audio = nodes.indices.filter { !nodes[$0].landmarks.isEmpty }
        if audio.count > 1 {
            var index = LandmarkIndex(count: audio.count, id: { audio[$0] }, landmarks: { nodes[audio[$0]].landmarks })
            index.minimumVotes = minimumVotes
            for i in audio where nodes[i].sketch != nil {
                for c in index.query(nodes[i].landmarks, include: { $0 != i }) where nodes[c.item].content != nodes[i].content {
                    guard nodes[c.item].sketch != nil || c.votes >= registryMinimumVotes else { continue }
                    graph.link(i, c.item, reason: .landmarks)
                }
            }
        }
        return graph.neighbours
    }
}
