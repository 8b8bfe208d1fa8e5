import Foundation
import GenkiCore
import GenkiModel
import GenkiRegistry

/// `weights.json`: the scores genki turns into weights, the uids they go to, and the exact
/// (uids, u16 weights) the SDK will emit for them. Schema: `schemas/weights.schema.json`.
public struct WeightsDocument: Codable, Sendable, Equatable {
    public struct Entry: Codable, Sendable, Equatable {
        public var hotkey: String
        public var uid: Int64
        public var score: Double
    }

    public struct Emit: Codable, Sendable, Equatable {
        public var uids: [Int64]
        public var weights: [Int]

        public init(uids: [Int64], weights: [Int]) {
            self.uids = uids
            self.weights = weights
        }
    }

    public var schema = "genki.weights/1"
    public var netuid: Int
    public var round: String
    public var versionKey: Int
    /// What the emitted values reproduce.
    public var reference = "bittensor 10.5.0 convert_weights_and_uids_for_emit"
    public var entries: [Entry]
    /// Hotkeys with a score but no uid in the map (not submitted).
    public var unmapped: [String]
    public var emit: Emit

    enum CodingKeys: String, CodingKey {
        case schema, netuid, round, reference, entries, unmapped, emit
        case versionKey = "version_key"
    }

    /// Builds the document from a round's scores and a hotkey → uid map.
    public init(scores: [ScoreRow], uids: [String: Int64], netuid: Int, round: String, versionKey: Int) throws(WeightError) {
        self.netuid = netuid
        self.round = round
        self.versionKey = versionKey
        entries = scores.compactMap { s in uids[s.miner].map { Entry(hotkey: s.miner, uid: $0, score: s.score) } }.sorted { $0.uid < $1.uid }
        unmapped = scores.filter { uids[$0.miner] == nil }.map(\.miner).sorted()
        guard !entries.isEmpty else { throw .empty }
        let (u, w) = try WeightEmitter.convertForEmit(uids: entries.map(\.uid), weights: entries.map { Float($0.score) })
        emit = Emit(uids: u, weights: w)
    }
}

/// Why a submission failed (from the SDK submitter's report).
public enum SubmitError: Error, Equatable, GenkiError {
    case rateLimited(String)
    case noValidatorPermit(String)
    case versionKey(String)
    case unreachable(String)
    case rejected(String)
    case timedOut(seconds: Double)
    case submitterFailed(String)

    public var description: String {
        switch self {
        case .rateLimited(let m): return "rate limited: weights were set too soon (\(m))"
        case .noValidatorPermit(let m): return "the hotkey has no validator permit (\(m))"
        case .versionKey(let m): return "wrong weights version key (\(m))"
        case .unreachable(let m): return "the Subtensor endpoint is unreachable (\(m))"
        case .rejected(let m): return "the chain rejected the weights (\(m))"
        case .timedOut(let s): return "the submitter did not finish within \(Int(s)) s"
        case .submitterFailed(let m): return "the submitter failed: \(m)"
        }
    }
}

/// Runs the Python SDK submitter as a child process (killed after `timeout` seconds) and maps
/// its report, the last line of its standard output.
public enum WeightSubmitter {
    public static func submit(
        weightsFile: String, python: String, script: String, arguments: [String], timeout: Double
    ) throws(SubmitError) -> String {
        let outcome: ChildProcess.Outcome
        do {
            outcome = try ChildProcess.run(python, [script, weightsFile] + arguments, timeout: timeout)
        } catch {
            switch error {
            case .cannotStart(let reason): throw .submitterFailed("cannot start \(reason)")
            case .timedOut: throw .timedOut(seconds: timeout)
            }
        }
        let text = String(decoding: outcome.stdout, as: UTF8.self)
        guard let line = text.split(separator: "\n").last,
            let report = try? JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any]
        else {
            throw .submitterFailed(outcome.signal.map { "no report (ended by signal \($0))" } ?? "no report (exit \(outcome.status))")
        }
        let message = report["message"] as? String ?? ""
        if report["ok"] as? Bool == true { return message }
        switch report["error"] as? String {
        case "rate_limit": throw .rateLimited(message)
        case "no_permit": throw .noValidatorPermit(message)
        case "version_key": throw .versionKey(message)
        case "unreachable": throw .unreachable(message)
        default: throw .rejected(message)
        }
    }
}
