import ArgumentParser
import Foundation
import GenkiDedup
import GenkiFingerprint
import GenkiIngest
import GenkiMIDI

/// `genki dedup`: exact and near-duplicate clusters across audio and MIDI.
struct DedupCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "dedup",
        abstract: "Find exact and near-duplicate audio and MIDI files and pick one to keep in each cluster.",
        discussion: """
            Ingests the paths (fingerprint profile), then clusters identical bytes, identical decoded \
            PCM, identical canonical MIDI, MIDI near-duplicates (symbolic fingerprint) and audio \
            near-duplicates (chroma fingerprint with pitch-shift and alignment search). With --jsonl, \
            one JSON object per cluster of two or more items (schemas/dedup-cluster.schema.json). \
            Exit code: 0 done, 1 some files could not be analysed, 2 usage error.
            """
    )

    @Argument(help: "Files and folders.")
    var paths: [String]

    @Option(help: "Audio similarity threshold in [0, 1].")
    var threshold: Double = AudioMatcher.threshold

    @Option(help: "MIDI similarity threshold in [0, 1].")
    var midiThreshold: Double = SymbolicFingerprint.threshold

    @Flag(help: "JSON Lines: one object per cluster.")
    var jsonl = false

    @Option(help: "Write the paths to keep (every item not dropped), one per line.")
    var keepList: String?

    @Option(help: "Write the paths to drop, one per line.")
    var dropList: String?

    @Option(help: "Files processed in parallel.")
    var jobs: Int = ProcessInfo.processInfo.activeProcessorCount

    @Flag(help: "Include hidden files and folders.")
    var includeHidden = false

    func validate() throws {
        guard (0...1).contains(threshold), (0...1).contains(midiThreshold) else {
            throw ValidationError("thresholds must be between 0 and 1")
        }
        guard jobs >= 1 else { throw ValidationError("--jobs must be at least 1") }
    }

    func run() async throws {
        let options = IngestOptions(profile: .fp, jobs: jobs, includeHidden: includeHidden, fingerprints: true)
        var items: [DedupItem] = []
        var failures: [String] = []
        _ = await IngestRunner.run(paths: paths, options: options) { outcome in
            guard case .record(let record) = outcome else { return }
            if let item = DedupItem(record: record) {
                items.append(item)
            } else if !record.isOK {
                failures.append(record.reason ?? "unknown")
            }
        }
        let engine = DedupEngine(audioThreshold: threshold, midiThreshold: midiThreshold, jobs: jobs)
        let result = await engine.run(items)
        let output = try LineOutput(path: nil)
        if jsonl {
            let encoder = RecordEncoder()
            for cluster in result.clusters {
                output.write(try encoder.encode(cluster))
                output.write("\n")
            }
        } else {
            for cluster in result.clusters {
                output.write("cluster \(cluster.cluster) (\(cluster.exact ? "exact" : "near")): keep \(cluster.kept)\n")
                for pair in cluster.pairs {
                    output.write(String(format: "  %@ %.3f  %@  ~  %@\n", pair.reason.rawValue, pair.score, pair.a, pair.b))
                }
            }
            output.write("\(result.items) items, \(result.clusters.count) clusters, \(result.dropped.count) to drop, \(failures.count) failed\n")
        }
        output.close()
        for (path, list) in [(keepList, result.kept), (dropList, result.dropped)] {
            guard let path else { continue }
            let file = try LineOutput(path: path)
            for p in list { file.write(p + "\n") }
            file.close()
        }
        if !failures.isEmpty {
            FileHandle.standardError.write(Data("genki: \(failures.count) files could not be analysed (first reason: \(failures[0])); `genki ingest` lists them\n".utf8))
            throw ExitCode(1)
        }
    }
}
