import Foundation
import GenkiAudit
import GenkiDedup
import GenkiFingerprint
import GenkiModel
import GenkiRegistry

/// The audit on a real disguise grid: for every disguise, miner A sketches the 100 originals,
/// a copier then sketches their 100 disguised copies, and an honest miner 100 other originals.
/// Prints each one's novelty (A in a sketch first in the round, and A registered in the
/// validator's registry), the vote distribution behind `Auditor.minimumVotes`, sketch sizes,
/// published landmarks per second (the floor's basis) and the failure cases.
enum AuditGridBench {
    static let key = RoundKey(round: "bench", seed: "0xgrid")

    static func item(_ f: AudioFingerprint?, seconds: Double, content: Int) -> CatalogItem {
        var item = CatalogItem(
            path: "", kind: .audio, fileHash: String(format: "%032x", content + 1 << 40), contentHash: String(format: "%032x", content),
            durationSeconds: seconds, quality: 1, registeredAt: 0, audio: f
        )
        item.registryID = Int64(content)
        item.datasetID = 1
        item.sampleRate = 11_025
        item.channels = 1
        item.clippingRatio = 0
        item.silenceRatio = 0
        return item
    }

    static func seconds(_ f: AudioFingerprint) -> Double { Double(f.frameCount) / AudioFingerprint.framesPerSecond }

    static func run(grid root: String) async throws {
        let grid = try DisguiseGrid(root: root)
        let start = Date()
        let all = await GridFingerprints.compute((grid.originals + grid.pairs.map(\.copy)).map(grid.path))
        print(
            String(
                format: "\nAudit on the real grid (%d fingerprints in %.0f s); keep 1 in %d keyed landmarks, votes ≥ %d",
                all.count, Date().timeIntervalSince(start), Sketch.landmarkKeepOneIn, Auditor.minimumVotes))
        var content = 0
        var itemOf: [String: CatalogItem] = [:]
        for p in grid.originals + grid.pairs.map(\.copy) {
            content += 1
            if let f = all[grid.path(p)] { itemOf[p] = item(f, seconds: seconds(f), content: content) }
        }
        // Published landmarks per second over every file: the floor's basis.
        var rates: [Double] = []
        var bytes = 0
        var minutes = 0.0
        for p in grid.originals {
            guard let i = itemOf[p] else { continue }
            let e = Sketch.entry(i, key: key)
            rates.append(Double((e.landmarks.flatMap(Sketch.decodeLandmarks) ?? []).count) / max(1, i.durationSeconds))
            bytes += (try JSONEncoder().encode(e)).count
            minutes += i.durationSeconds / 60
        }
        var copyRates: [Double] = []
        for p in grid.pairs {
            guard let i = itemOf[p.copy] else { continue }
            copyRates.append(Double((Sketch.keyedLandmarks(i, key: key) ?? []).count) / max(1, i.durationSeconds))
        }
        rates.sort()
        copyRates.sort()
        func pct(_ x: [Double], _ q: Double) -> Double { x.isEmpty ? 0 : x[min(x.count - 1, Int(q * Double(x.count)))] }
        print(
            String(
                format: "sketch entry: %.0f bytes per item, %.0f bytes per audio-minute (%.0f KB for 3 minutes)",
                Double(bytes) / Double(max(1, rates.count)), Double(bytes) / max(1, minutes), 3 * Double(bytes) / max(1, minutes) / 1000))
        print(
            String(
                format: "published landmarks/s: originals p1 %.2f p5 %.2f median %.2f; copies p1 %.2f p5 %.2f median %.2f; floor %.2f",
                pct(rates, 0.01), pct(rates, 0.05), pct(rates, 0.5), pct(copyRates, 0.01), pct(copyRates, 0.05), pct(copyRates, 0.5),
                Sketch.minimumLandmarksPerSecond))
        print("disguise            copies  copier-nov  honest-nov  reg-copier  reg-honest  true-votes(med)  true≥3/4/5/6/8           wrong≥3/4/5/6/8")
        let levels = [3, 4, 5, 6, 8]
        var firstFailure: (sketch: Sketch, items: [CatalogItem])?
        for disguise in grid.disguises {
            let pairs = grid.pairs.filter { $0.disguise == disguise && itemOf[$0.original] != nil && itemOf[$0.copy] != nil }
            let chosen = Set(pairs.map(\.original))
            let a = pairs.compactMap { itemOf[$0.original] }
            let copies = pairs.compactMap { itemOf[$0.copy] }
            let honestItems = grid.originals.filter { !chosen.contains($0) }.prefix(100).compactMap { itemOf[$0] }
            let sa = Sketch(items: a, miner: "A", key: key)
            let sc = Sketch(items: copies, miner: "copier", key: key)
            let sh = Sketch(items: honestItems, miner: "honest", key: key)
            if firstFailure == nil { firstFailure = (sh, honestItems) }
            let reports = Auditor.audit(sketches: [sa, sc, sh], reference: [], key: key)
            let registered = Auditor.audit(sketches: [sc, sh], reference: a.map { (item: $0, owner: Optional("A")) }, key: key)
            // Votes: each copy's keyed exact landmarks against A's keyed exact landmarks.
            let aLandmarks = sa.entries.map { $0.landmarks.flatMap(Sketch.decodeLandmarks) ?? [] }
            let position = Dictionary(uniqueKeysWithValues: sa.entries.enumerated().map { ($0.element.content, $0.offset) })
            var index = LandmarkIndex(aLandmarks.enumerated().map { (id: $0.offset, landmarks: $0.element) })
            index.minimumVotes = 2
            var trueVotes: [Int] = []
            var wrongVotes: [Int] = []
            for p in pairs {
                guard let c = itemOf[p.copy], let o = itemOf[p.original], let target = position[key.keyedContent(o.contentHash)] else { continue }
                let q = Sketch.keyedLandmarks(c, key: key) ?? []
                let found = index.query(q)
                trueVotes.append(found.first { $0.item == target }?.votes ?? 0)
                for x in found where x.item != target { wrongVotes.append(x.votes) }
            }
            for h in honestItems { wrongVotes += index.query(Sketch.keyedLandmarks(h, key: key) ?? []).map(\.votes) }
            // The same against A registered: A's keyed variants indexed, as the validator does.
            let registeredOriginals = pairs.filter { itemOf[$0.copy] != nil }.compactMap { p in itemOf[p.original].map { (p, $0) } }
            var regIndex = LandmarkIndex(registeredOriginals.enumerated().map { (id: $0.offset, landmarks: Sketch.keyedVariants($0.element.1, key: key)) })
            regIndex.minimumVotes = 2
            var regTrue: [Int] = []
            var regWrong: [Int] = []
            for (k, (p, _)) in registeredOriginals.enumerated() {
                guard let c = itemOf[p.copy] else { continue }
                let found = regIndex.query(Sketch.keyedLandmarks(c, key: key) ?? [])
                regTrue.append(found.first { $0.item == k }?.votes ?? 0)
                for x in found where x.item != k { regWrong.append(x.votes) }
            }
            for h in honestItems { regWrong += regIndex.query(Sketch.keyedLandmarks(h, key: key) ?? []).map(\.votes) }
            trueVotes.sort()
            let n = Double(max(1, trueVotes.count))
            let trueShares = levels.map { l in String(format: "%.2f", Double(trueVotes.filter { $0 >= l }.count) / n) }.joined(separator: "/")
            let wrongCounts = levels.map { l in String(wrongVotes.filter { $0 >= l }.count) }.joined(separator: "/")
            let regLevels = [5, 6, 7, 8, 10]
            let rn = Double(max(1, regTrue.count))
            let regTrueShares = regLevels.map { l in String(format: "%.2f", Double(regTrue.filter { $0 >= l }.count) / rn) }.joined(separator: "/")
            let regWrongCounts = regLevels.map { l in String(regWrong.filter { $0 >= l }.count) }.joined(separator: "/")
            print(
                String(
                    format: "%-18@ %6d  %10.3f  %10.3f  %10.3f  %10.3f  %15d  %@  %@  | reg true≥5/6/7/8/10 %@ wrong %@", disguise as NSString, copies.count,
                    reports[1].novelty, reports[2].novelty, registered[0].novelty, registered[1].novelty,
                    trueVotes.isEmpty ? 0 : trueVotes[trueVotes.count / 2], trueShares as NSString, wrongCounts as NSString,
                    regTrueShares as NSString, regWrongCounts as NSString))
            if reports.contains(where: { $0.verdict != .pass }) { print("  verdicts: \(reports.map { "\($0.verdict) \($0.reason ?? "")" })") }
        }
        print("(wrong≥: pairs of a copy or an honest item with a wrong original of A, over the whole disguise)")
        // Failure cases.
        guard let (honest, items) = firstFailure else { return }
        let bare = Sketch(
            items: items.map {
                var i = $0
                i.audio = nil
                i.symbolic = nil
                return i
            }, miner: "bare", key: key)
        var stripped = honest
        stripped.miner = "stripped"
        for k in stripped.entries.indices { stripped.entries[k].landmarks = Sketch.encodeLandmarks([]) }
        var thinned = honest
        thinned.miner = "thinned"
        for k in thinned.entries.indices {
            let l = thinned.entries[k].landmarks.flatMap(Sketch.decodeLandmarks) ?? []
            thinned.entries[k].landmarks = Sketch.encodeLandmarks(Array(l.prefix(l.count / 10)))
        }
        for r in Auditor.audit(sketches: [bare, stripped, thinned], reference: [], key: key) {
            print("sketch \(r.miner): \(r.verdict) (\(r.reason ?? "no reason"))")
        }
        let response = try AuditResponse(sketch: honest, items: items, seed: "later", count: 8, key: key)
        let ok = Verification.verify(response: response, sketch: honest, seed: "later", count: 8, key: key)
        print("spot-check, honest: \(ok.passed ? "passed" : "failed (\(ok.reason ?? ""))")")
        var forged = honest
        let victim = response.answers[0].index
        let other = honest.entries[(victim + 1) % honest.entries.count].landmarks
        forged.entries[victim].landmarks = other
        let bad = Verification.verify(response: response, sketch: forged, seed: "later", count: 8, key: key)
        print("spot-check, another item's landmarks forged in: \(bad.passed ? "passed" : "failed (\(bad.reason ?? ""))")")
    }
}
