import Foundation
import GenkiFixtures
import Testing

/// The default secret lives in the user's config folder, so running `genki shard` from another
/// folder gives the same keys; its creation and its errors name the file (issue 14).
@Suite struct SecretLocationCLITests {
    @Test func theDefaultSecretIsInTheConfigFolderNamedOnCreationAndShared() throws {
        let dir = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let config = dir.appendingPathComponent("config").path
        let audio = repositoryRoot.appendingPathComponent("fixtures/audio").path
        let secret = config + "/genki/secret"
        var names: [[String]] = []
        for (i, cwd) in ["a", "b"].enumerated() {
            let out = dir.appendingPathComponent("out-\(cwd)").path
            let result = try run(genkiBinary, ["shard", audio, "--out", out, "--clip", "1", "--quiet"], environment: ["XDG_CONFIG_HOME": config])
            #expect(result.status == 0, "\(result.stderrText)")
            #expect(result.stderrText.contains("created the secret file \(secret)") == (i == 0), "\(result.stderrText)")
            names.append(try FileManager.default.contentsOfDirectory(atPath: out).sorted())
            let manifest = try String(contentsOfFile: out + "/manifest.jsonl", encoding: .utf8)
            names[i].append(manifest)
        }
        #expect(names[0] == names[1], "the same secret, so the same keys")
        var info = stat()
        #expect(stat(secret, &info) == 0 && info.st_mode & 0o777 == 0o600)
        chmod(secret, 0o644)
        let refused = try run(genkiBinary, ["shard", audio, "--out", dir.appendingPathComponent("out-c").path, "--clip", "1"], environment: ["XDG_CONFIG_HOME": config])
        #expect(refused.status == 1)
        #expect(refused.stderrText.contains(secret) && refused.stderrText.contains("chmod 600"), "\(refused.stderrText)")
    }
}
