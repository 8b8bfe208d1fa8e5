import Crypto
import Foundation
import GenkiCore

/// Why a folder cannot be submitted as a fine-tune dataset.
public enum ShardFolderTaskError: Error, Equatable, GenkiError {
    /// `SHA256SUMS` or `dataset.json` is missing or unreadable.
    case notAShardFolder

    public var description: String {
        switch self {
        case .notAShardFolder: return "--shards must be a `genki shard` folder (SHA256SUMS and dataset.json)"
        }
    }
}

extension MusicGenFinetune {
    /// `task_args` for the `genki shard` folder at `folder`, published at `datasetURL`: pinned by
    /// the SHA-256 of its `SHA256SUMS`, with the sample count from its `dataset.json`.
    public static func taskArgs(shardFolder folder: URL, datasetURL: String) throws(ShardFolderTaskError) -> String {
        struct Card: Decodable { var samples: Int? }
        guard let sums = FileManager.default.contents(atPath: folder.appendingPathComponent("SHA256SUMS").path),
            let card = FileManager.default.contents(atPath: folder.appendingPathComponent("dataset.json").path),
            let parsed = try? JSONDecoder().decode(Card.self, from: card)
        else { throw .notAShardFolder }
        return taskArgs(datasetURL: datasetURL, checksumsSHA256: Hex.encode(SHA256.hash(data: sums)), samples: parsed.samples ?? 0)
    }
}

extension TaskRequest {
    /// The client task id a request gets when none is given: 12 bytes of Keccak-256 over the
    /// client id, task type, version and arguments, so re-submitting the same request names the
    /// same task (the bridge then returns it instead of creating another).
    public static func derivedClientTaskID(clientID: String, taskType: Int, taskVersion: String, taskArgs: String) -> String {
        Hex.encode(Keccak256.hash(Array("\(clientID)\u{0}\(taskType)\u{0}\(taskVersion)\u{0}\(taskArgs)".utf8)).prefix(12))
    }
}
