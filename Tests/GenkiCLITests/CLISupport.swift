import Foundation
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

enum CommandFailure: Error {
    case timedOut(String)
}

/// Runs a program to completion (bounded by `timeout` seconds); stdout and stderr go to files.
func run(_ executable: String, _ arguments: [String], timeout: TimeInterval = 120, environment: [String: String] = [:]) throws -> CommandResult {
    let dir = try temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: dir) }
    let outURL = dir.appendingPathComponent("stdout")
    let errURL = dir.appendingPathComponent("stderr")
    FileManager.default.createFile(atPath: outURL.path, contents: nil)
    FileManager.default.createFile(atPath: errURL.path, contents: nil)
    let out = try FileHandle(forWritingTo: outURL)
    let err = try FileHandle(forWritingTo: errURL)
    let process = Process()
    process.executableURL = URL(fileURLWithPath: executable)
    process.arguments = arguments
    process.standardOutput = out
    process.standardError = err
    process.standardInput = FileHandle.nullDevice
    // Never the user's own config folder (genki's default secret lives there).
    let base = ProcessInfo.processInfo.environment.merging(["XDG_CONFIG_HOME": testConfigHome]) { _, new in new }
    process.environment = base.merging(environment) { _, new in new }
    let done = DispatchSemaphore(value: 0)
    process.terminationHandler = { _ in done.signal() }
    try process.run()
    if done.wait(timeout: .now() + timeout) == .timedOut {
        process.terminate()
        throw CommandFailure.timedOut("\(executable) \(arguments)")
    }
    try out.close()
    try err.close()
    return CommandResult(
        status: process.terminationStatus,
        stdout: try Data(contentsOf: outURL),
        stderr: try Data(contentsOf: errURL)
    )
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
