import Foundation

/// The repository's root folder (where `fixtures/`, `schemas/` and `fuzz/` live), for tests and
/// tools that read committed files. Derived from this source file's place in the tree.
public let repositoryRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

/// The `genki` binary under test: the one built beside the running test binary (so `swift test
/// --scratch-path P` and release builds run their own build, never a stale debug one), else the
/// debug build's; `GENKI_BINARY` overrides both.
public let genkiBinary: String = {
    if let explicit = ProcessInfo.processInfo.environment["GENKI_BINARY"] { return explicit }
    let sibling = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().appendingPathComponent("genki").path
    if FileManager.default.isExecutableFile(atPath: sibling) { return sibling }
    return repositoryRoot.appendingPathComponent(".build/debug/genki").path
}()
