import ArgumentParser
import Foundation
import GenkiDedup
import GenkiFingerprint
import GenkiIngest
import GenkiRegistry
import GenkiMIDI

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

        /// Clusters the items (against an earlier index when given) and prints the report and lists.
        @discardableResult
        func report(_ items: [DedupItem], failures: [String], against reference: [DedupItem]? = nil, progress: TerminalProgress? = nil) async throws -> DedupResult {
            var engine = DedupEngine(audioThreshold: threshold, midiThreshold: midiThreshold, jobs: jobs)
            engine.audioCandidates = audioCandidates
            let result: DedupResult
            if let reference {
                result = await engine.run(items, against: reference)
            } else {
                result = await engine.run(items)
            }
            progress?.finish()
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
                output.write("\(result.items) items, \(result.clusters.count) clusters, \(result.dropped.count) to drop, \(failures.count) failed\n")
            }
            output.close()
            for (path, list) in [(keepList, result.kept), (dropList, result.dropped)] {
                guard let path else { continue }
                let file = try LineOutput(path: path)
                for p in list { file.write(TerminalText.escape(p) + "\n") }
                file.close()
            }
            return result
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

        /// The items of an earlier index: a finished partition folder, or a registry database
        /// (its items with stored fingerprints, in registration order).
        static func reference(_ path: String) throws -> [DedupItem] {
            var isDirectory: ObjCBool = false
            if FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory), !isDirectory.boolValue {
                do {
                    return try Registry(path: path, migrate: false).items().map { s in
                        var item = DedupItem(
                            path: s.path, kind: s.kind == "midi" ? .midi : .audio, fileHash: s.fileXXH3, contentHash: s.contentXXH3,
                            durationSeconds: s.durationSeconds, quality: s.quality, registeredAt: s.registeredAt
                        )
                        if case .chroma(let f)? = s.fingerprint { item.audio = f }
                        if case .symbolic(let f)? = s.fingerprint { item.symbolic = f }
                        return item
                    }
                } catch {
                    throw CLIFailure(error.description)
                }
            }
            let directory = URL(fileURLWithPath: path)
            guard let size = PartitionFile.finishedWorldSize(directory: directory) else {
                throw CLIFailure("--against needs a registry database or the folder of a finished run (part-R-of-W.done markers)")
            }
            do {
                return try PartitionFile.load(directory: directory, worldSize: size)
            } catch let failure as PartitionFile.Failure {
                throw CLIFailure(failure.description)
            }
        }

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
            if let partition {
                options.fileFilter = { PartitionFile.owner(of: $0, worldSize: partition.worldSize) == partition.rank }
            }
            var items: [DedupItem] = []
            var failures: [String] = []
            let sink: RegistrySink?
            do {
                sink = try registry.map { try RegistrySink(path: $0, dataset: dataset, miner: nil) }
            } catch let error as RegistryError {
                throw CLIFailure(error.description)
            }
            let progress = TerminalProgress(enabled: !quiet)
            progress.countInBackground(paths: paths, includeHidden: includeHidden)
            var skipped = 0
            _ = await IngestRunner.run(paths: paths, options: options) { outcome in
                guard case .record(let record) = outcome else {
                    skipped += 1
                    progress.advance(audioSeconds: 0)
                    return
                }
                progress.advance(audioSeconds: record.format?.durationSeconds ?? 0)
                sink?.add(record)
                if var item = DedupItem(record: record) {
                    if crossModal && item.kind == .midi { item.rendered = CrossModal.renderFingerprint(path: item.path) }
                    items.append(item)
                } else if !record.isOK {
                    failures.append(record.reason ?? "unknown")
                }
            }
            if partition == nil { progress.status("matching \(items.count) items for duplicates") }
            if let partition {
                progress.finish()
                try PartitionFile.write(items, directory: partition.directory, rank: partition.rank, worldSize: partition.worldSize)
                print("rank \(partition.rank) of \(partition.worldSize): \(items.count) items written, \(failures.count) failed")
            } else {
                var result: DedupResult
                if let against {
                    result = try await output.report(items, failures: failures, against: try Self.reference(against), progress: progress)
                } else {
                    result = try await output.report(items, failures: failures, progress: progress)
                }
                if let sink {
                    sink.flush()
                    if let failure = sink.failure { throw CLIFailure(failure.description) }
                    do {
                        try sink.registry.recordDedupRun(
                            dataset: sink.dataset, items: result.items,
                            clusters: result.clusters.map { c in (c.cluster, c.members.map { ($0.path, $0.role == "kept") }) },
                            dropped: result.dropped.count, audioThreshold: output.threshold, midiThreshold: output.midiThreshold
                        )
                    } catch {
                        throw CLIFailure(error.description)
                    }
                }
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
            let items: [DedupItem]
            do {
                items = try PartitionFile.load(directory: URL(fileURLWithPath: partitionDir), worldSize: worldSize)
            } catch let failure as PartitionFile.Failure {
                throw CLIFailure(failure.description)
            }
            try await output.report(items, failures: [])
        }
    }
}

extension DedupEngine.AudioCandidates: ExpressibleByArgument {}
