import Foundation
import GenkiCore
import GenkiDedup
import GenkiFingerprint
import GenkiFixtures
import GenkiMIDI
import GenkiModel
import Testing

@Suite struct PartitionFileTests {
    static func items(_ count: Int, seed: UInt64) -> [CatalogItem] {
        var rng = SplitMix64(seed: seed)
        return (0..<count).map { i in
            let midi = i % 3 == 0
            var item = CatalogItem(
                path: "set/\(i)-\(rng.next() % 1000).\(midi ? "mid" : "flac")", kind: midi ? .midi : .audio,
                fileHash: String(format: "%032llx", rng.next()), contentHash: String(format: "%032llx", rng.next()),
                durationSeconds: Double(rng.next() % 6000) / 10, quality: Double(rng.next() % 200), registeredAt: i % 2 == 0 ? Int64(i) : nil
            )
            if midi {
                item.symbolic = SymbolicFingerprint(shingles: (0..<20).map { _ in rng.next() })
                if i % 2 == 0 { item.rendered = AudioFingerprint(symbols: (0..<AudioFingerprint.bins * 12).map { _ in UInt8(rng.next() % UInt64(AudioFingerprint.levels)) }) }
            } else {
                item.audio = AudioFingerprint(symbols: (0..<AudioFingerprint.bins * 30).map { _ in UInt8(rng.next() % UInt64(AudioFingerprint.levels)) })
            }
            return item
        }
    }

    static func same(_ a: CatalogItem, _ b: CatalogItem) -> Bool {
        a.path == b.path && a.kind == b.kind && a.fileHash == b.fileHash && a.contentHash == b.contentHash
            && a.durationSeconds == b.durationSeconds && a.quality == b.quality && a.registeredAt == b.registeredAt
            && a.audio == b.audio && a.symbolic?.shingles == b.symbolic?.shingles && a.rendered == b.rendered
    }

    /// Property: every rank's items, written and loaded back, are the items (each once, fields intact).
    @Test func ranksWriteAndLoadBackEveryItem() throws {
        for worldSize in [1, 3, 5] {
            let dir = try makeTemporaryDirectory(prefix: "genki-partition")
            defer { try? FileManager.default.removeItem(at: dir) }
            let all = Self.items(40, seed: UInt64(worldSize))
            for rank in 0..<worldSize {
                let mine = all.filter { PartitionFile.owner(of: $0.path, worldSize: worldSize) == rank }
                try PartitionFile.write(mine, directory: dir, rank: rank, worldSize: worldSize)
                #expect(PartitionFile.isDone(directory: dir, rank: rank, worldSize: worldSize))
            }
            #expect(PartitionFile.finishedWorldSize(directory: dir) == worldSize)
            let loaded = try PartitionFile.load(directory: dir, worldSize: worldSize)
            #expect(loaded.count == all.count)
            for item in all {
                #expect(loaded.filter { Self.same($0, item) }.count == 1, "\(item.path)")
            }
            #expect(try FileManager.default.contentsOfDirectory(atPath: dir.path).allSatisfy { !$0.hasPrefix(AtomicFile.prefix) })
        }
    }

    @Test func ownershipIsStableAndCoversEveryRank() {
        let paths = (0..<2_000).map { "music/artist-\($0 % 37)/track-\($0).flac" }
        for worldSize in [1, 2, 7, 16] {
            let owners = paths.map { PartitionFile.owner(of: $0, worldSize: worldSize) }
            #expect(owners == paths.map { PartitionFile.owner(of: $0, worldSize: worldSize) })
            #expect(owners.allSatisfy { (0..<worldSize).contains($0) })
            let counts = Dictionary(grouping: owners, by: { $0 }).mapValues(\.count)
            #expect(counts.count == worldSize)
            #expect(counts.values.allSatisfy { Double($0) > 0.6 * Double(paths.count) / Double(worldSize) }, "\(counts)")
        }
    }

    @Test func anUnfinishedRankOrAChangedFileIsRefused() throws {
        let dir = try makeTemporaryDirectory(prefix: "genki-partition")
        defer { try? FileManager.default.removeItem(at: dir) }
        let all = Self.items(12, seed: 9)
        try PartitionFile.write(Array(all[0..<6]), directory: dir, rank: 0, worldSize: 3)
        try PartitionFile.write(Array(all[6...]), directory: dir, rank: 2, worldSize: 3)
        #expect(throws: PartitionFile.Failure.missingRanks([1])) { try PartitionFile.load(directory: dir, worldSize: 3) }
        try PartitionFile.write([], directory: dir, rank: 1, worldSize: 3)
        #expect(try PartitionFile.load(directory: dir, worldSize: 3).count == 12)
        // One byte changed after the marker was written.
        let data = dir.appendingPathComponent(PartitionFile.dataName(rank: 2, worldSize: 3))
        var bytes = try [UInt8](Data(contentsOf: data))
        bytes[bytes.count / 2] ^= 0x01
        try Data(bytes).write(to: data)
        #expect(throws: PartitionFile.Failure.corrupt("rank 2 does not match its marker")) { try PartitionFile.load(directory: dir, worldSize: 3) }
    }

    @Test func schedulerEnvironmentsGiveRankAndWorldSize() {
        #expect(PartitionFile.fromEnvironment(["SLURM_ARRAY_TASK_ID": "7", "SLURM_ARRAY_TASK_MIN": "5", "SLURM_ARRAY_TASK_COUNT": "4"]) == (2, 4))
        #expect(PartitionFile.fromEnvironment(["JOB_COMPLETION_INDEX": "3"]) == (3, nil))
        #expect(PartitionFile.fromEnvironment([:]) == (nil, nil))
    }
}
