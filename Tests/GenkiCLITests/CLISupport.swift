import Foundation
import GenkiCore
import GenkiFixtures
import GenkiMIDI

/// The XDG config folder every CLI test runs with (one per test process).
let testConfigHome: String = (try? makeTemporaryDirectory(prefix: "genki-test-config").path) ?? "/nonexistent-genki-config"

struct CommandResult {
    var status: Int32
    var stdout: Data
    var stderr: Data
    var stdoutText: String { String(decoding: stdout, as: UTF8.self) }
    var stderrText: String { String(decoding: stderr, as: UTF8.self) }
}

/// The bound on one command in a test: far beyond any command's time on a loaded machine, so
/// only a command that never ends reaches it (and fails the test instead of stalling the run).
let commandBound: Double = 1_800

/// Runs a program to completion (killed after `timeout` seconds, which only a hang can reach)
/// with the test config folder. The child's end is taken with `waitpid` on this thread
/// (`ChildProcess`), never through a handler that a busy test process could delay.
func run(_ executable: String, _ arguments: [String], timeout: TimeInterval = commandBound, environment: [String: String] = [:]) throws -> CommandResult {
    let outcome = try ChildProcess.run(executable, arguments, environment: testEnvironment(environment), timeout: timeout)
    return CommandResult(status: outcome.status, stdout: Data(outcome.stdout), stderr: Data(outcome.stderr))
}

/// This process's environment with the test config folder (never the user's own, where
/// genki's default secret lives), then `extra`.
func testEnvironment(_ extra: [String: String] = [:]) -> [String: String] {
    ProcessInfo.processInfo.environment.merging(["XDG_CONFIG_HOME": testConfigHome]) { _, new in new }.merging(extra) { _, new in new }
}

func genki(_ arguments: String...) throws -> CommandResult { try run(genkiBinary, arguments) }

func temporaryDirectory() throws -> URL { try makeTemporaryDirectory(prefix: "genki-test") }

/// What ingesting the whole `fixtures/` folder must report.
enum FixtureCounts {
    static let midiParsed = MIDIFixtures.good.count + MIDIFixtures.bad.filter { if case .parses = $0.outcome { return true } else { return false } }.count
    /// Items beyond each chip fixture's first subtune (a PSID states its song count at byte 14).
    static let subtuneItems = ChipFixtures.files.filter { $0.name.hasSuffix(".sid") }.reduce(0) { $0 + Int($1.bytes[14]) << 8 + Int($1.bytes[15]) - 1 }
    static let ok = FixtureSet.audio.count + midiParsed + ChipFixtures.files.count + subtuneItems
    static let failed = FixtureSet.bad.filter { $0.outcome == .error }.count + MIDIFixtures.bad.count - (midiParsed - MIDIFixtures.good.count)
    /// Skipped: the bad fixtures that are not media, plus the golden-vector files (JSON and
    /// their Python generators) under fixtures/bittensor and fixtures/crynux.
    static let skipped =
        FixtureSet.bad.filter { $0.outcome == .skipped }.count
        + ["bittensor", "crynux"].reduce(0) { total, folder in
            total + ((try? FileManager.default.contentsOfDirectory(atPath: repositoryRoot.appendingPathComponent("fixtures/\(folder)").path))?.count ?? 0)
        }
}

/// SMF bytes of a generated piece.
enum GenkiMIDIBytes {
    static func piece(seed: UInt64) -> [UInt8] { SMFWriter().write(GeneratedPiece.make(seed: seed).file()) }
}
