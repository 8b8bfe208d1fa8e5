import ArgumentParser
import Foundation
import GenkiAudit
import GenkiIngest
import GenkiModel
import GenkiRegistry
import GenkiScoring

/// `genki audit`: sketches (miner), audits and spot-checks (validator).
struct AuditCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "audit",
        abstract: "Judge a miner's dataset novelty from keyed sketches, and spot-check them.",
        subcommands: [Run.self, MakeSketch.self, ChallengeCommand.self, Respond.self, Verify.self],
        defaultSubcommand: Run.self
    )

    struct RoundOptions: ParsableArguments {
        @Option(help: "Audit round identifier.") var round: String
        @Option(help: "The round's public seed (e.g. a block hash).") var seed: String
        var key: RoundKey { RoundKey(round: round, seed: seed) }
    }

    static func readJSON<T: Decodable>(_ type: T.Type, _ path: String) throws -> T {
        guard let data = FileManager.default.contents(atPath: path) else { throw CLIFailure("cannot read an input file") }
        do { return try JSONDecoder().decode(T.self, from: data) } catch { throw CLIFailure("input is not a valid \(T.self)") }
    }

    static func write<T: Encodable>(_ value: T, to path: String?) throws {
        let output = try LineOutput(path: path)
        output.write(try RecordEncoder().encode(value))
        output.write("\n")
        output.close()
    }

    struct Run: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "run",
            abstract: "Validator: audit sketches (in submission order) against the registry; record and print reports."
        )
        @Option(help: "Validator registry.") var registry: String
        @OptionGroup var roundOptions: RoundOptions
        @Argument(help: "Sketch files, earliest submission first.") var sketches: [String]
        func run() async throws {
            let reg = try RegistryCommand.open(registry)
            let loaded = try sketches.map { try AuditCommand.readJSON(Sketch.self, $0) }
            let reports = try Auditor.audit(sketches: loaded, registry: reg, key: roundOptions.key)
            for r in reports { try reg.recordAudit(r.row) }
            for r in reports { print(String(decoding: try RecordEncoder().encode(r), as: UTF8.self)) }
            if reports.contains(where: { $0.verdict != .pass }) { throw ExitCode(1) }
        }
    }

    struct MakeSketch: AsyncParsableCommand {
        static let configuration = CommandConfiguration(commandName: "sketch", abstract: "Miner: publish the keyed sketch of a dataset.")
        @Option(help: "Miner registry.") var registry: String
        @Option(help: "Dataset to sketch.") var dataset: String = "default"
        @Option(help: "Miner hotkey.") var miner: String
        @OptionGroup var roundOptions: RoundOptions
        @Option(help: "Output file (default stdout).") var out: String?
        func run() async throws {
            let reg = try RegistryCommand.open(registry)
            let id = try reg.dataset(named: dataset)
            let sketch = Sketch(items: try reg.items(dataset: id), miner: miner, key: roundOptions.key)
            if let problem = sketch.landmarkProblem {
                throw CLIFailure(
                    "\(problem): validators fail such a sketch; ingest the audio with fingerprints "
                        + "(genki ingest --profile fp --fingerprint) and sketch again")
            }
            try reg.recordVersion(dataset: id, items: sketch.items, durationSeconds: sketch.durationSeconds, merkleRoot: sketch.merkleRoot)
            try AuditCommand.write(sketch, to: out)
        }
    }

    struct ChallengeCommand: AsyncParsableCommand {
        static let configuration = CommandConfiguration(commandName: "challenge", abstract: "The spot-check indices for a sketch.")
        @Option(help: "Sketch file.") var sketch: String
        @Option(help: "Public challenge seed (published after the sketch).") var challengeSeed: String
        @Option(help: "Items to spot-check.") var count: Int = 8
        func validate() throws { try OptionRanges.check(count, OptionRanges.spotChecks, "--count") }
        func run() async throws {
            let s = try AuditCommand.readJSON(Sketch.self, sketch)
            print(Challenge.indices(seed: challengeSeed, sketch: s, count: count).map(String.init).joined(separator: ","))
        }
    }

    struct Respond: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Miner: answer a spot-check with fingerprints and Merkle proofs.")
        @Option(help: "Miner registry.") var registry: String
        @Option(help: "Dataset the sketch was built from.") var dataset: String = "default"
        @Option(help: "The published sketch.") var sketch: String
        @OptionGroup var roundOptions: RoundOptions
        @Option(help: "Public challenge seed.") var challengeSeed: String
        @Option(help: "Items to spot-check.") var count: Int = 8
        func validate() throws { try OptionRanges.check(count, OptionRanges.spotChecks, "--count") }
        @Option(help: "Output file (default stdout).") var out: String?
        func run() async throws {
            let reg = try RegistryCommand.open(registry)
            let s = try AuditCommand.readJSON(Sketch.self, sketch)
            do {
                let items = try reg.items(dataset: try reg.dataset(named: dataset))
                let response = try AuditResponse(sketch: s, items: items, seed: challengeSeed, count: count, key: roundOptions.key)
                try AuditCommand.write(response, to: out)
            } catch let e as AuditError {
                throw CLIFailure(e.description)
            } catch let e as RegistryError {
                throw CLIFailure(e.description)
            }
        }
    }

    struct Verify: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Validator: check a spot-check response (exit 1 when it fails).")
        @Option(help: "The published sketch.") var sketch: String
        @Option(help: "The miner's response.") var response: String
        @OptionGroup var roundOptions: RoundOptions
        @Option(help: "Public challenge seed.") var challengeSeed: String
        @Option(help: "Items to spot-check.") var count: Int = 8
        func validate() throws { try OptionRanges.check(count, OptionRanges.spotChecks, "--count") }
        func run() async throws {
            let s = try AuditCommand.readJSON(Sketch.self, sketch)
            let r = try AuditCommand.readJSON(AuditResponse.self, response)
            let v = Verification.verify(response: r, sketch: s, seed: challengeSeed, count: count, key: roundOptions.key)
            print(String(decoding: try RecordEncoder().encode(v), as: UTF8.self))
            if !v.passed { throw ExitCode(1) }
        }
    }
}

/// `genki score`: scores from a round's audits, written to the registry and printed.
struct ScoreCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "score",
        abstract: "Score miners from a round's audits (novelty × quality × diversity × volume)."
    )
    @Option(help: "Validator registry.") var registry: String
    @Option(help: "Audit round.") var round: String
    @Flag(help: "JSON Lines (schema: schemas/score.schema.json).") var jsonl = false
    func run() async throws {
        let reg = try RegistryCommand.open(registry)
        let scores = try reg.audits(round: round).map(Scorer.score)
        try reg.recordScores(scores)
        for s in scores {
            if jsonl {
                print(String(decoding: try RecordEncoder().encode(ScoreLine(s)), as: UTF8.self))
            } else {
                print(
                    String(
                        format: "%@  score %.4f  novelty %.3f  quality %.3f  diversity %.3f  volume %.3f",
                        s.miner, s.score, s.novelty, s.quality, s.diversity, s.volume))
            }
        }
    }
}

/// One line of `genki score --jsonl`.
struct ScoreLine: Codable {
    var schema = "genki.score/1"
    var round: String, miner: String
    var novelty: Double, quality: Double, diversity: Double, volume: Double, score: Double
    init(_ s: ScoreRow) {
        round = s.round
        miner = s.miner
        novelty = s.novelty
        quality = s.quality
        diversity = s.diversity
        volume = s.volume
        score = s.score
    }
}
