import ArgumentParser
import Foundation
import GenkiDedup
import GenkiFingerprint
import GenkiIngest
import GenkiMIDI
import GenkiModel
import GenkiPipeline
import GenkiRegistry

/// `genki dedup`: exact and near-duplicate clusters across audio and MIDI.
struct DedupCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "dedup",
        abstract: "Find exact and near-duplicate audio and MIDI files and pick one to keep in each cluster.",
        subcommands: [Run.self, Merge.self],
        defaultSubcommand: Run.self
    )

    /// Output options shared by a run and a merge.
    struct Output: ParsableArguments {
        @Option(help: "Audio similarity threshold in [0, 1].")
        var threshold: Double = AudioMatcher.threshold

        @Option(help: "MIDI similarity threshold in [0, 1].")
        var midiThreshold: Double = SymbolicFingerprint.threshold

        @Flag(help: "JSON Lines: one object per cluster (schemas/dedup-cluster.schema.json).")
        var jsonl = false

        @Option(help: "Write the paths to keep (every item not dropped), one per line.")
        var keepList: String?

        @Option(help: "Write the paths to drop, one per line.")
        var dropList: String?

        @Option(help: "Audio pairs to verify: index (the default: pairs a landmark index votes for, near-linear) or exhaustive (every plausible pair, quadratic: for small sets and as a reference).")
        var audioCandidates: DedupEngine.AudioCandidates = .index

        @Option(help: "Parallel jobs.")
        var jobs: Int = ProcessInfo.processInfo.activeProcessorCount

        func validate() throws {
            guard (0...1).contains(threshold), (0...1).contains(midiThreshold) else {
                throw ValidationError("thresholds must be between 0 and 1")
            }
            try OptionRanges.check(jobs, OptionRanges.jobs, "--jobs")
        }

        /// The engine these options describe.
        var engine: DedupEngine {
            var engine = DedupEngine(audioThreshold: threshold, midiThreshold: midiThreshold, jobs: jobs)
            engine.audioCandidates = audioCandidates
            return engine
        }

        /// Prints the clusters (text or JSON Lines) and writes the keep and drop lists.
        func show(_ result: DedupResult, failures: Int) throws {
            let output = try LineOutput(path: nil)
            if jsonl {
                let encoder = RecordEncoder()
                for cluster in result.clusters {
                    output.write(try encoder.encode(cluster))
                    output.write("\n")
                }
            } else {
                for cluster in result.clusters {
                    output.write("cluster \(cluster.cluster) (\(cluster.exact ? "exact" : "near")): keep \(TerminalText.escape(cluster.kept)) (\(cluster.keptBecause.rawValue))\n")
                    for pair in cluster.pairs {
                        output.write("  \(pair.reason.rawValue) \(String(format: "%.3f", pair.score))  \(TerminalText.escape(pair.a))  ~  \(TerminalText.escape(pair.b))\n")
                    }
                }
                output.write("\(result.items) items, \(result.clusters.count) clusters, \(result.dropped.count) to drop, \(failures) failed\n")
            }
            output.close()
            for (path, list) in [(keepList, result.kept), (dropList, result.dropped)] {
                guard let path else { continue }
                let file = try LineOutput(path: path)
                for p in list { file.write(TerminalText.escape(p) + "\n") }
                file.close()
            }
        }
    }

    struct Run: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "run",
            abstract: "Analyse the paths and report duplicate clusters (the default: `genki dedup PATH…`).",
            discussion: """
                Clusters identical bytes, identical decoded PCM, identical canonical MIDI, MIDI \
                near-duplicates and audio near-duplicates. With --rank/--world-size (or Slurm / \
                Kubernetes Indexed Job variables) and --partition-dir, analyses only this rank's \
                share of the files and writes its partition instead; `genki dedup merge` joins them. \
                Exit code: 0 done, 1 some files could not be analysed, 2 usage error.
                """
        )

        @OptionGroup var inputs: InputPaths

        @OptionGroup var output: Output

        @Flag(help: "Include hidden files and folders.")
        var includeHidden = false

        @Flag(help: "No progress line, even on a terminal.")
        var quiet = false

        @OptionGroup var isolation: IsolationOptions

        @Option(help: "This worker's rank (default: SLURM_ARRAY_TASK_ID or JOB_COMPLETION_INDEX).")
        var rank: Int?

        @Option(help: "Number of workers (default: SLURM_ARRAY_TASK_COUNT).")
        var worldSize: Int?

        @Option(help: "Folder for partition files (distributed mode).")
        var partitionDir: String?

        @Flag(help: "Also match MIDI files against audio files through their built-in chiptune renders.")
        var crossModal = false

        @Option(help: "Record the analysed files and this run's clusters in this registry database.")
        var registry: String?

        @Option(help: "Registry dataset for --registry.")
        var dataset: String = "default"

        @Option(help: "An earlier index (the partition folder of a finished run) or a registry database: its files count as registered first, and only clusters with new files are reported.")
        var against: String?

        func run() async throws {
            let paths = try inputs.resolved()
            let env = PartitionFile.fromEnvironment(ProcessInfo.processInfo.environment)
            let rank = self.rank ?? (partitionDir != nil ? env.rank : nil)
            let worldSize = self.worldSize ?? (partitionDir != nil ? env.worldSize : nil)
            var partition: (rank: Int, worldSize: Int, directory: URL)?
            if let dir = partitionDir {
                guard let rank, let worldSize, OptionRanges.worldSize.contains(worldSize), (0..<worldSize).contains(rank) else {
                    throw ValidationError("--partition-dir needs --rank R and --world-size W with 0 ≤ R < W (or the scheduler's variables)")
                }
                partition = (rank, worldSize, URL(fileURLWithPath: dir))
                if PartitionFile.isDone(directory: URL(fileURLWithPath: dir), rank: rank, worldSize: worldSize) {
                    print("rank \(rank) of \(worldSize) already done; nothing to do")
                    return
                }
            } else if rank != nil || worldSize != nil {
                throw ValidationError("--rank and --world-size need --partition-dir")
            }
            var options = IngestOptions(profile: .fp, jobs: output.jobs, includeHidden: includeHidden, fingerprints: true)
            options.isolation = isolation.isolation
            options.subtunes = isolation.subtunes
            if let partition {
                options.fileFilter = { PartitionFile.owner(of: $0, worldSize: partition.worldSize) == partition.rank }
            }
            let sink = try registry.map { try RegistrySink(path: $0, dataset: dataset, miner: nil) }
            let progress = TerminalProgress(enabled: !quiet)
            progress.countInBackground(paths: paths, includeHidden: includeHidden)
            let analysis = await DedupPipeline.analyse(paths: paths, options: options, crossModal: crossModal, sink: sink) { progress.advance(audioSeconds: $0) }
            let items = analysis.items
            let failures = analysis.scan.failed.map(\.reason)
            let skipped = analysis.scan.skipped.count
            if let partition {
                progress.finish()
                try sink?.finish()
                try PartitionFile.write(items, directory: partition.directory, rank: partition.rank, worldSize: partition.worldSize)
                print("rank \(partition.rank) of \(partition.worldSize): \(items.count) items written, \(failures.count) failed")
            } else {
                progress.status("matching \(items.count) items for duplicates")
                let reference = try against.map(DedupPipeline.reference)
                let result = try await DedupPipeline.cluster(items, engine: output.engine, against: reference, sink: sink)
                progress.finish()
                try output.show(result, failures: failures.count)
            }
            if skipped > 0 {
                FileHandle.standardError.write(Data("genki: \(skipped) inputs skipped (not audio or MIDI, or a format genki cannot decode); `genki ingest` lists each with its reason\n".utf8))
            }
            if !failures.isEmpty {
                FileHandle.standardError.write(Data("genki: \(failures.count) files could not be analysed (first reason: \(TerminalText.escape(failures[0]))); `genki ingest` lists them\n".utf8))
                throw ExitCode(1)
            }
        }
    }

    struct Merge: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Join the partitions of a distributed run and report duplicate clusters across all of them."
        )

        @Argument(help: "The partition folder.")
        var partitionDir: String

        @Option(help: "Number of workers the run used.")
        var worldSize: Int

        @OptionGroup var output: Output

        func validate() throws {
            try OptionRanges.check(worldSize, OptionRanges.worldSize, "--world-size")
        }

        func run() async throws {
            let items = try PartitionFile.load(directory: URL(fileURLWithPath: partitionDir), worldSize: worldSize)
            try output.show(await DedupPipeline.cluster(items, engine: output.engine, sink: nil), failures: 0)
        }
    }
}

extension DedupEngine.AudioCandidates: ExpressibleByArgument {}
