import Foundation
import GenkiFixtures
import GenkiShards

/// Shard writing: genki's `ShardWriter` vs Python `webdataset.ShardWriter`, writing the same
/// samples (10 s mono 44.1 kHz WAV + JSON sidecar, read from the same flat folder) into
/// 100-sample shards.
enum ShardBench {
    nonisolated(unsafe) static var syncShards = true

    static func run(samples n: Int, directory: URL, python: String) throws {
        print("")
        print("shard writing: \(n) samples (10 s WAV + JSON each) into 100-sample tars; genki ShardWriter vs webdataset.ShardWriter")
        let flat = directory.appendingPathComponent("flat")
        try FileManager.default.createDirectory(at: flat, withIntermediateDirectories: true)
        let have = (try? FileManager.default.contentsOfDirectory(atPath: flat.path).filter { $0.hasSuffix(".wav") }.count) ?? 0
        if have != n {
            try? FileManager.default.removeItem(at: flat)
            try FileManager.default.createDirectory(at: flat, withIntermediateDirectories: true)
            for i in 0..<n {
                let x = ChiptuneSynth().render(ChiptuneSynth.Piece(seed: UInt64(90_000 + i), duration: 10, sampleRate: 44_100, channels: 1))
                let pcm = x.map { Int16(max(-32_768, min(32_767, ($0 * 32_768).rounded()))) }
                let key = String(format: "%032x", i)
                try Data(WAVEncoder.encode(pcm, sampleRate: 44_100)).write(to: flat.appendingPathComponent(key + ".wav"))
                try Data("{\"key\":\"\",\"sample_rate\":44100,\"duration\":10.0,\"title\":\"\",\"name\":\"\"}".utf8).write(to: flat.appendingPathComponent(key + ".json"))
            }
        }
        let names = try FileManager.default.contentsOfDirectory(atPath: flat.path).filter { $0.hasSuffix(".wav") }.map { String($0.dropLast(4)) }.sorted()
        // Warm the page cache for both sides.
        for name in names { _ = try Data(contentsOf: flat.appendingPathComponent(name + ".wav")) }
        let out = directory.appendingPathComponent("genki-out")
        var genkiTimes: [(Double, Double)] = []
        var totalBytes = 0
        try? FileManager.default.removeItem(at: out)
        try FileManager.default.createDirectory(at: out, withIntermediateDirectories: true)
        for sync in [false, true] {
            syncShards = sync
            try? FileManager.default.removeItem(at: out)
            try FileManager.default.createDirectory(at: out, withIntermediateDirectories: true)
            let wall0 = Date()
            let cpu0 = RegistryBench.cpu()
            var bytes = 0
            defer { totalBytes = bytes }
            let writer = ShardWriter(directory: out, name: "genki", maxSamples: 100, maxBytes: 1 << 40)
            writer.sync = syncShards
            for name in names {
                let wav = [UInt8](try Data(contentsOf: flat.appendingPathComponent(name + ".wav")))
                let json = [UInt8](try Data(contentsOf: flat.appendingPathComponent(name + ".json")))
                bytes += wav.count + json.count
                try writer.add([(name + ".json", json), (name + ".wav", wav)])
            }
            try writer.finish()
            let genkiWall = Date().timeIntervalSince(wall0)
            let genkiCPU = RegistryBench.cpu() - cpu0
            let mb = Double(bytes) / 1e6
            genkiTimes.append((genkiWall, genkiCPU))
            print(
                String(
                    format: "  %-30@ %7.2f s wall %7.2f s CPU  %8.1f MB/s  %8.0f samples/s", syncShards ? "genki ShardWriter (fsync)" : "genki ShardWriter (no fsync)", genkiWall, genkiCPU,
                    mb / genkiWall, Double(n) / genkiWall))
        }
        let mb = Double(totalBytes) / 1e6
        guard FileManager.default.isExecutableFile(atPath: python) else {
            print("  webdataset peer skipped: \(python) not found (make bench-deps)")
            return
        }
        let peerOut = directory.appendingPathComponent("peer-out")
        try? FileManager.default.removeItem(at: peerOut)
        let text = try PeerProcess.run(python, ["bench/peer_webdataset.py", flat.path, peerOut.path, "100"]).stdout
        let parts = text.split(separator: " ").compactMap { Double($0.trimmingCharacters(in: .whitespacesAndNewlines)) }
        guard parts.count == 4 else {
            print("  webdataset peer failed")
            return
        }
        print(String(format: "  %-30@ %7.2f s wall %7.2f s CPU  %8.1f MB/s  %8.0f samples/s", "webdataset.ShardWriter", parts[0], parts[1], mb / parts[0], Double(n) / parts[0]))
        for (label, t) in zip(["without fsync (as the peer)", "with fsync per shard"], genkiTimes) {
            print(String(format: "  genki %@: %.2f× the peer's speed (wall), %.2f× less CPU", label, parts[0] / t.0, parts[1] / max(t.1, 1e-6)))
        }
    }
}
