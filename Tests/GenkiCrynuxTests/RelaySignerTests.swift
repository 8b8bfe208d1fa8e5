import Foundation
import GenkiCore
import GenkiFixtures
import Testing

@testable import GenkiCrynux

@Suite struct RelaySignerTests {
    /// 64 vectors from Python eth-keys/eth-hash: the canonical message, its Keccak-256, the
    /// signature (RFC 6979 nonces on both sides, so bytes match), and the recovered address.
    @Test func signaturesMatchEthKeysVectors() throws {
        let url = repositoryRoot.appendingPathComponent("fixtures/crynux/signature-vectors.json")
        let root = try JSONSerialization.jsonObject(with: Data(contentsOf: url)) as? [String: Any]
        let vectors = try #require(root?["vectors"] as? [[String: Any]])
        #expect(vectors.count == 64)
        for v in vectors {
            let fields = (v["fields"] as? [String: Any] ?? [:]).mapValues { canonicalJSON(parsed: $0) }
            let timestamp = (v["timestamp"] as? NSNumber)?.int64Value ?? 0
            let message = RelaySigner.message(fields: fields, timestamp: timestamp)
            #expect(String(decoding: message, as: UTF8.self) == v["message"] as? String)
            #expect(hex(Keccak256.hash(message)) == v["keccak256"] as? String)
            let signer = try RelaySigner(privateKeyHex: v["private_key"] as? String ?? "")
            #expect(signer.address == v["address"] as? String)
            let signature = try signer.sign(fields: fields, timestamp: timestamp)
            #expect(signature == v["signature"] as? String)
            #expect(RelaySigner.verify(fields: fields, timestamp: timestamp, signatureHex: signature, address: signer.address, now: timestamp + 30))
            #expect(TaskIDCommitment.make(taskIDHex: v["task_id"] as? String ?? "", nonceHex: v["nonce"] as? String ?? "") == v["task_id_commitment"] as? String)
        }
    }

    @Test func verificationRejectsTamperingAndStaleTimestamps() throws {
        let signer = try RelaySigner(privateKeyHex: String(repeating: "11", count: 32))
        let fields: [String: CanonicalJSON] = ["client_id": .string("genki"), "repeat_num": .int(1)]
        let signature = try signer.sign(fields: fields, timestamp: 1_000)
        #expect(RelaySigner.verify(fields: fields, timestamp: 1_000, signatureHex: signature, address: signer.address, now: 1_059))
        #expect(!RelaySigner.verify(fields: fields, timestamp: 1_000, signatureHex: signature, address: signer.address, now: 1_061), "outside ±60 s")
        #expect(!RelaySigner.verify(fields: ["client_id": .string("genki"), "repeat_num": .int(2)], timestamp: 1_000, signatureHex: signature, address: signer.address, now: 1_000))
        #expect(!RelaySigner.verify(fields: fields, timestamp: 1_001, signatureHex: signature, address: signer.address, now: 1_000))
        #expect(throws: SignatureError.self) { try RelaySigner(privateKeyHex: String(repeating: "00", count: 32)) }
        #expect(throws: SignatureError.self) { try RelaySigner(privateKeyHex: "xyz") }
    }
}
