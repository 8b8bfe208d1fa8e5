import Foundation
import GenkiCore
import GenkiFixtures
import GenkiSchema
import Testing

@testable import GenkiCrynux

/// Runs the genki binary to its end and returns (status, stdout, stderr).
func genkiRun(_ arguments: [String]) throws -> (Int32, String, String) {
    let outcome = try ChildProcess.run(genkiBinary, arguments)
    return (outcome.status, String(decoding: outcome.stdout, as: UTF8.self), String(decoding: outcome.stderr, as: UTF8.self))
}

@Suite(.serialized) struct CrynuxCLITests {
    @Test func submitStatusWaitFetchThroughTheCLI() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("genki-crynux-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let key = dir.appendingPathComponent("client.key").path
        let (status, address, _) = try genkiRun(["crynux", "keygen", "--out", key])
        #expect(status == 0 && address.hasPrefix("0x") && address.count == 43)
        let shards = dir.appendingPathComponent("shards")
        try FileManager.default.createDirectory(at: shards, withIntermediateDirectories: true)
        try Data("abc  genki-000000.tar\n".utf8).write(to: shards.appendingPathComponent("SHA256SUMS"))
        try Data(#"{"samples": 12}"#.utf8).write(to: shards.appendingPathComponent("dataset.json"))

        let bridge = FakeBridge(signerAddress: address.trimmingCharacters(in: .whitespacesAndNewlines), faults: FakeBridge.Faults(serverErrors: 1))
        let url = try bridge.start()
        defer { bridge.stop() }
        let connection = ["--bridge", url.absoluteString, "--key-file", key]
        let submit = ["crynux", "submit"] + connection + ["--task-type", "2", "--shards", shards.path, "--dataset-url", "https://example.invalid/d/", "--json"]
        let (s1, o1, e1) = try genkiRun(submit)
        #expect(s1 == 0, "\(e1)")
        let created = try JSONDecoder().decode(TaskInfo.self, from: Data(o1.utf8))
        let taskSchema = try JSONSchemaValidator(directory: repositoryRoot.appendingPathComponent("schemas"), root: "crynux-task.schema.json")
        #expect(try taskSchema.validate(data: Data(o1.utf8)).isEmpty)
        let (s2, o2, _) = try genkiRun(submit)
        let again = try JSONDecoder().decode(TaskInfo.self, from: Data(o2.utf8))
        #expect(s2 == 0 && again.id == created.id, "re-submission returns the same task")
        #expect(bridge.taskCount == 1)
        let (s3, o3, _) = try genkiRun(["crynux", "status"] + connection + ["--task", String(created.id)])
        #expect(s3 == 0 && o3.contains("task \(created.id)"))
        let (s4, o4, e4) = try genkiRun(["crynux", "wait"] + connection + ["--task", String(created.id), "--poll", "0.01", "--json"])
        #expect(s4 == 0, "\(e4)")
        let finished = try JSONDecoder().decode(TaskInfo.self, from: Data(o4.utf8))
        #expect(try taskSchema.validate(data: Data(o4.utf8)).isEmpty)
        #expect(finished.status == .endSuccess)
        let result = dir.appendingPathComponent("result.bin").path
        let (s5, _, _) = try genkiRun(["crynux", "fetch"] + connection + ["--task", String(created.id), "--out", result])
        let fetched = try Data(contentsOf: URL(fileURLWithPath: result))
        #expect(s5 == 0 && fetched == FakeBridge.result)
        // A key file others can read is refused.
        chmod(key, 0o644)
        let (s6, _, e6) = try genkiRun(["crynux", "status"] + connection + ["--task", "1"])
        #expect(s6 == 1 && e6.contains("chmod 600"))
    }
}
