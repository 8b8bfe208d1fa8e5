import Foundation
import Testing

@testable import GenkiCrynux

let clientKey = String(repeating: "2a", count: 32)

func request(_ clientTaskID: String, args: String = #"{"prompt":"chiptune"}"#, repeatNum: Int = 1) -> TaskRequest {
    TaskRequest(clientID: "genki", clientTaskID: clientTaskID, taskArgs: args, taskType: 2, repeatNum: repeatNum)
}

/// Runs `body` against a fake bridge with `faults`, then stops it.
func withBridge<T>(
    _ faults: FakeBridge.Faults = .init(), retries: Int = 4, requestTimeout: Double = 5,
    _ body: (BridgeClient, FakeBridge) async throws -> T
) async throws -> T {
    let signer = try RelaySigner(privateKeyHex: clientKey)
    let bridge = FakeBridge(signerAddress: signer.address, faults: faults)
    let url = try bridge.start()
    defer { bridge.stop() }
    let client = BridgeClient(baseURL: url, signer: signer, retries: retries, backoff: 0.01, requestTimeout: requestTimeout)
    return try await body(client, bridge)
}

@Suite(.serialized) struct BridgeClientTests {
    @Test func aTaskWalksTheLifecycleAndItsResultIsFetched() async throws {
        try await withBridge { client, bridge in
            let created = try await client.create(request("t-1"))
            #expect(created.status == .pending)
            var seen: [TaskStatus] = []
            let done = try await client.wait(clientID: "genki", taskID: created.id, poll: 0.01, timeout: 3_600) { seen.append($0.status) }
            #expect(done.status == .endSuccess)
            #expect(seen == Array(FakeBridge.successPath.dropFirst()), "every status is seen, in order")
            #expect(try await client.result(clientID: "genki", taskID: created.id, index: 0) == FakeBridge.result)
            #expect(bridge.taskCount == 1)
        }
    }

    @Test func serverErrorsAreRetriedAndGiveUpAfterTheLastAttempt() async throws {
        try await withBridge(FakeBridge.Faults(serverErrors: 3)) { client, bridge in
            let created = try await client.create(request("t-2"))
            #expect(created.id == 1 && bridge.requests == 4)
        }
        try await withBridge(FakeBridge.Faults(alwaysFail: true), retries: 2) { client, bridge in
            await #expect(throws: BridgeError.server(status: 500, message: "internal server error")) { try await client.create(request("t-3")) }
            #expect(bridge.requests == 3)
        }
    }

    @Test func aSlowResponseTimesOutAndTheRetrySucceeds() async throws {
        try await withBridge(FakeBridge.Faults(slowResponses: 1, delay: 4), requestTimeout: 1) { client, bridge in
            let created = try await client.create(request("t-4"))
            #expect(created.id == 1)
            #expect(bridge.taskCount == 1, "the timed-out first attempt and the retry are one task")
            #expect(bridge.requests == 2, "the first, slow attempt timed out and was retried")
        }
    }

    @Test func resubmissionAfterALostAnswerIsIdempotent() async throws {
        try await withBridge(FakeBridge.Faults(failAfterCreate: 2)) { client, bridge in
            let created = try await client.create(request("t-5"))
            let again = try await client.create(request("t-5"))
            #expect(created.id == again.id)
            #expect(bridge.taskCount == 1)
        }
    }

    @Test func abortedTasksValidationErrorsBadSignaturesAndDeadBridgesAreTypedErrors() async throws {
        try await withBridge(FakeBridge.Faults(abortTasks: true)) { client, _ in
            let created = try await client.create(request("t-6"))
            await #expect(throws: BridgeError.taskFailed(.endAborted, abortReason: 1)) {
                try await client.wait(clientID: "genki", taskID: created.id, poll: 0.01, timeout: 3_600)
            }
        }
        try await withBridge { client, bridge in
            do {
                _ = try await client.create(request("t-7", args: "not json", repeatNum: 9))
                Issue.record("an invalid request was accepted")
            } catch let error as BridgeError {
                guard case .validation(let m) = error else {
                    Issue.record("wrong error \(error)")
                    return
                }
                #expect(m.contains("task_args") && m.contains("repeat_num"))
            }
            #expect(bridge.requests == 1, "validation errors are not retried")
            await #expect(throws: BridgeError.notFound) { try await client.status(clientID: "genki", taskID: 99) }
        }
        let signer = try RelaySigner(privateKeyHex: clientKey)
        let impostor = try RelaySigner(privateKeyHex: String(repeating: "3b", count: 32))
        let bridge = FakeBridge(signerAddress: signer.address)
        let url = try bridge.start()
        let client = BridgeClient(baseURL: url, signer: impostor, retries: 1, backoff: 0.01)
        await #expect(throws: BridgeError.unauthorized("invalid signature")) { try await client.create(request("t-8")) }
        bridge.stop()
        let dead = BridgeClient(baseURL: url, signer: signer, retries: 1, backoff: 0.01, requestTimeout: 2)
        do {
            _ = try await dead.create(request("t-9"))
            Issue.record("a dead bridge answered")
        } catch let error as BridgeError {
            guard case .network = error else {
                Issue.record("wrong error \(error)")
                return
            }
        }
    }

    @Test func musicgenTemplatePointsAtTheShards() throws {
        let args = MusicGenFinetune.taskArgs(datasetURL: "https://example.invalid/shards/", checksumsSHA256: String(repeating: "a", count: 64), samples: 12)
        let object = try JSONSerialization.jsonObject(with: Data(args.utf8)) as? [String: Any]
        let dataset = object?["dataset"] as? [String: Any]
        #expect(dataset?["url"] as? String == "https://example.invalid/shards/")
        #expect(dataset?["format"] as? String == "webdataset")
        #expect((dataset?["samples"] as? NSNumber)?.intValue == 12)
    }
}
