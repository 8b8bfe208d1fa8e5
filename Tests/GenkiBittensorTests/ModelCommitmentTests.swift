import Foundation
import GenkiCore
import Testing

@testable import GenkiBittensor

/// The upstream directory hash, computed by Python itself (hashlib + os.walk), for comparison.
let pythonDirectoryHash = """
    import base64, hashlib, os, sys
    def file_hash(p):
        h = hashlib.sha256()
        with open(p, "rb") as f:
            for block in iter(lambda: f.read(65536), b""):
                h.update(block)
        return base64.b64encode(h.digest()).decode()
    d = hashlib.sha256()
    for cur, dirs, files in os.walk(sys.argv[1]):
        dirs.sort()
        for name in sorted(files):
            d.update(file_hash(os.path.join(cur, name)).encode())
    print(base64.b64encode(d.digest()).decode())
    """

@Suite struct ModelCommitmentTests {
    @Test func directoryHashMatchesPythonsWalkAndTheCommitmentVerifies() throws {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("genki-model-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: root) }
        for (path, body) in [
            ("config.json", "{}"), ("b/weights.bin", String(repeating: "x", count: 200_000)), ("a/z.txt", "z"),
            ("a/sub/é.txt", "accent"), ("Z.txt", "upper"), ("a/A.txt", "A"),
        ] {
            let url = root.appendingPathComponent(path)
            try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try Data(body.utf8).write(to: url)
        }
        let hash = try ModelCommitment.directoryHash(root)
        let python =
            ["/usr/bin/python3", "/usr/local/bin/python3"].first { FileManager.default.isExecutableFile(atPath: $0) }
            ?? (ProcessInfo.processInfo.environment["PATH"] ?? "").split(separator: ":").map { "\($0)/python3" }.first { FileManager.default.isExecutableFile(atPath: $0) }
        let script = root.deletingLastPathComponent().appendingPathComponent("dirhash-\(UUID().uuidString).py")
        try Data(pythonDirectoryHash.utf8).write(to: script)
        defer { try? FileManager.default.removeItem(at: script) }
        let outcome = try ChildProcess.run(try #require(python), [script.path, root.path])
        let expected = String(decoding: outcome.stdout, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
        #expect(hash == expected)

        let secure = ModelCommitment.secureHash(directoryHash: hash, hotkey: "5Fhotkey")
        let commitment = try #require(ModelCommitment("genki-dama:chiptune-musicgen:0123456789abcdef0123456789abcdef01234567:\(secure):1"))
        #expect(try commitment.matches(directory: root, hotkey: "5Fhotkey"))
        #expect(try !commitment.matches(directory: root, hotkey: "5Fother"))
        try Data("changed".utf8).write(to: root.appendingPathComponent("a/z.txt"))
        #expect(try !commitment.matches(directory: root, hotkey: "5Fhotkey"))
        #expect(ModelCommitment("too:few:parts") == nil)
    }
}
