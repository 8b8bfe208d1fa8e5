import Foundation
import GenkiFixtures
import GenkiModel
import GenkiRegistry

func temporaryDirectory() throws -> URL { try makeTemporaryDirectory(prefix: "genki-registry-test") }

/// A fresh registry in a new temporary folder.
func freshRegistry(migrate: Bool = true) throws -> (Registry, URL) {
    let dir = try temporaryDirectory()
    return (try Registry(path: dir.appendingPathComponent("r.db").path, migrate: migrate), dir)
}

/// A synthetic item with hashes derived from `n`.
func syntheticItem(_ n: Int, path: String? = nil) -> CatalogItem {
    var item = CatalogItem(
        path: path ?? "music/\(n).flac", kind: n % 3 == 0 ? .midi : .audio, sizeBytes: Int64(1_000 + n), fileHash: String(format: "%032x", n),
        contentHash: String(format: "%032x", n / 2), durationSeconds: Double(30 + n % 90), quality: 100
    )
    item.sampleRate = 44_100
    item.channels = 2
    item.codec = "flac"
    item.loudnessLUFS = -14
    item.clippingRatio = 0
    item.silenceRatio = 0.01
    item.bandwidthHz = 16_000
    if item.kind == .audio {
        item.noiseFloorBelowRMS = -40 - Double(n % 7)
        item.lossless = n % 2 == 0
    }
    return item
}
