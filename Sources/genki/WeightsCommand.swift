import ArgumentParser
import Foundation
import GenkiBittensor
import GenkiIngest
import GenkiRegistry

/// `genki weights`: scores → Bittensor weights (SDK-exact), and their submission.
struct WeightsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "weights",
        abstract: "Turn scores into Bittensor weights exactly as the SDK emits them, and submit them.",
        subcommands: [SetWeights.self, Normalize.self, VerifyCommitment.self]
    )

    struct Normalize: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Print the (uids, u16 weights) the SDK emits for float weights.")
        @Option(help: "Comma-separated uids.") var uids: String
        @Option(help: "Comma-separated float weights.") var weights: String
        @Flag(help: "JSON output.") var json = false
        func run() async throws {
            let u = uids.split(separator: ",").compactMap { Int64($0.trimmingCharacters(in: .whitespaces)) }
            let w = weights.split(separator: ",").compactMap { Float($0.trimmingCharacters(in: .whitespaces)) }
            guard u.count == uids.split(separator: ",").count, w.count == weights.split(separator: ",").count else {
                throw ValidationError("--uids must be integers and --weights numbers, comma-separated")
            }
            let emitted = try WeightEmitter.convertForEmit(uids: u, weights: w)
            if json {
                print(String(decoding: try RecordEncoder().encode(WeightsDocument.Emit(uids: emitted.uids, weights: emitted.weights)), as: UTF8.self))
            } else {
                print("uids \(emitted.uids.map(String.init).joined(separator: ","))")
                print("weights \(emitted.weights.map(String.init).joined(separator: ","))")
            }
        }
    }

    struct SetWeights: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "set",
            abstract: "Write weights.json from a round's scores and, unless --dry-run, submit it with the official SDK.",
            discussion: "Exit code 1 with a typed reason on: rate limit (too soon), no validator permit, version key, unreachable endpoint, rejection, timeout."
        )
        @Option(help: "Validator registry.") var registry: String
        @Option(help: "Subnet uid.") var netuid: Int
        @Option(help: "Scored round.") var round: String
        @Option(help: "JSON file mapping miner hotkeys to uids ({\"5F…\": 3, …}), e.g. from the metagraph.") var uidMap: String
        @Option(help: "Weights version key.") var versionKey: Int = 0
        @Option(help: "Where to write weights.json.") var out: String = "weights.json"
        @Flag(help: "Write weights.json only.") var dryRun = false
        @Option(help: "Python with the bittensor SDK.") var python: String = ".venv-bittensor/bin/python"
        @Option(help: "The SDK submitter script.") var submitter: String = "tools/bittensor_submit.py"
        @Option(help: "Subtensor network or endpoint.") var network: String = "finney"
        @Option(help: "Wallet name (the SDK reads it; genki never does).") var walletName: String = "default"
        @Option(help: "Wallet hotkey name.") var walletHotkey: String = "default"
        @Option(help: "Seconds to wait for the submitter.") var timeout: Double = 300

        func validate() throws {
            try OptionRanges.check(netuid, 0...65_535, "--netuid")
            try OptionRanges.check(versionKey, 0...Int.max, "--version-key")
            try OptionRanges.check(timeout, OptionRanges.requestSeconds, "--timeout")
        }

        func run() async throws {
            let reg = try RegistryCommand.open(registry)
            guard let data = FileManager.default.contents(atPath: uidMap),
                let raw = try? JSONSerialization.jsonObject(with: data) as? [String: Any]
            else {
                throw CLIFailure("the uid map is not a JSON object of hotkey → uid")
            }
            let map = raw.compactMapValues { ($0 as? NSNumber)?.int64Value }
            let scores = try reg.scores(round: round)
            let document: WeightsDocument
            do {
                document = try WeightsDocument(scores: scores, uids: map, netuid: netuid, round: round, versionKey: versionKey)
            } catch {
                throw CLIFailure("no weights to set: \(error.description)")
            }
            let file = try LineOutput(path: out)
            file.write(try RecordEncoder().encode(document))
            file.write("\n")
            file.close()
            print("weights: \(document.emit.uids.count) uids (\(document.unmapped.count) hotkeys without a uid)")
            if dryRun { return }
            let message = try WeightSubmitter.submit(
                weightsFile: out, python: python, script: submitter,
                arguments: ["--network", network, "--wallet-name", walletName, "--wallet-hotkey", walletHotkey], timeout: timeout
            )
            print("submitted: \(message)")
        }
    }
}

extension WeightsCommand {
    struct VerifyCommitment: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "verify-commitment",
            abstract: "Check a miner's model commitment (namespace:name:commit:secure_hash:competition_id) against its model files."
        )
        @Option(help: "The commitment string read from the chain.") var commitment: String
        @Option(help: "The miner's hotkey.") var hotkey: String
        @Option(help: "The downloaded model folder.") var modelDir: String
        func run() async throws {
            guard let parsed = ModelCommitment(commitment) else { throw CLIFailure("the commitment is not namespace:name:commit:secure_hash:competition_id") }
            let directoryHash: String
            do { directoryHash = try ModelCommitment.directoryHash(URL(fileURLWithPath: modelDir)) } catch { throw CLIFailure("the model folder cannot be read") }
            let expected = ModelCommitment.secureHash(directoryHash: directoryHash, hotkey: hotkey)
            print("directory hash \(directoryHash)")
            print("secure hash    \(expected) (commitment: \(parsed.secureHash))")
            guard expected == parsed.secureHash else { throw CLIFailure("the model files and hotkey do not match the commitment") }
            print("ok: \(parsed.namespace)/\(parsed.name) at \(parsed.commit), competition \(parsed.competitionID)")
        }
    }
}
