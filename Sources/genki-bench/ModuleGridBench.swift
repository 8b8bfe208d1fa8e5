import Foundation
import GenkiChip
import GenkiCore
import GenkiFixtures
import GenkiMIDI
import GenkiModel

/// `genki-bench --module-grid DIR`: the symbolic tier on real tracker modules. Every module
/// under DIR is disguised the ways a copier would (re-titled in place, re-saved as XM, transposed,
/// re-timed, rows expanded, channels and instruments permuted, new text, all at once); each copy
/// is scored against its original (true pairs) and every original against every other (wrong
/// pairs), with the exact tiers (file bytes, rendered PCM) alongside. MODs are converted with
/// their real samples (`MODReader`), other formats through libopenmpt's pattern API with
/// placeholder samples (`OpenMPTSongReader`). Prints markdown tables.
///
/// Set `GENKI_MODULE_GRID_DETAILS` to a path to also get one tab-separated line per module and
/// disguise there.
enum ModuleGridBench {
    struct Module {
        var name: String
        var format: ChipFormat
        var bytes: [UInt8]
        var notes = 0
        var pitched = 0
        var fingerprint = SymbolicFingerprint(shingles: [])
        var fileHash = Digest128(high: 0, low: 0)
        var pcmHash: Digest128?
        var failure: String?
        /// The canonical form (`ChipCanonicalForm`): nil when there is none; whether it renders
        /// the same first 30 s.
        var strippedRendersTheSame: Bool?
        var strippedBytes = 0
    }

    struct Pair {
        var kind: String
        var module: Int
        var similarity: Double
        /// Shared shingles and the two set sizes (for the what-if table).
        var shared = 0
        var sizes = (0, 0)
        var sameBytes: Bool
        var samePCM: Bool
    }

    /// Disguise kinds in table order.
    static let kinds = [
        "re-title in place", "re-save as XM", "transpose +3", "transpose −5", "speed ×¾, tempo ×1.25", "rows expanded ×2", "channel reorder",
        "instrument swap", "new text (XM)", "combined", "play order (breaks, jumps resolved)", "first half of the orders",
    ]

    /// The render used for the PCM hash: 30 s at 22,050 Hz, nearest-sample interpolation
    /// (only equality matters).
    static var pcmPolicy: ChipRenderPolicy {
        var p = ChipRenderPolicy()
        p.maxSeconds = 30
        p.sampleRate = 22_050
        p.interpolationTaps = 1
        return p
    }

    static func pcmHash(_ bytes: [UInt8], _ format: ChipFormat) -> Digest128? {
        guard let render = try? ChipRenderer.render(bytes, format: format, policy: pcmPolicy) else { return nil }
        return render.samples.withUnsafeBytes { XXH3Hasher.hash($0) }
    }

    static func score(_ bytes: [UInt8]) -> (notes: Int, pitched: Int, fingerprint: SymbolicFingerprint)? {
        guard let s = try? ModuleScore.read(bytes) else { return nil }
        return (s.notes.count, s.notes.filter { !$0.isDrum }.count, SymbolicFingerprint(notes: s.notes))
    }

    /// Finds the modules under `root` (by content, else by extension).
    static func find(_ root: String) -> [(name: String, format: ChipFormat, bytes: [UInt8])] {
        var out: [(String, ChipFormat, [UInt8])] = []
        guard let walker = FileManager.default.enumerator(atPath: root) else { return [] }
        var paths: [String] = []
        while let p = walker.nextObject() as? String { paths.append(p) }
        for p in paths.sorted() {
            let full = (root as NSString).appendingPathComponent(p)
            var directory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: full, isDirectory: &directory), !directory.boolValue,
                let data = FileManager.default.contents(atPath: full)
            else { continue }
            let bytes = [UInt8](data)
            let name = (p as NSString).lastPathComponent
            let format = ChipFormat.sniff(Array(bytes.prefix(ChipFormat.headerLength)), fileName: name) ?? ChipFormat.byExtension((p as NSString).pathExtension)
            guard let format, format.isModule else { continue }
            out.append((p, format, bytes))
        }
        return out
    }

    /// The file with its title field overwritten (formats whose title sits at a fixed place).
    static func retitled(_ bytes: [UInt8], _ format: ChipFormat) -> [UInt8]? {
        let field: Range<Int>
        switch format {
        case .mod: field = 0..<20
        case .xm: field = 17..<37
        case .s3m: field = 0..<28
        case .it: field = 4..<30
        default: return nil
        }
        guard bytes.count > field.upperBound else { return nil }
        var out = bytes
        let text = Array("re-titled copy".utf8)
        // Pad as the file does: libopenmpt tells FastTracker 2's XMs (space-padded) from other
        // trackers' by the padding, and plays them differently.
        let pad: UInt8 = bytes[field.upperBound - 1] == 0x20 ? 0x20 : 0
        for (k, i) in field.enumerated() { out[i] = k < text.count ? text[k] : pad }
        return out
    }

    static func run(directory: String) throws {
        let found = find(directory)
        print("")
        print("## Symbolic tier on real modules (\(directory))")
        print("")
        var modules: [Module] = []
        var pairs: [Pair] = []
        var details: [String] = []
        var patternAPIAgrees = 0
        var patternAPIChecked = 0
        for (index, f) in found.enumerated() {
            var m = Module(name: f.name, format: f.format, bytes: f.bytes)
            m.fileHash = XXH3Hasher.hash(f.bytes)
            m.pcmHash = pcmHash(f.bytes, f.format)
            if let stripped = (try? ChipCanonicalForm.stripped(f.bytes, format: f.format)) ?? nil {
                m.strippedRendersTheSame = m.pcmHash != nil && pcmHash(stripped, f.format) == m.pcmHash
                m.strippedBytes = stripped.count
            }
            if let s = score(f.bytes) {
                (m.notes, m.pitched, m.fingerprint) = s
            } else {
                m.failure = "libopenmpt cannot open it"
            }
            // The song to disguise: real samples for MODs, the pattern API otherwise.
            var song: TrackerSong?
            if f.format == .mod, let s = try? MODReader.read(f.bytes) {
                song = s
                if let viaAPI = try? OpenMPTSongReader.read(f.bytes), let a = try? ModuleScore.read(XMWriter.write(viaAPI)),
                    let b = try? ModuleScore.read(XMWriter.write(s))
                {
                    patternAPIChecked += 1
                    if a.notes.map(\.pitch) == b.notes.map(\.pitch) && a.notes.map(\.onsetBeats) == b.notes.map(\.onsetBeats) { patternAPIAgrees += 1 }
                }
            } else {
                song = try? OpenMPTSongReader.read(f.bytes)
            }
            if m.failure == nil && song == nil { m.failure = "no song to disguise" }
            modules.append(m)
            func record(_ kind: String, _ bytes: [UInt8]?, _ format: ChipFormat) {
                guard let bytes else { return }
                let copy = score(bytes)
                let similarity = copy.map { m.fingerprint.similarity($0.fingerprint) } ?? 0
                let sameBytes = XXH3Hasher.hash(bytes) == m.fileHash
                let pcm = pcmHash(bytes, format)
                let samePCM = pcm != nil && pcm == m.pcmHash
                pairs.append(
                    Pair(
                        kind: kind, module: index, similarity: similarity, shared: copy.map { m.fingerprint.sharedShingles($0.fingerprint) } ?? 0,
                        sizes: (m.fingerprint.shingles.count, copy?.fingerprint.shingles.count ?? 0), sameBytes: sameBytes, samePCM: samePCM))
                details.append(
                    "\(f.name)\t\(f.format.rawValue)\t\(kind)\t\(String(format: "%.4f", similarity))\t\(m.notes)\t\(m.pitched)\t\(m.fingerprint.shingles.count)\t\(copy?.notes ?? -1)\t\(copy?.fingerprint.shingles.count ?? -1)"
                )
            }
            record(kinds[0], retitled(f.bytes, f.format), f.format)
            guard let song else { continue }
            let seed = UInt64(index + 1)
            let disguises: [ModuleDisguise] = [
                ModuleDisguise(), ModuleDisguise(transpose: 3), ModuleDisguise(transpose: -5), ModuleDisguise(speedFactor: 0.75, tempoFactor: 1.25),
                ModuleDisguise(rowExpansion: 2), ModuleDisguise(channelOrder: ModuleDisguise.permutation(song.channels, seed: seed)),
                ModuleDisguise(instrumentOrder: ModuleDisguise.permutation(song.instruments.count, seed: seed)), ModuleDisguise(text: "new text"),
                ModuleDisguise.combined(channels: song.channels, instruments: song.instruments.count, seed: seed), ModuleDisguise(playOrder: true),
                ModuleDisguise(keptOrders: 0.5),
            ]
            for (k, d) in disguises.enumerated() { record(kinds[k + 1], XMWriter.write(d.apply(to: song)), .xm) }
        }
        if let path = ProcessInfo.processInfo.environment["GENKI_MODULE_GRID_DETAILS"] {
            let header = "file\tformat\tdisguise\tsimilarity\tnotes\tpitched\tshingles\tcopy_notes\tcopy_shingles\n"
            try (header + details.joined(separator: "\n") + "\n").write(toFile: path, atomically: true, encoding: .utf8)
        }
        report(modules: modules, pairs: pairs, patternAPI: (patternAPIAgrees, patternAPIChecked))
    }

    static func quantile(_ sorted: [Double], _ q: Double) -> Double {
        guard !sorted.isEmpty else { return .nan }
        return sorted[Int((Double(sorted.count - 1) * q).rounded())]
    }

    static func report(modules: [Module], pairs: [Pair], patternAPI: (agrees: Int, checked: Int)) {
        let t = SymbolicFingerprint.threshold
        func f(_ v: Double) -> String { v.isNaN ? "–" : String(format: "%.3f", v) }
        // Corpus.
        var byFormat: [ChipFormat: [Module]] = [:]
        for m in modules { byFormat[m.format, default: []].append(m) }
        print("modules: \(modules.count); threshold \(t); PCM hash: first 30 s at 22,050 Hz")
        print("MODs whose pattern-API re-save reads the same notes as the sample-carrying re-save: \(patternAPI.agrees) of \(patternAPI.checked)")
        print("")
        print("| format | files | cannot open | empty score | no pitched notes | < \(SymbolicFingerprint.minimumShingles) shingles | median notes | median shingles |")
        print("|---|---:|---:|---:|---:|---:|---:|---:|")
        for (format, ms) in byFormat.sorted(by: { $0.key.rawValue < $1.key.rawValue }) {
            let opened = ms.filter { $0.failure != "libopenmpt cannot open it" }
            let notes = opened.map { Double($0.notes) }.sorted()
            let shingles = opened.map { Double($0.fingerprint.shingles.count) }.sorted()
            print(
                "| \(format.displayName) | \(ms.count) | \(ms.count - opened.count) | \(opened.filter { $0.notes == 0 }.count) | \(opened.filter { $0.pitched == 0 }.count) | \(opened.filter { $0.fingerprint.shingles.count < SymbolicFingerprint.minimumShingles }.count) | \(Int(quantile(notes, 0.5))) | \(Int(quantile(shingles, 0.5))) |"
            )
        }
        // Canonical forms (the exact tier's key, and `genki shard --include-source`'s members).
        print("")
        print("| format | files | canonical form | renders the same (first 30 s) | no canonical form | bytes kept |")
        print("|---|---:|---:|---:|---:|---:|")
        for (format, ms) in byFormat.sorted(by: { $0.key.rawValue < $1.key.rawValue }) {
            let stripped = ms.filter { $0.strippedRendersTheSame != nil }
            let kept = Double(stripped.map(\.strippedBytes).reduce(0, +)) / Double(max(1, stripped.map(\.bytes.count).reduce(0, +)))
            print(
                "| \(format.displayName) | \(ms.count) | \(stripped.count) | \(stripped.filter { $0.strippedRendersTheSame == true }.count) | \(ms.count - stripped.count) | \(f(kept)) |"
            )
        }
        // True pairs.
        print("")
        print("| disguise | pairs | min | 5th pct | median | recall @ \(t) | exact: file bytes | exact: PCM |")
        print("|---|---:|---:|---:|---:|---:|---:|---:|")
        var allTrue: [Double] = []
        for kind in kinds {
            let ps = pairs.filter { $0.kind == kind }
            let s = ps.map(\.similarity).sorted()
            allTrue += s
            guard !ps.isEmpty else { continue }
            let n = Double(ps.count)
            print(
                "| \(kind) | \(ps.count) | \(f(s.first ?? .nan)) | \(f(quantile(s, 0.05))) | \(f(quantile(s, 0.5))) | \(f(Double(s.filter { $0 >= t }.count) / n)) | \(f(Double(ps.filter(\.sameBytes).count) / n)) | \(f(Double(ps.filter(\.samePCM).count) / n)) |"
            )
        }
        // The modules the symbolic tier judges: a fingerprint of at least `minimumShingles`
        // shingles (`SymbolicFingerprint.similarity` caps smaller sets far below the threshold;
        // they are left to the exact and audio tiers, as drums are).
        let floor = SymbolicFingerprint.minimumShingles
        let judged = pairs.filter { $0.sizes.0 >= floor }
        let judgedModules = Set(judged.map(\.module)).count
        print("")
        print(
            "all disguises, the \(judgedModules) of \(modules.count) modules with ≥ \(floor) shingles: \(judged.count) pairs, recall @ \(t) \(f(Double(judged.filter { $0.similarity >= t }.count) / Double(max(1, judged.count)))); all modules: \(pairs.count) pairs, recall \(f(Double(pairs.filter { $0.similarity >= t }.count) / Double(max(1, pairs.count))))"
        )
        // Wrong pairs.
        struct Wrong {
            var a: Int
            var b: Int
            var similarity: Double
            var shared: Int
            var sameBytes: Bool
            var samePCM: Bool
        }
        var wrong: [Wrong] = []
        for i in modules.indices {
            for j in modules.indices where j > i {
                let a = modules[i]
                let b = modules[j]
                wrong.append(
                    Wrong(
                        a: i, b: j, similarity: a.fingerprint.similarity(b.fingerprint), shared: a.fingerprint.sharedShingles(b.fingerprint),
                        sameBytes: a.fileHash == b.fileHash,
                        samePCM: a.pcmHash != nil && a.pcmHash == b.pcmHash))
            }
        }
        let distinct = wrong.filter { !$0.sameBytes }
        print("")
        print("| wrong pairs | count | max | 99.9th pct | 99th pct | ≥ \(t) | precision @ \(t) |")
        print("|---|---:|---:|---:|---:|---:|---:|")
        let truePositives = allTrue.filter { $0 >= t }.count
        for (label, set) in [("all pairs of different files", wrong), ("excluding byte-identical files", distinct)] {
            let s = set.map(\.similarity).sorted()
            let falsePositives = s.filter { $0 >= t }.count
            print(
                "| \(label) | \(s.count) | \(f(s.last ?? .nan)) | \(f(quantile(s, 0.999))) | \(f(quantile(s, 0.99))) | \(falsePositives) | \(f(Double(truePositives) / Double(max(1, truePositives + falsePositives)))) |"
            )
        }
        print("")
        print("top wrong pairs:")
        print("")
        print("| similarity | a | b | same bytes | same PCM | shingles a / b |")
        print("|---:|---|---|---|---|---|")
        for w in wrong.sorted(by: { $0.similarity > $1.similarity }).prefix(15) {
            let a = modules[w.a]
            let b = modules[w.b]
            print(
                "| \(f(w.similarity)) | \(a.name) | \(b.name) | \(w.sameBytes ? "yes" : "no") | \(w.samePCM ? "yes" : "no") | \(a.fingerprint.shingles.count) / \(b.fingerprint.shingles.count) |"
            )
        }
        // Sweep.
        print("")
        print("threshold sweep (true pairs: all disguises; wrong pairs excluding byte-identical files):")
        print("")
        print("| threshold | recall | recall, modules with ≥ \(floor) shingles | recall without combined | wrong ≥ | precision |")
        print("|---:|---:|---:|---:|---:|---:|")
        let notCombined = pairs.filter { $0.kind != "combined" }.map(\.similarity)
        for step in 0...8 {
            let x = 0.2 + 0.05 * Double(step)
            let tp = allTrue.filter { $0 >= x }.count
            let fp = distinct.filter { $0.similarity >= x }.count
            print(
                "| \(String(format: "%.2f", x)) | \(f(Double(tp) / Double(max(1, allTrue.count)))) | \(f(Double(judged.filter { $0.similarity >= x }.count) / Double(max(1, judged.count)))) | \(f(Double(notCombined.filter { $0 >= x }.count) / Double(max(1, notCombined.count)))) | \(fp) | \(f(Double(tp) / Double(max(1, tp + fp)))) |"
            )
        }
        // What if the overlap's smallest denominator were larger (SymbolicFingerprint.minimumShingles)?
        print("")
        print("what if `SymbolicFingerprint.minimumShingles` were larger (overlap = shared ÷ max(smaller set, m); threshold \(t); wrong pairs excluding byte-identical files):")
        print("")
        print("| m | recall | recall without combined | wrong ≥ | max wrong | precision |")
        print("|---:|---:|---:|---:|---:|---:|")
        for m in [16, 32, 64, 128] {
            func overlap(_ shared: Int, _ a: Int, _ b: Int) -> Double { min(1, Double(shared) / Double(max(min(a, b), m))) }
            let truth = pairs.map { overlap($0.shared, $0.sizes.0, $0.sizes.1) }
            let truthNC = pairs.filter { $0.kind != "combined" }.map { overlap($0.shared, $0.sizes.0, $0.sizes.1) }
            let wrongs = distinct.map { overlap($0.shared, modules[$0.a].fingerprint.shingles.count, modules[$0.b].fingerprint.shingles.count) }
            let tp = truth.filter { $0 >= t }.count
            let fp = wrongs.filter { $0 >= t }.count
            print(
                "| \(m) | \(f(Double(tp) / Double(max(1, truth.count)))) | \(f(Double(truthNC.filter { $0 >= t }.count) / Double(max(1, truthNC.count)))) | \(fp) | \(f(wrongs.max() ?? .nan)) | \(f(Double(tp) / Double(max(1, tp + fp)))) |"
            )
        }
        // The misses.
        let misses = pairs.filter { $0.similarity < t && $0.kind != kinds[0] }
        var missCount: [Int: Int] = [:]
        for p in misses { missCount[p.module, default: 0] += 1 }
        print("")
        print("modules with missed disguises (disguises missed of \(kinds.count - 1), notes / pitched / shingles of the original):")
        print("")
        for (k, n) in missCount.sorted(by: { ($0.value, modules[$0.key].name) > ($1.value, modules[$1.key].name) }) {
            let m = modules[k]
            print("- \(m.name) (\(m.format.displayName)): \(n) — \(m.notes) / \(m.pitched) / \(m.fingerprint.shingles.count)\(m.failure.map { " — \($0)" } ?? "")")
        }
    }
}
