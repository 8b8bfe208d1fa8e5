import Foundation
import GenkiCore
import Testing

@Suite struct AtomicFileTests {
    static func folder() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("genki-atomic-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    static func names(_ dir: URL) -> [String] { ((try? FileManager.default.contentsOfDirectory(atPath: dir.path)) ?? []).sorted() }

    @Test func aCommittedWriteReplacesTheFileWholeAndLeavesNoTemporary() throws {
        let dir = try Self.folder()
        defer { try? FileManager.default.removeItem(at: dir) }
        let target = dir.appendingPathComponent("manifest.jsonl")
        try Data("old\n".utf8).write(to: target)
        let payload = (0..<100_000).map { UInt8(truncatingIfNeeded: $0 &* 31) }
        try AtomicFile.write(payload, to: target)
        #expect(try [UInt8](Data(contentsOf: target)) == payload)
        #expect(Self.names(dir) == ["manifest.jsonl"])
    }

    /// A crash between the temporary's write and the rename (the process dies before `commit`):
    /// the final name still holds the old file, whole; the only trace is genki's own hidden
    /// temporary, which a later write never reuses or confuses with the final file.
    @Test func aCrashBeforeTheRenameLeavesTheOldFileWhole() throws {
        let dir = try Self.folder()
        defer { try? FileManager.default.removeItem(at: dir) }
        let target = dir.appendingPathComponent("dataset.json")
        try Data("{\"v\":1}\n".utf8).write(to: target)
        let crashed = try AtomicFile(for: target)
        try crashed.write(Array("{\"v\":2, half".utf8))
        // No commit and no discard: the process "died" here.
        #expect(try String(contentsOf: target, encoding: .utf8) == "{\"v\":1}\n")
        let left = Self.names(dir).filter { $0 != "dataset.json" }
        #expect(left.count == 1 && left[0].hasPrefix(AtomicFile.prefix) && left[0].hasSuffix("-dataset.json"))
        // The next run writes through a fresh temporary of its own and leaves the stale one alone.
        try AtomicFile.write(Array("{\"v\":3}\n".utf8), to: target)
        #expect(try String(contentsOf: target, encoding: .utf8) == "{\"v\":3}\n")
        #expect(Self.names(dir).filter { $0 != "dataset.json" } == left)
    }

    @Test func discardRemovesOnlyItsOwnTemporary() throws {
        let dir = try Self.folder()
        defer { try? FileManager.default.removeItem(at: dir) }
        let target = dir.appendingPathComponent("a.tar")
        let foreign = dir.appendingPathComponent(".draft.tmp")
        try Data("user's".utf8).write(to: foreign)
        let file = try AtomicFile(for: target)
        try file.write([1, 2, 3])
        file.discard()
        #expect(Self.names(dir) == [".draft.tmp"])
    }

    @Test func temporaryNamesAreFreshAndNeverAnExistingFile() throws {
        let dir = try Self.folder()
        defer { try? FileManager.default.removeItem(at: dir) }
        let target = dir.appendingPathComponent("x")
        let files = try (0..<50).map { _ in try AtomicFile(for: target) }
        #expect(Set(files.map(\.url.lastPathComponent)).count == 50)
        for f in files { f.discard() }
        #expect(Self.names(dir).isEmpty)
    }

    @Test func aWriteIntoAMissingFolderNamesTheFileAndTheOSReason() throws {
        let target = URL(fileURLWithPath: "/nonexistent-genki-\(UUID().uuidString)/dataset.json")
        #expect {
            try AtomicFile.write([1], to: target)
        } throws: { error in
            guard let e = error as? FileWriteError else { return false }
            return e.file == "dataset.json" && e.message.contains("No such file or directory") && !e.message.contains("/nonexistent")
        }
    }

    @Test func theRequestedModeIsApplied() throws {
        let dir = try Self.folder()
        defer { try? FileManager.default.removeItem(at: dir) }
        let target = dir.appendingPathComponent("private")
        try AtomicFile.write([1, 2], to: target, mode: 0o600)
        let mode = try FileManager.default.attributesOfItem(atPath: target.path)[.posixPermissions] as? Int
        #expect(mode == 0o600)
    }
}
