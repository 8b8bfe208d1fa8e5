import Foundation
import GenkiCore
import GenkiFingerprint
import GenkiMIDI
import GenkiModel

/// Per-partition signature files for distributed dedup: each rank writes its items' hashes and
/// fingerprints (`part-R-of-W.jsonl`, schema `schemas/dedup-partition.schema.json`) and then a
/// completion marker (`part-R-of-W.done`, schema `schemas/dedup-partition-done.schema.json`);
/// `merge` joins all ranks once every marker is present.
public enum PartitionFile {
    /// One line of a partition file.
    public struct Record: Codable, Sendable, Equatable {
        public var schema = "genki.dedup-partition/1"
        public var path: String
        public var kind: MediaKind
        public var fileHash: String
        public var contentHash: String
        public var durationSeconds: Double
        public var quality: Double
        public var registeredAt: Int64?
        /// Audio fingerprint in its compact stored form (`AudioFingerprintCodec`), base64.
        public var audioFrames: String?
        /// Symbolic shingles as little-endian 64-bit values, base64.
        public var midiShingles: String?
        /// For MIDI with cross-modal matching: the render's fingerprint, compact form, base64.
        public var renderedFrames: String?

        enum CodingKeys: String, CodingKey {
            case schema, path, kind, quality
            case fileHash = "file_xxh3_128"
            case contentHash = "content_xxh3_128"
            case durationSeconds = "duration_s"
            case registeredAt = "registered_at"
            case audioFrames = "audio_fingerprint"
            case midiShingles = "midi_shingles"
            case renderedFrames = "rendered_fingerprint"
        }
    }

    /// The completion marker, written last.
    public struct Done: Codable, Sendable, Equatable {
        public var schema = "genki.dedup-partition-done/1"
        public var rank: Int
        public var worldSize: Int
        public var items: Int
        /// XXH3-128 of the partition file's bytes.
        public var fileXXH3: String

        enum CodingKeys: String, CodingKey {
            case schema, rank, items
            case worldSize = "world_size"
            case fileXXH3 = "file_xxh3_128"
        }
    }

    /// Errors reading or writing partitions.
    public enum Failure: Error, Equatable, GenkiError {
        case missingRanks([Int])
        case corrupt(String)
        case io(String)

        public var description: String {
            switch self {
            case .missingRanks(let r): return "partitions not finished: ranks \(r.map(String.init).joined(separator: ", "))"
            case .corrupt(let what): return "corrupt partition: \(what)"
            case .io(let what): return what
            }
        }
    }

    public static func dataName(rank: Int, worldSize: Int) -> String { "part-\(rank)-of-\(worldSize).jsonl" }
    public static func doneName(rank: Int, worldSize: Int) -> String { "part-\(rank)-of-\(worldSize).done" }

    /// Which rank owns a path: XXH3 of its bytes modulo the world size.
    public static func owner(of path: String, worldSize: Int) -> Int {
        Int(XXH3Hasher.hash(Array(path.utf8)).low % UInt64(worldSize))
    }

    /// Whether a rank already finished (its marker exists).
    public static func isDone(directory: URL, rank: Int, worldSize: Int) -> Bool {
        FileManager.default.fileExists(atPath: directory.appendingPathComponent(doneName(rank: rank, worldSize: worldSize)).path)
    }

    static func record(_ item: CatalogItem) -> Record {
        let shingles = item.symbolic.map { Data($0.shingleBytes).base64EncodedString() }
        return Record(
            path: item.path, kind: item.kind, fileHash: item.fileHash, contentHash: item.contentHash,
            durationSeconds: item.durationSeconds, quality: item.quality, registeredAt: item.registeredAt,
            audioFrames: item.audio.map { Data($0.encoded()).base64EncodedString() }, midiShingles: shingles,
            renderedFrames: item.rendered.map { Data($0.encoded()).base64EncodedString() }
        )
    }

    static func item(_ r: Record) throws(Failure) -> CatalogItem {
        var audio: AudioFingerprint?
        if let frames = r.audioFrames {
            guard let data = Data(base64Encoded: frames), let f = try? AudioFingerprint(encoded: [UInt8](data)) else {
                throw .corrupt("bad audio fingerprint")
            }
            audio = f
        }
        var symbolic: SymbolicFingerprint?
        if let text = r.midiShingles {
            guard let data = Data(base64Encoded: text), let s = SymbolicFingerprint(shingleBytes: [UInt8](data)) else {
                throw .corrupt("bad MIDI shingles")
            }
            symbolic = s
        }
        var item = CatalogItem(
            path: r.path, kind: r.kind, fileHash: r.fileHash, contentHash: r.contentHash, durationSeconds: r.durationSeconds,
            quality: r.quality, registeredAt: r.registeredAt, audio: audio, symbolic: symbolic
        )
        if let frames = r.renderedFrames {
            guard let data = Data(base64Encoded: frames), let f = try? AudioFingerprint(encoded: [UInt8](data)) else {
                throw .corrupt("bad rendered fingerprint")
            }
            item.rendered = f
        }
        return item
    }

    /// Writes a rank's items: data to a temporary name, renamed, then the marker the same way.
    public static func write(_ items: [CatalogItem], directory: URL, rank: Int, worldSize: Int) throws {
        let fm = FileManager.default
        try fm.createDirectory(at: directory, withIntermediateDirectories: true)
        let encoder = JSONOutput.encoder()
        var data = Data()
        for item in items.sorted(by: { $0.path.utf8.lexicographicallyPrecedes($1.path.utf8) }) {
            data.append(try encoder.encode(record(item)))
            data.append(0x0A)
        }
        let final = directory.appendingPathComponent(dataName(rank: rank, worldSize: worldSize))
        try replaceAtomically(final, with: data)
        let done = Done(rank: rank, worldSize: worldSize, items: items.count, fileXXH3: XXH3Hasher.hash([UInt8](data)).hex)
        let marker = directory.appendingPathComponent(doneName(rank: rank, worldSize: worldSize))
        try replaceAtomically(marker, with: try encoder.encode(done))
    }

    /// Writes `data` to a fresh temporary file of genki's own (`.genki-tmp-<random>-NAME`,
    /// created exclusively), flushes it to disk and renames it over `url`: readers see the old
    /// file or the new one, never a part. Errors name the file and the OS reason.
    static func replaceAtomically(_ url: URL, with data: Data) throws {
        do { try AtomicFile.write([UInt8](data), to: url) } catch { throw Failure.io(error.message) }
    }

    /// Loads every rank of a finished run; fails naming the ranks without a marker.
    public static func load(directory: URL, worldSize: Int) throws -> [CatalogItem] {
        let missing = (0..<worldSize).filter { !isDone(directory: directory, rank: $0, worldSize: worldSize) }
        guard missing.isEmpty else { throw Failure.missingRanks(missing) }
        let decoder = JSONDecoder()
        var items: [CatalogItem] = []
        for rank in 0..<worldSize {
            let markerData = try Data(contentsOf: directory.appendingPathComponent(doneName(rank: rank, worldSize: worldSize)))
            let done = try decoder.decode(Done.self, from: markerData)
            let data = try Data(contentsOf: directory.appendingPathComponent(dataName(rank: rank, worldSize: worldSize)))
            guard XXH3Hasher.hash([UInt8](data)).hex == done.fileXXH3 else { throw Failure.corrupt("rank \(rank) does not match its marker") }
            for line in data.split(separator: 0x0A) where !line.isEmpty {
                items.append(try item(decoder.decode(Record.self, from: Data(line))))
            }
        }
        return items
    }

    /// The world size of the finished run in `directory`, read from its markers' names
    /// (`part-R-of-W.done`); nil when there are none or they disagree.
    public static func finishedWorldSize(directory: URL) -> Int? {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: directory.path)) ?? []
        let sizes = Set(
            names.compactMap { name -> Int? in
                guard name.hasPrefix("part-"), name.hasSuffix(".done"), let of = name.range(of: "-of-") else { return nil }
                return Int(name[of.upperBound..<name.index(name.endIndex, offsetBy: -5)])
            })
        return sizes.count == 1 ? sizes.first : nil
    }

    /// Rank and world size from a scheduler's environment: Slurm job arrays
    /// (`SLURM_ARRAY_TASK_ID`, `SLURM_ARRAY_TASK_COUNT`) or Kubernetes Indexed Jobs
    /// (`JOB_COMPLETION_INDEX`; the world size then comes from the command line).
    public static func fromEnvironment(_ env: [String: String]) -> (rank: Int?, worldSize: Int?) {
        if let id = env["SLURM_ARRAY_TASK_ID"].flatMap(Int.init) {
            let minimum = env["SLURM_ARRAY_TASK_MIN"].flatMap(Int.init) ?? 0
            return (id - minimum, env["SLURM_ARRAY_TASK_COUNT"].flatMap(Int.init))
        }
        if let index = env["JOB_COMPLETION_INDEX"].flatMap(Int.init) { return (index, nil) }
        return (nil, nil)
    }
}
