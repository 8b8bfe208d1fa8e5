import Foundation
import GenkiFixtures
import GenkiIngest
import Testing

@Suite struct FileWalkerTests {
    private func touch(_ url: URL) throws { try Data("x".utf8).write(to: url) }

    @Test func walksInByteOrderAndSkipsHidden() throws {
        let dir = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let fm = FileManager.default
        try fm.createDirectory(at: dir.appendingPathComponent("b/sub"), withIntermediateDirectories: true)
        try fm.createDirectory(at: dir.appendingPathComponent(".hidden-dir"), withIntermediateDirectories: true)
        for name in ["Z.wav", "a.wav", "b/sub/x.flac", "b/c.ogg", ".hidden.wav", ".hidden-dir/y.wav"] {
            try touch(dir.appendingPathComponent(name))
        }
        let files = FileWalker(roots: [dir.path]).compactMap { item -> String? in
            if case .file(let p) = item { return String(p.dropFirst(dir.path.count + 1)) }
            return nil
        }
        #expect(files == ["Z.wav", "a.wav", "b/c.ogg", "b/sub/x.flac"])
        let withHidden = FileWalker(roots: [dir.path], includeHidden: true).filter {
            if case .file = $0 { return true }
            return false
        }
        #expect(withHidden.count == 6)
        // An explicitly named hidden file is always taken.
        #expect(Array(FileWalker(roots: [dir.appendingPathComponent(".hidden.wav").path])) == [.file(path: dir.appendingPathComponent(".hidden.wav").path)])
    }

    @Test func symlinkLoopsEndAndSpecialFilesAreNotOpened() throws {
        let dir = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let hazards = try FixtureSet.writeHazards(to: dir)
        let items = Array(FileWalker(roots: [dir.path]))
        // The loop folder is entered once; its symlink back to the parent is skipped as visited.
        #expect(items.contains(.skipped(path: hazards.loop, reason: "folder already visited (symlink loop or repeated input)")))
        #expect(items.contains(.skipped(path: hazards.fifo, reason: "a FIFO, not a regular file")))
        #expect(items.contains(.file(path: hazards.unreadable)))
        // Named explicitly, a FIFO or device is a failure, not a skip.
        #expect(Array(FileWalker(roots: [hazards.fifo])) == [.failed(path: hazards.fifo, reason: "a FIFO, not a regular file")])
        #expect(Array(FileWalker(roots: ["/dev/null"])) == [.failed(path: "/dev/null", reason: "a character device, not a regular file")])
    }

    @Test func missingAndDanglingInputsFail() throws {
        let dir = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let dangling = dir.appendingPathComponent("dangling.wav").path
        try FileManager.default.createSymbolicLink(atPath: dangling, withDestinationPath: "nowhere.wav")
        let missing = dir.appendingPathComponent("missing.wav").path
        let items = Array(FileWalker(roots: [missing, dangling, dir.path]))
        guard items.count == 3, case .failed(missing, let r1) = items[0], case .failed(dangling, let r2) = items[1] else {
            Issue.record("unexpected walk: \(items)")
            return
        }
        #expect(r1.hasPrefix("cannot stat"))
        #expect(r2.hasPrefix("dangling symlink"))
        #expect(items[2] == .skipped(path: dangling, reason: "dangling symlink"))
    }

    @Test func repeatedInputsAreVisitedOnce() throws {
        let dir = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        try touch(dir.appendingPathComponent("a.wav"))
        let files = FileWalker(roots: [dir.path, dir.path]).filter {
            if case .file = $0 { return true }
            return false
        }
        #expect(files.count == 1)
        #expect(FileWalker(roots: [dir.path]).countFiles() == 1)
    }
}
