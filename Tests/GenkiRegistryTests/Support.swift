import Foundation
import GenkiFixtures
import GenkiRegistry

func temporaryDirectory() throws -> URL { try makeTemporaryDirectory(prefix: "genki-registry-test") }

/// A fresh registry in a new temporary folder.
func freshRegistry(migrate: Bool = true) throws -> (Registry, URL) {
    let dir = try temporaryDirectory()
    return (try Registry(path: dir.appendingPathComponent("r.db").path, migrate: migrate), dir)
}

/// A synthetic item with hashes derived from `n`.
func syntheticItem(_ n: Int, dataset: Int64, path: String? = nil, at time: Int64 = 1_000) -> StoredItem {
    let hex = String(format: "%032x", n)
    return StoredItem(
        id: 0, datasetID: dataset, path: path ?? "music/\(n).flac", kind: n % 3 == 0 ? .midi : .audio, sizeBytes: Int64(1_000 + n),
        fileXXH3: hex, contentXXH3: String(format: "%032x", n / 2), durationSeconds: Double(30 + n % 90), sampleRate: 44_100,
        channels: 2, codec: "flac", loudnessLUFS: -14, clippingRatio: 0, silenceRatio: 0.01, bandwidthHz: 16_000,
        quality: 100, registeredAt: time, fingerprint: nil
    )
}
