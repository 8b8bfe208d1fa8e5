import Foundation
import GenkiCore

/// Runs a peer tool or a child bench to its end through `ChildProcess` (spawned with
/// `posix_spawn`, its end taken with `waitpid` on this thread, as the tests run genki): its
/// standard output is captured, its standard error passed on to genki-bench's own.
enum PeerProcess {
    /// How a run ended and what it wrote on standard output.
    struct Result {
        /// Exited with status 0.
        var succeeded: Bool
        var stdout: String
    }

    static func run(_ executable: String, _ arguments: [String]) throws -> Result {
        let outcome = try ChildProcess.run(executable, arguments)
        if !outcome.stderr.isEmpty { FileHandle.standardError.write(Data(outcome.stderr)) }
        return Result(succeeded: outcome.signal == nil && outcome.status == 0, stdout: String(decoding: outcome.stdout, as: UTF8.self))
    }
}
