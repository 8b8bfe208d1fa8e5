import ArgumentParser
import Crypto
import Foundation
import GenkiCore
import GenkiIngest
import GenkiPipeline
import GenkiShards

/// `genki shard`: privacy-preserving WebDataset shards for training.
struct ShardCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "shard",
        abstract: "Write privacy-preserving WebDataset shards (ingest + dedup first).",
        subcommands: [Write.self, Verify.self, Unpack.self, Keygen.self, Open.self],
        defaultSubcommand: Write.self
    )

    struct Write: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "write",
            abstract: "Ingest, drop duplicates, and write NAME-%06d.tar shards with a manifest, SHA256SUMS, dataset.json and croissant.json.",
            discussion: "Exit code: 0 done, 1 some inputs were not written (see --report), 2 usage error."
        )
        @OptionGroup var inputs: InputPaths
        @Option(help: "Output folder.") var out: String
        @Option(help: "Secret file every sample key derives from (created with mode 0600 on first use; default: $XDG_CONFIG_HOME/genki/secret or ~/.config/genki/secret).") var secretFile: String?
        @Option(help: "Profile of the written audio: genki (44.1 kHz) or clap (48 kHz).") var profile: IngestProfile = .genki
        @Option(help: "Dataset name (shard file prefix).") var name: String = "genki"
        @Option(help: "Samples per shard at most.") var maxSamples: Int = 1_000
        @Option(help: "Bytes per shard at most.") var maxBytes: Int = 1 << 30
        @Option(help: "Cut pieces into clips of this many seconds instead of dropping pieces under 30 s.") var clip: Double?
        @Flag(help: "Add KEY.mid (canonical, metadata-free) for MIDI files.") var includeMidi = false
        @Flag(help: "Render MIDI files to KEY.wav with the built-in chiptune renderer.") var renderMidi = false
        @Flag(help: "Add the tracker module each render came from, metadata-free (KEY.mod, KEY.xm, KEY.s3m, KEY.it), where genki can blank every text field of it.") var includeSource =
            false
        @Flag(help: "Keep duplicates instead of dropping them.") var keepDuplicates = false
        @Flag(help: "Write KEY.flac (16-bit FLAC) instead of KEY.wav.") var flac = false
        @Option(help: "Seal the shards for this recipient (a file holding an X25519 public key, hex; see `genki shard keygen`).") var encryptTo: String?
        @Option(help: "Write a local report of dropped and failed inputs (with paths) to this file.") var report: String?
        @Option(help: "Parallel jobs.") var jobs: Int = ProcessInfo.processInfo.activeProcessorCount
        @Flag(help: "No progress line, even on a terminal.") var quiet = false
        @Flag(help: "Print the run's summary as one JSON object (schemas/shard-summary.schema.json) instead of text.") var json = false
        @Option(help: "Record the sources of the written samples in this registry database (created if missing), so `genki audit sketch` covers what was sharded.") var registry: String?
        @Option(help: "Registry dataset for --registry (default: the --name).") var dataset: String?
        @Option(help: "Miner hotkey owning the dataset (recorded on first use).") var miner: String?
        @OptionGroup var isolation: IsolationOptions

        func validate() throws {
            guard profile != .fp else { throw ValidationError("shards carry training audio: use --profile genki or clap") }
            try OptionRanges.check(maxSamples, OptionRanges.shardSamples, "--max-samples")
            try OptionRanges.check(maxBytes, OptionRanges.shardBytes, "--max-bytes")
            try OptionRanges.check(jobs, OptionRanges.jobs, "--jobs")
            if let clip { try OptionRanges.check(clip, ShardOptions.clipRange, "--clip") }
            if let problem = ShardOptions.nameProblem(name) { throw ValidationError("--name: \(problem)") }
        }

        func run() async throws {
            let paths = try inputs.resolved()
            guard let secretPath = secretFile ?? ShardSecret.defaultPath() else {
                throw CLIFailure("no place for the secret file: set HOME or XDG_CONFIG_HOME, or pass --secret-file")
            }
            let secret: ShardSecret
            do {
                let loaded = try ShardSecret.load(path: secretPath, createFolder: secretFile == nil)
                secret = loaded.secret
                if loaded.created {
                    FileHandle.standardError.write(
                        Data(
                            "genki: created the secret file \(TerminalText.escape(secretPath)) (mode 0600). Every sample key derives from it: keep it and back it up; another secret gives other keys.\n"
                                .utf8))
                }
            } catch {
                throw CLIFailure("\(TerminalText.escape(secretPath)): \(error.description)")
            }
            var options = ShardOptions()
            options.name = name
            options.profile = profile
            options.maxSamples = maxSamples
            options.maxBytes = maxBytes
            options.clipSeconds = clip
            options.includeMIDI = includeMidi
            options.renderMIDI = renderMidi
            options.includeSource = includeSource
            options.keepDuplicates = keepDuplicates
            options.flac = flac
            options.jobs = jobs
            options.isolation = isolation.isolation
            options.subtunes = isolation.subtunes
            let progress = TerminalProgress(enabled: !quiet)
            progress.countInBackground(paths: paths, includeHidden: false)
            options.progress = { step in
                switch step {
                case .analysed(let seconds): progress.advance(audioSeconds: seconds)
                case .matching(let items): progress.status("matching \(items) inputs for duplicates")
                case .cutting(let done, let total): progress.status("cutting clips: \(done) of \(total) sources")
                case .writing(let done, let total): progress.status("writing samples: \(done) of \(total)")
                }
            }
            let outURL = URL(fileURLWithPath: out)
            let result: ShardReport
            do {
                result = try await ShardPipeline.build(paths: paths, out: outURL, secret: secret, options: options)
                if let encryptTo {
                    guard let text = FileManager.default.contents(atPath: encryptTo) else { throw CLIFailure("cannot read the recipient key file") }
                    try ShardEncryption.seal(directory: outURL, name: name, recipientPublicKey: String(decoding: text, as: UTF8.self))
                }
            } catch {
                progress.finish()
                throw error
            }
            progress.finish()
            var recorded: String?
            if let registry {
                let sink = try RegistrySink(path: registry, dataset: dataset ?? name, miner: miner)
                for record in result.shardedSources { sink.add(record) }
                try sink.finish()
                recorded = "\(result.shardedSources.count) sharded sources recorded in registry dataset \(TerminalText.escape(dataset ?? name))"
            }
            if let report {
                let file = try LineOutput(path: report)
                for (path, reason) in result.failed { file.write("failed\t\(TerminalText.escape(reason))\t\(TerminalText.escape(path))\n") }
                for path in result.duplicates { file.write("duplicate\t\(TerminalText.escape(path))\n") }
                for path in result.tooShort { file.write("too-short\t\(TerminalText.escape(path))\n") }
                for (path, reason) in result.skipped { file.write("skipped\t\(TerminalText.escape(reason))\t\(TerminalText.escape(path))\n") }
                for path in result.midiLeftOut { file.write("midi-left-out\t\(TerminalText.escape(path))\n") }
                for path in result.sourceLeftOut { file.write("source-left-out\t\(TerminalText.escape(path))\n") }
                file.close()
            }
            if json {
                let data = (try? RecordEncoder().encode(ShardRunSummary(result))) ?? Data("{}".utf8)
                print(String(decoding: data, as: UTF8.self))
            } else {
                for line in ShardSummary.lines(result) { print(line) }
                if let recorded { print(recorded) }
            }
            if let nothing = ShardSummary.nothingWritten(result, clipping: clip != nil) { throw CLIFailure(nothing) }
            if !result.failed.isEmpty { throw ExitCode(1) }
        }
    }

    struct Verify: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Check a shard folder against genki's layout, trusting none of its claims (exit 1 on failure).",
            discussion:
                "Recomputes every member digest, size and duration, the card's counts and Merkle root, and checks tar headers, trailing data, stray files, sidecar fields and media members. Each problem names the file, the member and what is wrong."
        )
        @Argument(help: "Shard folder.") var directory: String
        func run() async throws {
            let result = ShardVerifier.verify(directory: URL(fileURLWithPath: directory))
            for p in result.problems { print("problem: \(p)") }
            print("\(result.shards) shards, \(result.samples) samples: \(result.passed ? "ok" : "FAILED")")
            if !result.passed { throw ExitCode(1) }
        }
    }

    struct Unpack: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Write the flat NAME.wav + NAME.json folder the upstream trainer reads (FLAC shards are decoded to WAV).",
            discussion:
                "The shard folder must pass `genki shard verify` first (exit 1 naming the problem otherwise). The output is written in a temporary folder beside OUT and renamed only when complete; OUT must not exist or be empty."
        )
        @Argument(help: "Shard folder.") var directory: String
        @Argument(help: "Output folder (absent or empty).") var out: String
        @Flag(help: "Write FLAC members as KEY.flac instead of decoding them to KEY.wav (the trainer lists only .wav).") var flac = false
        func run() async throws {
            let n = try ShardUnpacker.unpack(directory: URL(fileURLWithPath: directory), to: URL(fileURLWithPath: out), keepFLAC: flac)
            print("\(n) samples unpacked")
        }
    }

    struct Keygen: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Create a recipient key pair for --encrypt-to (private key file mode 0600).")
        @Option(help: "Private key file to create.") var privateKey: String
        @Option(help: "Public key file to create.") var publicKey: String
        func run() async throws {
            let (priv, pub) = ShardSealer.newRecipient()
            try PrivateKeyFile.create(path: privateKey, text: priv + "\n")
            let file = try LineOutput(path: publicKey)
            file.write(pub + "\n")
            file.close()
        }
    }

    struct Open: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Decrypt a sealed shard folder into a plain, verified one.",
            discussion:
                "Refuses (exit 1, nothing written) a folder whose shards were dropped, added, swapped or changed, or whose clear files were rewritten, and a private key file that group or others can read (chmod 600). The output is written in a temporary folder beside OUT and renamed only when complete and verified."
        )
        @Argument(help: "Sealed shard folder.") var directory: String
        @Option(help: "Recipient private key file (mode 0600).") var key: String
        @Option(help: "Output folder (absent or empty).") var out: String
        func run() async throws {
            let privateKey = try PrivateKeyFile.read(path: key)
            let n = try ShardEncryption.open(directory: URL(fileURLWithPath: directory), privateKey: privateKey, to: URL(fileURLWithPath: out))
            print("\(n) shards opened")
        }
    }
}
