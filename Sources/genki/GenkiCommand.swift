import ArgumentParser
import Foundation
import GenkiCore
import Logging

/// The `genki` command line: argument parsing and printing only; the work lives in the libraries.
@main
struct GenkiCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "genki",
        abstract: "Turn music collections into training data a decentralized network can trust.",
        version: GenkiVersion.string,
        subcommands: [
            IngestCommand.self, DedupCommand.self, MIDICommand.self, RegistryCommand.self, AuditCommand.self, ScoreCommand.self, ShardCommand.self, WeightsCommand.self, CrynuxCommand.self,
            WorkerCommand.self,
        ]
    )

    /// Exit codes: 0 all good, 1 some inputs failed, 2 usage error.
    static func main() async {
        LoggingSystem.bootstrap { StreamLogHandler.standardError(label: $0) }
        do {
            var command = try parseAsRoot()
            if var asyncCommand = command as? AsyncParsableCommand {
                try await asyncCommand.run()
            } else {
                try command.run()
            }
        } catch {
            // Whatever stdout holds goes out before the error, so the two read in order.
            fflush(nil)
            let code = exitCode(for: error)
            if code == .validationFailure {
                FileHandle.standardError.write(Data((fullMessage(for: error) + "\n").utf8))
                Foundation.exit(2)
            }
            // Every genki error (library or CLI) is one sentence, exit 1.
            if let failure = error as? any GenkiError {
                FileHandle.standardError.write(Data("genki: \(failure.description)\n".utf8))
                Foundation.exit(1)
            }
            exit(withError: error)
        }
    }
}

/// The version genki reports and writes into its outputs.
enum GenkiVersion {
    static let string = "0.1.0"
}
