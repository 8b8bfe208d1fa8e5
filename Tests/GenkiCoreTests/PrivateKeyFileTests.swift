import Foundation
import GenkiCore
import Testing

@Suite struct PrivateKeyFileTests {
    static func folder() throws -> URL {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("genki-key-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        return dir
    }

    @Test func createdKeysAre0600AndNeverReplaceAFile() throws {
        let dir = try Self.folder()
        defer { try? FileManager.default.removeItem(at: dir) }
        let path = dir.appendingPathComponent("key").path
        try PrivateKeyFile.create(path: path, text: "00ff\n")
        #expect((try FileManager.default.attributesOfItem(atPath: path)[.posixPermissions] as? Int) == 0o600)
        #expect(try PrivateKeyFile.read(path: path) == "00ff\n")
        #expect(throws: PrivateKeyFile.Failure.self) { try PrivateKeyFile.create(path: path, text: "11\n") }
        #expect(try PrivateKeyFile.createIfAbsent(path: path, text: "22\n") == false)
        #expect(try PrivateKeyFile.read(path: path) == "00ff\n", "an existing key is never overwritten")
    }

    @Test func aKeyOthersCanReadIsRefused() throws {
        let dir = try Self.folder()
        defer { try? FileManager.default.removeItem(at: dir) }
        let path = dir.appendingPathComponent("key").path
        try PrivateKeyFile.create(path: path, text: "00\n")
        chmod(path, 0o644)
        #expect {
            _ = try PrivateKeyFile.read(path: path)
        } throws: { error in
            (error as? PrivateKeyFile.Failure)?.description.contains("chmod 600") == true
        }
    }
}
