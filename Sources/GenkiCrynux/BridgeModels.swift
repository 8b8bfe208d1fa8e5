import Foundation
import GenkiCore

/// A bridge inference task's status (crynux-bridge `InferenceTask.Status`).
public enum TaskStatus: Int, Codable, Sendable, CustomStringConvertible {
    case pending = 0
    case created, started, parametersUploaded, scoreReady, errorReported, validated
    case endAborted, endGroupRefund, endInvalidated, endSuccess, resultDownloaded, needCancel

    /// Whether the task will not change any more.
    public var isFinal: Bool { [.endAborted, .endGroupRefund, .endInvalidated, .endSuccess, .resultDownloaded].contains(self) }
    /// Whether it ended with a result.
    public var succeeded: Bool { self == .endSuccess || self == .resultDownloaded }

    public var description: String {
        switch self {
        case .pending: return "pending"
        case .created: return "created"
        case .started: return "started"
        case .parametersUploaded: return "parameters uploaded"
        case .scoreReady: return "score ready"
        case .errorReported: return "error reported"
        case .validated: return "validated"
        case .endAborted: return "aborted"
        case .endGroupRefund: return "refunded"
        case .endInvalidated: return "invalidated"
        case .endSuccess: return "success"
        case .resultDownloaded: return "result downloaded"
        case .needCancel: return "cancelling"
        }
    }
}

/// `POST /v1/inference_tasks` body. `taskArgs` is a JSON string; `clientTaskID` makes a
/// re-submission of the same request idempotent.
public struct TaskRequest: Codable, Sendable, Equatable {
    public var clientID: String
    public var clientTaskID: String
    public var taskArgs: String
    public var taskType: Int
    public var taskVersion: String
    public var minVram: Int
    public var repeatNum: Int
    /// In GWei.
    public var taskFee: Int
    /// Seconds.
    public var timeout: Int

    public init(
        clientID: String, clientTaskID: String, taskArgs: String, taskType: Int, taskVersion: String = "2.5.0",
        minVram: Int = 24, repeatNum: Int = 1, taskFee: Int = 6_000_000_000, timeout: Int = 3_600
    ) {
        self.clientID = clientID
        self.clientTaskID = clientTaskID
        self.taskArgs = taskArgs
        self.taskType = taskType
        self.taskVersion = taskVersion
        self.minVram = minVram
        self.repeatNum = repeatNum
        self.taskFee = taskFee
        self.timeout = timeout
    }

    enum CodingKeys: String, CodingKey {
        case clientID = "client_id"
        case clientTaskID = "client_task_id"
        case taskArgs = "task_args"
        case taskType = "task_type"
        case taskVersion = "task_version"
        case minVram = "min_vram"
        case repeatNum = "repeat_num"
        case taskFee = "task_fee"
        case timeout
    }

    /// The request as signed fields.
    public var fields: [String: CanonicalJSON] {
        [
            "client_id": .string(clientID), "client_task_id": .string(clientTaskID), "task_args": .string(taskArgs),
            "task_type": .int(taskType), "task_version": .string(taskVersion), "min_vram": .int(minVram),
            "repeat_num": .int(repeatNum), "task_fee": .int(taskFee), "timeout": .int(timeout),
        ]
    }
}

/// A task as the bridge reports it.
public struct TaskInfo: Codable, Sendable, Equatable {
    public var id: Int
    public var clientID: String
    public var clientTaskID: String?
    public var status: TaskStatus
    public var taskID: String?
    public var abortReason: Int?

    public init(id: Int, clientID: String, clientTaskID: String?, status: TaskStatus, taskID: String? = nil, abortReason: Int? = nil) {
        self.id = id
        self.clientID = clientID
        self.clientTaskID = clientTaskID
        self.status = status
        self.taskID = taskID
        self.abortReason = abortReason
    }

    enum CodingKeys: String, CodingKey {
        case id, status
        case clientID = "client_id"
        case clientTaskID = "client_task_id"
        case taskID = "task_id"
        case abortReason = "abort_reason"
    }
}

/// Why a bridge call failed.
public enum BridgeError: Error, Equatable, GenkiError {
    /// 400 `validation_error`: the request itself is wrong (not retried).
    case validation(String)
    /// 401/403: the signature or timestamp was refused.
    case unauthorized(String)
    /// 404.
    case notFound
    /// 5xx after every retry.
    case server(status: Int, message: String)
    /// Network failures (refused, reset, timed out) after every retry.
    case network(String)
    /// A response that is not the bridge's envelope.
    case malformed(String)
    /// The task ended without a result.
    case taskFailed(TaskStatus, abortReason: Int?)
    /// `wait` gave up.
    case timedOut(seconds: Double)

    public var description: String {
        switch self {
        case .validation(let m): return "the bridge rejected the request: \(m)"
        case .unauthorized(let m): return "the bridge refused the signature: \(m)"
        case .notFound: return "no such task"
        case .server(let s, let m): return "the bridge failed with HTTP \(s) after retries: \(m)"
        case .network(let m): return "the bridge is unreachable after retries: \(m)"
        case .malformed(let m): return "unexpected bridge response: \(m)"
        case .taskFailed(let s, let r): return "the task ended \(s)\(r.map { " (abort reason \($0))" } ?? "")"
        case .timedOut(let s): return "the task did not finish within \(Int(s)) s"
        }
    }
}

/// Task arguments for a MusicGen fine-tune on a `genki shard` dataset. Crynux has no music
/// fine-tune task type yet, so the type number and these arguments are parameters of `submit`.
public enum MusicGenFinetune {
    /// `task_args` pointing at a shard folder published at `datasetURL`, pinned by the SHA-256 of
    /// its `SHA256SUMS` (which covers every shard, the manifest and the card).
    public static func taskArgs(
        datasetURL: String, checksumsSHA256: String, samples: Int, baseModel: String = "facebook/musicgen-small",
        epochs: Int = 10, learningRate: String = "1e-5", seed: Int = 0
    ) -> String {
        CanonicalJSON.object([
            "base_model": .string(baseModel),
            "dataset": .object([
                "url": .string(datasetURL), "format": .string("webdataset"), "sha256sums_sha256": .string(checksumsSHA256),
                "samples": .int(samples),
            ]),
            "train_args": .object(["epochs": .int(epochs), "learning_rate": .string(learningRate), "seed": .int(seed)]),
            "version": .string("genki-musicgen-finetune/1"),
        ]).text(.pythonASCII)
    }
}
