import Foundation

#if canImport(FoundationNetworking)
import FoundationNetworking
import GenkiCore
#endif

/// A client of the Crynux bridge HTTP API: create a task, poll it, fetch its results.
///
/// Every request is signed like a relay request (the fields as sorted compact JSON + the Unix
/// timestamp, Keccak-256, recoverable secp256k1), sent as `timestamp` and `signature` query
/// parameters. 5xx answers and network errors are retried with exponential backoff; a 400
/// `validation_error` is not. Creation is idempotent: a retried POST carries the same
/// `client_task_id`, so a bridge that already created the task returns it instead of a copy.
public final class BridgeClient: Sendable {
    public let baseURL: URL
    let signer: RelaySigner
    let session: URLSession
    public let retries: Int
    public let backoff: Double

    public init(baseURL: URL, signer: RelaySigner, retries: Int = 4, backoff: Double = 0.25, requestTimeout: Double = 15) {
        self.baseURL = baseURL
        self.signer = signer
        self.retries = retries
        self.backoff = backoff
        let config = URLSessionConfiguration.ephemeral
        // Whole seconds: on Linux, FoundationNetworking hands the timeout to libcurl, and a
        // fractional value below one second times out at once.
        let seconds = max(1, requestTimeout.rounded(.up))
        config.timeoutIntervalForRequest = seconds
        config.timeoutIntervalForResource = seconds
        session = URLSession(configuration: config)
    }

    /// Creates the task (or returns the one already created for its `client_task_id`).
    public func create(_ request: TaskRequest) async throws(BridgeError) -> TaskInfo {
        let body: Data
        do { body = try JSONEncoder().encode(request) } catch { throw .malformed("request cannot be encoded") }
        let data = try await call("POST", path: "/v1/inference_tasks", fields: request.fields, body: body)
        return try decode(TaskInfo.self, data)
    }

    /// The task's current state.
    public func status(clientID: String, taskID: Int) async throws(BridgeError) -> TaskInfo {
        let data = try await call(
            "GET", path: "/v1/inference_tasks/\(clientID)/\(taskID)",
            fields: ["client_id": .string(clientID), "id": .int(taskID)], body: nil)
        return try decode(TaskInfo.self, data)
    }

    /// Polls until the task ends; throws when it ends without a result or `timeout` passes.
    public func wait(
        clientID: String, taskID: Int, poll: Double = 2, timeout: Double = 3_600,
        progress: (TaskInfo) -> Void = { _ in }
    ) async throws(BridgeError) -> TaskInfo {
        let deadline = Date().addingTimeInterval(timeout)
        while true {
            let info = try await status(clientID: clientID, taskID: taskID)
            progress(info)
            if info.status.isFinal {
                guard info.status.succeeded else { throw .taskFailed(info.status, abortReason: info.abortReason) }
                return info
            }
            guard Date() < deadline else { throw .timedOut(seconds: timeout) }
            try? await Task.sleep(nanoseconds: UInt64(poll * 1e9))
        }
    }

    /// One result file of a finished task.
    public func result(clientID: String, taskID: Int, index: Int) async throws(BridgeError) -> Data {
        try await call(
            "GET", path: "/v1/inference_tasks/\(clientID)/\(taskID)/results/\(index)",
            fields: ["client_id": .string(clientID), "id": .int(taskID), "index": .int(index)], body: nil, raw: true)
    }

    /// One signed request with retries; returns the envelope's `data` (or the raw body).
    func call(_ method: String, path: String, fields: [String: CanonicalJSON], body: Data?, raw: Bool = false) async throws(BridgeError) -> Data {
        var lastError = BridgeError.network("no attempt")
        for attempt in 0...retries {
            if attempt > 0 { try? await Task.sleep(nanoseconds: UInt64(backoff * pow(2, Double(attempt - 1)) * 1e9)) }
            let timestamp = Int64(Date().timeIntervalSince1970)
            let signature: String
            do { signature = try signer.sign(fields: fields, timestamp: timestamp) } catch { throw .unauthorized(error.description) }
            var components = URLComponents(url: baseURL.appendingPathComponent(path), resolvingAgainstBaseURL: false)
            components?.queryItems = [URLQueryItem(name: "timestamp", value: String(timestamp)), URLQueryItem(name: "signature", value: signature)]
            guard let url = components?.url else { throw .malformed("bad URL") }
            var request = URLRequest(url: url)
            request.httpMethod = method
            if let body {
                request.httpBody = body
                request.setValue("application/json", forHTTPHeaderField: "Content-Type")
            }
            let data: Data
            let response: URLResponse
            do {
                (data, response) = try await session.data(for: request)
            } catch {
                lastError = .network((error as NSError).localizedDescription)
                continue
            }
            let status = (response as? HTTPURLResponse)?.statusCode ?? 0
            let envelope = (try? JSONSerialization.jsonObject(with: data)) as? [String: Any]
            let message = envelope?["message"] as? String ?? String(decoding: data.prefix(200), as: UTF8.self)
            switch status {
            case 200..<300:
                if raw { return data }
                guard message == "success", let payload = envelope?["data"],
                    let encoded = try? JSONSerialization.data(withJSONObject: payload)
                else { throw .malformed(message) }
                return encoded
            case 400:
                let detail = (envelope?["data"]).flatMap { try? JSONSerialization.data(withJSONObject: $0) }.map { String(decoding: $0, as: UTF8.self) } ?? ""
                throw .validation(message + (detail.isEmpty ? "" : " " + detail))
            case 401, 403: throw .unauthorized(message)
            case 404: throw .notFound
            case 500..<600:
                lastError = .server(status: status, message: message)
                continue
            default:
                throw .malformed("HTTP \(status): \(message)")
            }
        }
        throw lastError
    }

    func decode<T: Decodable>(_ type: T.Type, _ data: Data) throws(BridgeError) -> T {
        do { return try JSONDecoder().decode(T.self, from: data) } catch { throw .malformed("\(T.self) expected") }
    }
}
