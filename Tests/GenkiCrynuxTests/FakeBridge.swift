import Foundation
import GenkiCore
import GenkiCrynux
import NIOCore
import NIOHTTP1
import NIOPosix

/// A local stand-in for the Crynux bridge (NIO HTTP/1 on 127.0.0.1): checks request signatures
/// and timestamps, validates requests, creates tasks idempotently by `client_task_id`, walks each
/// task through the bridge's status lifecycle as it is polled, serves results, and injects the
/// faults a client must survive.
final class FakeBridge: @unchecked Sendable {
    struct Faults {
        /// Answer the first N requests with HTTP 500.
        var serverErrors = 0
        /// Answer every request with HTTP 500.
        var alwaysFail = false
        /// Delay the first N responses by `delay` seconds.
        var slowResponses = 0
        var delay = 0.0
        /// Create the task, then answer the first N creations with 500 (the client must not
        /// create a second task when it retries).
        var failAfterCreate = 0
        /// Tasks end aborted instead of succeeding.
        var abortTasks = false
    }

    let faults: Faults
    let signerAddress: String
    private let lock = NSLock()
    private var tasks: [Int: (request: TaskRequest, polls: Int)] = [:]
    private var byClientTaskID: [String: Int] = [:]
    private(set) var requests = 0
    private var served500 = 0
    private var servedSlow = 0
    private var failedCreates = 0
    private let group = MultiThreadedEventLoopGroup(numberOfThreads: 1)
    private var channel: Channel?

    static let successPath: [TaskStatus] = [.pending, .created, .started, .parametersUploaded, .scoreReady, .validated, .endSuccess]
    static let abortPath: [TaskStatus] = [.pending, .created, .started, .endAborted]
    static let result = Data("fine-tuned model checkpoint bytes".utf8)

    init(signerAddress: String, faults: Faults = Faults()) {
        self.signerAddress = signerAddress
        self.faults = faults
    }

    /// Starts listening on an ephemeral port; returns the base URL.
    func start() throws -> URL {
        let bootstrap = ServerBootstrap(group: group)
            .serverChannelOption(ChannelOptions.socketOption(.so_reuseaddr), value: 1)
            .childChannelInitializer { channel in
                channel.pipeline.configureHTTPServerPipeline().flatMap { channel.pipeline.addHandler(Handler(bridge: self)) }
            }
        let channel = try bootstrap.bind(host: "127.0.0.1", port: 0).wait()
        self.channel = channel
        guard let port = channel.localAddress?.port, let url = URL(string: "http://127.0.0.1:\(port)") else { throw CocoaError(.featureUnsupported) }
        return url
    }

    func stop() {
        try? channel?.close().wait()
        try? group.syncShutdownGracefully()
    }

    var taskCount: Int { lock.withLock { tasks.count } }

    /// Routes one request; returns (status, body, delay).
    func respond(method: HTTPMethod, uri: String, body: Data) -> (HTTPResponseStatus, Data, Double) {
        lock.lock()
        defer { lock.unlock() }
        requests += 1
        var delay = 0.0
        if servedSlow < faults.slowResponses {
            servedSlow += 1
            delay = faults.delay
        }
        if faults.alwaysFail || served500 < faults.serverErrors {
            served500 += 1
            return (.internalServerError, envelope("internal server error", nil), delay)
        }
        guard let components = URLComponents(string: uri),
            let timestamp = components.queryItems?.first(where: { $0.name == "timestamp" })?.value.flatMap(Int64.init),
            let signature = components.queryItems?.first(where: { $0.name == "signature" })?.value
        else {
            return (.unauthorized, envelope("missing signature", nil), delay)
        }
        let parts = components.path.split(separator: "/").map(String.init)
        // POST /v1/inference_tasks
        if method == .POST, parts == ["v1", "inference_tasks"] {
            guard let request = try? JSONDecoder().decode(TaskRequest.self, from: body) else {
                return (.badRequest, envelope("validation_error", [["field": "body", "msg": "not a task request"]]), delay)
            }
            guard RelaySigner.verify(fields: request.fields, timestamp: timestamp, signatureHex: signature, address: signerAddress) else {
                return (.unauthorized, envelope("invalid signature", nil), delay)
            }
            var problems: [[String: String]] = []
            if (try? JSONSerialization.jsonObject(with: Data(request.taskArgs.utf8))) == nil { problems.append(["field": "task_args", "msg": "not JSON"]) }
            if !(1...3).contains(request.repeatNum) { problems.append(["field": "repeat_num", "msg": "must be 1 to 3"]) }
            if !(0...2).contains(request.taskType) { problems.append(["field": "task_type", "msg": "unknown task type"]) }
            guard problems.isEmpty else { return (.badRequest, envelope("validation_error", problems), delay) }
            let id: Int
            if let existing = byClientTaskID[request.clientTaskID] {
                id = existing
            } else {
                id = tasks.count + 1
                tasks[id] = (request, 0)
                byClientTaskID[request.clientTaskID] = id
            }
            if failedCreates < faults.failAfterCreate {
                failedCreates += 1
                return (.internalServerError, envelope("internal server error", nil), delay)
            }
            return (.ok, envelope("success", info(id)), delay)
        }
        // GET /v1/inference_tasks/{client_id}/{id}[/results/{index}]
        if method == .GET, parts.count >= 4, parts[0] == "v1", parts[1] == "inference_tasks", let id = Int(parts[3]) {
            var fields: [String: CanonicalJSON] = ["client_id": .string(parts[2]), "id": .int(id)]
            if parts.count == 6, let index = Int(parts[5]) { fields["index"] = .int(index) }
            guard RelaySigner.verify(fields: fields, timestamp: timestamp, signatureHex: signature, address: signerAddress) else {
                return (.unauthorized, envelope("invalid signature", nil), delay)
            }
            guard let task = tasks[id], task.request.clientID == parts[2] else { return (.notFound, envelope("task not found", nil), delay) }
            if parts.count == 6 {
                let status = path(for: task.request)[min(task.polls, path(for: task.request).count - 1)]
                guard status.succeeded else { return (.badRequest, envelope("validation_error", [["field": "id", "msg": "task has no result"]]), delay) }
                return (.ok, Self.result, delay)
            }
            tasks[id]?.polls += 1
            return (.ok, envelope("success", info(id)), delay)
        }
        return (.notFound, envelope("not found", nil), delay)
    }

    private func path(for request: TaskRequest) -> [TaskStatus] { faults.abortTasks ? Self.abortPath : Self.successPath }

    private func info(_ id: Int) -> [String: Any] {
        guard let task = tasks[id] else { return [:] }
        let path = path(for: task.request)
        let status = path[min(task.polls, path.count - 1)]
        var out: [String: Any] = ["id": id, "client_id": task.request.clientID, "client_task_id": task.request.clientTaskID, "status": status.rawValue]
        if status == .endAborted { out["abort_reason"] = 1 }
        return out
    }

    private func envelope(_ message: String, _ data: Any?) -> Data {
        (try? JSONSerialization.data(withJSONObject: ["message": message, "data": data ?? NSNull()])) ?? Data()
    }

    final class Handler: ChannelInboundHandler, @unchecked Sendable {
        typealias InboundIn = HTTPServerRequestPart
        typealias OutboundOut = HTTPServerResponsePart
        let bridge: FakeBridge
        var head: HTTPRequestHead?
        var body = Data()

        init(bridge: FakeBridge) { self.bridge = bridge }

        func channelRead(context: ChannelHandlerContext, data: NIOAny) {
            switch unwrapInboundIn(data) {
            case .head(let h):
                head = h
                body = Data()
            case .body(var buffer):
                if let bytes = buffer.readBytes(length: buffer.readableBytes) { body.append(contentsOf: bytes) }
            case .end:
                guard let head else { return }
                let (status, payload, delay) = bridge.respond(method: head.method, uri: head.uri, body: body)
                let send = {
                    var headers = HTTPHeaders()
                    headers.add(name: "Content-Type", value: "application/json")
                    headers.add(name: "Content-Length", value: String(payload.count))
                    context.write(self.wrapOutboundOut(.head(HTTPResponseHead(version: head.version, status: status, headers: headers))), promise: nil)
                    var buffer = context.channel.allocator.buffer(capacity: payload.count)
                    buffer.writeBytes(payload)
                    context.write(self.wrapOutboundOut(.body(.byteBuffer(buffer))), promise: nil)
                    context.writeAndFlush(self.wrapOutboundOut(.end(nil)), promise: nil)
                }
                if delay > 0 {
                    context.eventLoop.scheduleTask(in: .milliseconds(Int64(delay * 1000))) { send() }
                } else {
                    send()
                }
            }
        }
    }
}
