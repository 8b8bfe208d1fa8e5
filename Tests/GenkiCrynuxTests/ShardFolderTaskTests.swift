import Crypto
import Foundation
import GenkiCore
import Testing

@testable import GenkiCrynux

@Suite struct ShardFolderTaskTests {
    @Test func aShardFolderPinsItsChecksumsAndSampleCount() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("genki-crynux-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        #expect(throws: ShardFolderTaskError.notAShardFolder) { try MusicGenFinetune.taskArgs(shardFolder: dir, datasetURL: "https://x.invalid/") }
        let sums = Data("abc  genki-000000.tar\n".utf8)
        try sums.write(to: dir.appendingPathComponent("SHA256SUMS"))
        #expect(throws: ShardFolderTaskError.notAShardFolder) { try MusicGenFinetune.taskArgs(shardFolder: dir, datasetURL: "https://x.invalid/") }
        try Data("not json".utf8).write(to: dir.appendingPathComponent("dataset.json"))
        #expect(throws: ShardFolderTaskError.notAShardFolder) { try MusicGenFinetune.taskArgs(shardFolder: dir, datasetURL: "https://x.invalid/") }
        try Data(#"{"samples": 7, "name": "genki"}"#.utf8).write(to: dir.appendingPathComponent("dataset.json"))
        let args = try MusicGenFinetune.taskArgs(shardFolder: dir, datasetURL: "https://x.invalid/")
        #expect(args == MusicGenFinetune.taskArgs(datasetURL: "https://x.invalid/", checksumsSHA256: Hex.encode(SHA256.hash(data: sums)), samples: 7))
    }

    @Test func derivedTaskIDsAreStableAndDependOnEveryField() {
        let base = TaskRequest.derivedClientTaskID(clientID: "genki", taskType: 3, taskVersion: "2.5.0", taskArgs: "{}")
        #expect(base.count == 24 && Hex.decode(base) != nil)
        #expect(base == TaskRequest.derivedClientTaskID(clientID: "genki", taskType: 3, taskVersion: "2.5.0", taskArgs: "{}"))
        let others = [
            TaskRequest.derivedClientTaskID(clientID: "other", taskType: 3, taskVersion: "2.5.0", taskArgs: "{}"),
            TaskRequest.derivedClientTaskID(clientID: "genki", taskType: 4, taskVersion: "2.5.0", taskArgs: "{}"),
            TaskRequest.derivedClientTaskID(clientID: "genki", taskType: 3, taskVersion: "2.6.0", taskArgs: "{}"),
            TaskRequest.derivedClientTaskID(clientID: "genki", taskType: 3, taskVersion: "2.5.0", taskArgs: "{ }"),
            // The separator keeps fields apart: moving text across a boundary changes the id.
            TaskRequest.derivedClientTaskID(clientID: "genki3", taskType: 3, taskVersion: ".5.0", taskArgs: "{}"),
        ]
        #expect(Set(others + [base]).count == others.count + 1)
    }
}
