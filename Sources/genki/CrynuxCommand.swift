import ArgumentParser
import Crypto
import Foundation
import GenkiCore
import GenkiCrynux
import GenkiFingerprint
import GenkiIngest

/// `genki crynux`: submit training or evaluation tasks to Crynux through a bridge.
struct CrynuxCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "crynux",
        abstract: "Submit tasks to the Crynux network through a bridge, follow them, fetch results.",
        subcommands: [Keygen.self, Submit.self, Status.self, Wait.self, Fetch.self]
    )

    struct Connection: ParsableArguments {
        @Option(help: "Bridge base URL.") var bridge: String
        @Option(help: "File holding the client's secp256k1 private key (hex, mode 0600; see `genki crynux keygen`).") var keyFile: String
        @Option(help: "Retries on 5xx and network errors.") var retries: Int = 4
        @Option(help: "Seconds per HTTP request.") var requestTimeout: Double = 30

        func validate() throws {
            try OptionRanges.check(retries, OptionRanges.retries, "--retries")
            try OptionRanges.check(requestTimeout, OptionRanges.requestSeconds, "--request-timeout")
        }

        func client() throws -> BridgeClient {
            guard let url = URL(string: bridge), url.scheme == "http" || url.scheme == "https" else { throw ValidationError("--bridge must be an http(s) URL") }
            var info = stat()
            guard stat(keyFile, &info) == 0 else { throw CLIFailure("cannot read the key file") }
            guard info.st_mode & 0o077 == 0 else { throw CLIFailure("the key file is readable by group or others; chmod 600 it") }
            guard let data = FileManager.default.contents(atPath: keyFile) else { throw CLIFailure("cannot read the key file") }
            let signer = try RelaySigner(privateKeyHex: String(decoding: data, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines))
            return BridgeClient(baseURL: url, signer: signer, retries: retries, requestTimeout: requestTimeout)
        }
    }

    static func show(_ info: TaskInfo, json: Bool) throws {
        if json {
            print(String(decoding: try RecordEncoder().encode(info), as: UTF8.self))
        } else {
            print("task \(info.id) (client \(info.clientID)): \(info.status)")
        }
    }

    struct Keygen: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Create a client key file (mode 0600) and print its address.")
        @Option(help: "Key file to create.") var out: String
        func run() async throws {
            var key: RelaySigner?
            var hexKey = ""
            while key == nil {
                hexKey = SymmetricKey(size: .bits256).withUnsafeBytes { Hex.encode($0) }
                key = try? RelaySigner(privateKeyHex: hexKey)
            }
            try PrivateKeyFile.create(path: out, text: hexKey + "\n")
            print(key?.address ?? "")
        }
    }

    struct Submit: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Create a task. Re-running the same submission returns the same task (its client task id derives from the request)."
        )
        @OptionGroup var connection: Connection
        @Option(help: "Task type number (Crynux has no music fine-tune type yet: pass the one your bridge uses).") var taskType: Int
        @Option(help: "Task arguments, a JSON string.") var taskArgs: String?
        @Option(help: "Instead of --task-args: a `genki shard` folder for the musicgen-finetune template.") var shards: String?
        @Option(help: "Where the shard folder is published (with --shards).") var datasetURL: String?
        @Option(help: "Client id.") var clientID: String = "genki"
        @Option(help: "Client task id (default: derived from the request, so re-submission is idempotent).") var clientTaskID: String?
        @Option var taskVersion: String = "2.5.0"
        @Option var minVram: Int = 24
        @Option var repeatNum: Int = 1
        @Option(help: "Task fee in GWei.") var taskFee: Int = 6_000_000_000
        @Option(help: "Task timeout in seconds.") var timeout: Int = 3_600

        func validate() throws {
            try OptionRanges.check(taskType, 0...1_000_000, "--task-type")
            try OptionRanges.check(minVram, 1...4_096, "--min-vram")
            try OptionRanges.check(repeatNum, 1...1_000, "--repeat-num")
            try OptionRanges.check(taskFee, 0...Int.max, "--task-fee")
            try OptionRanges.check(timeout, 1...(30 * 86_400), "--timeout")
        }
        @Flag var json = false

        func run() async throws {
            let args: String
            if let taskArgs {
                guard (try? JSONSerialization.jsonObject(with: Data(taskArgs.utf8))) != nil else { throw ValidationError("--task-args must be JSON") }
                args = taskArgs
            } else if let shards, let datasetURL {
                args = try MusicGenFinetune.taskArgs(shardFolder: URL(fileURLWithPath: shards), datasetURL: datasetURL)
            } else {
                throw ValidationError("give --task-args, or --shards with --dataset-url")
            }
            let identity = clientTaskID ?? TaskRequest.derivedClientTaskID(clientID: clientID, taskType: taskType, taskVersion: taskVersion, taskArgs: args)
            let request = TaskRequest(
                clientID: clientID, clientTaskID: identity, taskArgs: args, taskType: taskType, taskVersion: taskVersion,
                minVram: minVram, repeatNum: repeatNum, taskFee: taskFee, timeout: timeout)
            let client = try connection.client()
            try CrynuxCommand.show(try await client.create(request), json: json)
        }
    }

    struct Status: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Show a task's status.")
        @OptionGroup var connection: Connection
        @Option var clientID: String = "genki"
        @Option(help: "Task id (from submit).") var task: Int
        func validate() throws { try OptionRanges.check(task, 0...Int.max, "--task") }
        @Flag var json = false
        func run() async throws {
            let client = try connection.client()
            try CrynuxCommand.show(try await client.status(clientID: clientID, taskID: task), json: json)
        }
    }

    struct Wait: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Wait until a task ends (exit 1 if it ends without a result or the timeout passes).")
        @OptionGroup var connection: Connection
        @Option var clientID: String = "genki"
        @Option(help: "Task id (from submit).") var task: Int
        @Option(help: "Seconds between polls.") var poll: Double = 5
        @Option(help: "Seconds to wait at most.") var timeout: Double = 7_200
        func validate() throws {
            try OptionRanges.check(task, 0...Int.max, "--task")
            try OptionRanges.check(poll, OptionRanges.pollSeconds, "--poll")
            try OptionRanges.check(timeout, OptionRanges.waitSeconds, "--timeout")
        }
        @Flag var json = false
        func run() async throws {
            let client = try connection.client()
            let progress = TerminalProgress(enabled: true)
            defer { progress.finish() }
            let info = try await client.wait(clientID: clientID, taskID: task, poll: poll, timeout: timeout) { info in
                progress.status("task \(info.id): \(info.status)")
            }
            try CrynuxCommand.show(info, json: json)
        }
    }

    struct Fetch: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Download one result of a finished task.")
        @OptionGroup var connection: Connection
        @Option var clientID: String = "genki"
        @Option(help: "Task id (from submit).") var task: Int
        @Option(help: "Result index.") var index: Int = 0
        func validate() throws {
            try OptionRanges.check(task, 0...Int.max, "--task")
            try OptionRanges.check(index, 0...1_000_000, "--index")
        }
        @Option(help: "Output file.") var out: String
        func run() async throws {
            let client = try connection.client()
            let data = try await client.result(clientID: clientID, taskID: task, index: index)
            let file = try LineOutput(path: out)
            file.write(data)
            file.close()
            print("\(data.count) bytes written")
        }
    }
}
