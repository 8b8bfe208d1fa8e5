import Foundation
import GenkiFixtures
import Testing

@testable import GenkiBittensor

/// The golden vectors: `fixtures/bittensor/weight-vectors.json`, made by the real SDK
/// (`make test-bittensor` regenerates them live and points GENKI_BITTENSOR_VECTORS at the result).
func loadVectors() throws -> (version: String, cases: [[String: Any]]) {
    let path =
        ProcessInfo.processInfo.environment["GENKI_BITTENSOR_VECTORS"]
        ?? repositoryRoot.appendingPathComponent("fixtures/bittensor/weight-vectors.json").path
    let object = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: path))) as? [String: Any]
    return (object?["sdk_version"] as? String ?? "?", object?["cases"] as? [[String: Any]] ?? [])
}

func floats(_ any: Any?) -> [Float] {
    (any as? [Any] ?? []).map { v in
        if let d = v as? Double { return Float(d) }
        if let n = v as? NSNumber { return n.floatValue }
        switch v as? String {
        case "nan": return .nan
        case "inf": return .infinity
        case "-inf": return -.infinity
        default: return .nan
        }
    }
}

func ints(_ any: Any?) -> [Int64] { (any as? [Any] ?? []).compactMap { ($0 as? NSNumber)?.int64Value } }

@Suite struct WeightParityTests {
    @Test func everySDKVectorIsReproducedExactly() throws {
        let (version, cases) = try loadVectors()
        #expect(cases.count >= 1_000, "at least 1,000 SDK vectors")
        var emitted = 0
        var processed = 0
        var errors = 0
        var mismatches: [String] = []
        for (i, c) in cases.enumerated() {
            let uids = ints(c["uids"])
            let weights = floats(c["weights"])
            let expected = c["expected"] as? [String: Any] ?? [:]
            var emitUIDs = uids
            var emitWeights = weights
            if c["kind"] as? String == "process" {
                let neurons = (c["neurons"] as? NSNumber)?.intValue ?? 0
                let minAllowed = (c["min_allowed_weights"] as? NSNumber)?.intValue ?? 0
                let limit = (c["max_weight_limit"] as? NSNumber)?.doubleValue ?? 1
                let result = WeightProcessor.process(uids: uids, weights: weights, neurons: neurons, minAllowedWeights: minAllowed, maxWeightLimit: limit)
                let sdkUIDs = ints(c["processed_uids"])
                let sdkWeights = (c["processed_weights"] as? [Any] ?? []).compactMap { ($0 as? NSNumber)?.doubleValue }
                if result.uids != sdkUIDs || result.weights.count != sdkWeights.count
                    || zip(result.weights, sdkWeights).contains(where: { Float($0) != Float($1) })
                {
                    mismatches.append("case \(i): processed weights differ")
                }
                emitWeights = result.weights.map { Float($0) }
                emitUIDs = result.uids
                processed += 1
            }
            do {
                let (u, w) = try WeightEmitter.convertForEmit(uids: emitUIDs, weights: emitWeights)
                if expected["error"] != nil { mismatches.append("case \(i): the SDK raises \(expected["error"] ?? ""), genki emits") }
                if u != ints(expected["uids"]) || w.map(Int64.init) != ints(expected["weights"]) { mismatches.append("case \(i): emitted weights differ") }
                emitted += 1
            } catch {
                if expected["error"] == nil { mismatches.append("case \(i): genki rejects (\(error)), the SDK emits") }
                errors += 1
            }
        }
        #expect(mismatches.isEmpty, "against bittensor \(version): \(mismatches.count) of \(cases.count) differ, first: \(mismatches.prefix(5))")
        #expect(processed > 300 && errors > 3 && emitted > 700)
    }

    @Test func theIssueExample() throws {
        let (u, w) = try WeightEmitter.convertForEmit(uids: [0, 1, 2, 3], weights: [0.1, 0.5, 0, 0.4])
        #expect(u == [0, 1, 3] && w == [13_107, 65_535, 52_428])
    }
}
