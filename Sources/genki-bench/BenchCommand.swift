import ArgumentParser
import Foundation
import GenkiAudio
import GenkiCore
import GenkiFingerprint
import GenkiFixtures
import GenkiMIDI
import GenkiModel

/// `make bench`: ingest throughput against fpcalc (Chromaprint) and Python soundfile+soxr,
/// measured in one run over the same generated collection; prints a table of ratios.
@main
struct BenchCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "genki-bench",
        abstract: "Benchmark genki ingest against fpcalc and soundfile+soxr on a generated collection."
    )

    @Option(help: "The genki binary to measure (a release build).")
    var genki: String = ".build/release/genki"

    @Option(help: "Folder for the generated collection (kept between runs).")
    var data: String = "bench-data/ingest"

    @Option(help: "Audio hours to generate.")
    var hours: Double = 1.0

    @Option(help: "Python interpreter with soundfile and soxr (skipped when missing).")
    var python: String = ".venv-bench/bin/python"

    @Flag(help: "Skip the audio ingest benchmark.")
    var skipAudio = false

    @Flag(help: "Skip the MIDI benchmark.")
    var skipMIDI = false

    @Option(help: "MIDI files to generate for the MIDI benchmark.")
    var midiFiles: Int = 1_000

    @Option(help: "Synthetic items for the MinHash LSH benchmark (0 skips it).")
    var lshItems: Int = 1_000_000

    @Option(help: "Internal: run only genki's side of the LSH benchmark with this many items.")
    var lshOnly: Int?

    @Option(help: "Pieces for the audio fingerprint robustness benchmark (0 skips it).")
    var fingerprintPieces: Int = 200

    @Option(help: "Items for the registry bulk-insert benchmark (0 skips it).")
    var registryItems: Int = 100_000

    @Option(help: "Registry size for the audit benchmark (0 skips it).")
    var auditRegistry: Int = 1_000_000

    @Option(help: "Sketch size for the audit benchmark.")
    var auditSketch: Int = 100_000

    @Flag(help: "Run only the registry and audit benchmarks.")
    var registryOnly = false

    @Option(help: "Generated MOD and VGM files for the chip render benchmark (0 skips it).")
    var chipFiles: Int = 20

    @Flag(help: "Run only the chip render benchmark.")
    var chipOnly = false

    @Option(help: "Samples for the shard-writing benchmark (0 skips it).")
    var shardSamples: Int = 1_000

    @Flag(help: "Run only the shard-writing benchmark.")
    var shardOnly = false

    @Option(help: "A real-music disguise grid (bench/disguise_grid.py) for the landmark benchmark.")
    var grid: String?

    @Option(help: "Votes a landmark candidate needs in the grid benchmark.")
    var gridVotes: Int = 6

    @Option(help: "Originals (with their copies) for the dedup comparison on the grid, index vs exhaustive (0 skips it).")
    var gridDedupOriginals: Int = 200

    @Option(help: "Synthetic items for the landmark index scale benchmark (needs --grid for real key statistics; 0 skips it).")
    var landmarkItems: Int = 1_000_000

    @Flag(help: "With --grid: only the scale benchmark (real key statistics from the grid's originals).")
    var gridScaleOnly = false

    @Flag(help: "With --grid: also the audit on the grid (copier and honest novelty per disguise).")
    var gridAudit = false

    @Flag(help: "Run only the grid benchmark.")
    var gridOnly = false

    @Option(help: "With --grid: dedup of the whole grid, index vs exhaustive, the exhaustive cost measured on a random subset of this many clips (0 skips it).")
    var gridDedupScale: Int = 0

    @Flag(help: "Skip the default-ingest and resampler benchmark.")
    var skipResample = false

    @Flag(help: "Run only the default-ingest and resampler benchmark.")
    var resampleOnly = false

    @Option(help: "Only the symbolic-tier grid on the real tracker modules under this folder (disguised copies against originals).")
    var moduleGrid: String?

    func run() async throws {
        if let moduleGrid {
            try ModuleGridBench.run(directory: moduleGrid)
            return
        }
        if let grid {
            let real: [AudioFingerprint]
            if gridDedupScale > 0 {
                try await DedupScaleBench.run(grid: grid, sample: gridDedupScale)
                if gridOnly { return }
            }
            if gridScaleOnly {
                let g = try DisguiseGrid(root: grid)
                let all = await GridFingerprints.compute(g.originals.map(g.path))
                real = g.originals.compactMap { all[g.path($0)] }
            } else {
                real = try await LandmarkBench.run(grid: grid, minimumVotes: gridVotes, dedupOriginals: gridDedupOriginals)
            }
            if gridAudit { try await AuditGridBench.run(grid: grid) }
            if landmarkItems > 0 { await LandmarkScaleBench.run(items: landmarkItems, real: real, minimumVotes: gridVotes) }
            if gridOnly { return }
        }
        if chipOnly || (chipFiles > 0 && !registryOnly && !shardOnly && !resampleOnly && lshOnly == nil) {
            try ChipBench.run(files: max(1, chipFiles), directory: URL(fileURLWithPath: data).deletingLastPathComponent().appendingPathComponent("chip"))
            if chipOnly { return }
        }
        let resampleData = URL(fileURLWithPath: data).deletingLastPathComponent().appendingPathComponent("resample")
        if resampleOnly {
            try ResampleBench.run(directory: resampleData, python: python)
            return
        }
        // The child process of the LSH benchmark: genki's side only, nothing else printed.
        if let n = lshOnly {
            LSHBench.runGenki(items: n)
            return
        }
        if shardSamples > 0 && !registryOnly {
            try ShardBench.run(samples: shardSamples, directory: URL(fileURLWithPath: data).deletingLastPathComponent().appendingPathComponent("shards"), python: python)
        }
        if shardOnly { return }
        let registryData = URL(fileURLWithPath: data).deletingLastPathComponent().appendingPathComponent("registry")
        if registryItems > 0 { try RegistryBench.run(items: registryItems, directory: registryData) }
        if auditRegistry > 0 { try RegistryBench.audit(registryItems: auditRegistry, sketchItems: auditSketch, directory: registryData) }
        if registryOnly { return }
        if lshItems > 0 { try LSHBench.run(items: lshItems, python: python) }
        if fingerprintPieces > 0 {
            try CrossModalBench.run(pieces: 50)
            try await FingerprintBench.run(
                pieces: fingerprintPieces, seconds: 20,
                directory: URL(fileURLWithPath: data).deletingLastPathComponent().appendingPathComponent("fingerprint")
            )
        }
        if !skipAudio { try audio() }
        if !skipResample { try ResampleBench.run(directory: resampleData, python: python) }
        if !skipMIDI { try MIDIBench.run(directory: URL(fileURLWithPath: data).deletingLastPathComponent().appendingPathComponent("midi"), count: midiFiles, python: python) }
    }

    func audio() throws {
        let files = try Collection.ensure(at: URL(fileURLWithPath: data), hours: hours)
        let audioSeconds = Double(files.count) * Collection.pieceSeconds
        print("collection: \(files.count) files, \(String(format: "%.2f", audioSeconds / 3600)) audio-hours, 44.1 kHz stereo 16-bit WAV")
        print("machine: \(ProcessInfo.processInfo.activeProcessorCount) cores")
        Measure.warmCache(files)

        var rows: [Measure.Row] = []
        rows.append(
            try Measure.command(
                "genki ingest --profile fp --jobs 1", genki,
                ["ingest", data, "--profile", "fp", "--jobs", "1", "--jsonl", "--out", "/dev/null"]))
        rows.append(
            try Measure.command(
                "genki ingest --profile fp --fingerprint -j1", genki,
                ["ingest", data, "--profile", "fp", "--fingerprint", "--jobs", "1", "--jsonl", "--out", "/dev/null"]))
        rows.append(
            try Measure.command(
                "  the same --in-process (no worker)", genki,
                ["ingest", data, "--profile", "fp", "--fingerprint", "--jobs", "1", "--jsonl", "--out", "/dev/null", "--in-process"]))
        rows.append(
            try Measure.command(
                "genki ingest --profile genki --jobs 1", genki,
                ["ingest", data, "--profile", "genki", "--jobs", "1", "--jsonl", "--out", "/dev/null"]))
        let cores = ProcessInfo.processInfo.activeProcessorCount
        rows.append(
            try Measure.command(
                "genki ingest --profile fp --jobs \(cores)", genki,
                ["ingest", data, "--profile", "fp", "--jobs", "\(cores)", "--jsonl", "--out", "/dev/null"]))
        if let fpcalc = Measure.which("fpcalc") {
            rows.append(try Measure.each("fpcalc -length 0 (Chromaprint), per file", fpcalc, ["-length", "0"], files))
        } else {
            print("fpcalc not found: install libchromaprint-tools (make bench does)")
        }
        if FileManager.default.isExecutableFile(atPath: python) {
            rows.append(try Measure.command("python soundfile + soxr → 11025 Hz", python, ["bench/peer_soundfile_soxr.py", "11025"] + files))
        } else {
            print("\(python) not found: make bench creates it")
        }
        Measure.printTable(rows, audioSeconds: audioSeconds)
        if rows.count > 2 {
            print(
                String(
                    format: "decoding in a worker process (the default) costs %+.1f %% CPU against --in-process (genki ingest --profile fp --fingerprint -j1)",
                    100 * (rows[1].cpuSeconds / max(0.001, rows[2].cpuSeconds) - 1)))
        }

        // The same hour as one file: no per-process start-up on either side.
        let long = try Collection.concatenate(files, into: URL(fileURLWithPath: data).deletingLastPathComponent().appendingPathComponent("ingest-long/hour.wav"))
        Measure.warmCache([long])
        var longRows: [Measure.Row] = []
        longRows.append(
            try Measure.command(
                "genki ingest --profile fp (one 1 h file)", genki,
                ["ingest", long, "--profile", "fp", "--jobs", "1", "--jsonl", "--out", "/dev/null"]))
        longRows.append(
            try Measure.command(
                "genki ingest fp --fingerprint (one 1 h file)", genki,
                ["ingest", long, "--profile", "fp", "--fingerprint", "--jobs", "1", "--jsonl", "--out", "/dev/null"]))
        if let fpcalc = Measure.which("fpcalc") {
            longRows.append(try Measure.command("fpcalc -length 0 (one 1 h file)", fpcalc, ["-length", "0", long], accept: [0, 3]))
        }
        if FileManager.default.isExecutableFile(atPath: python) {
            longRows.append(try Measure.command("python soundfile + soxr (one 1 h file)", python, ["bench/peer_soundfile_soxr.py", "11025", long]))
        }
        print("")
        print("one file holding the same hour:")
        Measure.printTable(longRows, audioSeconds: audioSeconds)
        print("fpcalc exits with status 3 after printing its fingerprint for WAV input (\"Error decoding audio frame (End of file)\"); its output is complete and counted.")
    }
}

/// The generated benchmark collection.
enum Collection {
    static let pieceSeconds = 60.0

    /// Writes (once) all `files` back to back into one WAV; returns its path.
    static func concatenate(_ files: [String], into url: URL) throws -> String {
        if FileManager.default.fileExists(atPath: url.path) { return url.path }
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        let writer = try AudioWriter(path: url.path + ".tmp", format: .wavPCM16, sampleRate: 44_100, channels: 2)
        var buffer = [Float](repeating: 0, count: 8192 * 2)
        for file in files {
            let decoder = try AudioDecoder(path: file)
            while true {
                let n = try buffer.withUnsafeMutableBufferPointer { p -> Int in
                    guard let base = p.baseAddress else { return 0 }
                    return try decoder.read(into: base, frames: 8192)
                }
                if n == 0 { break }
                try buffer.withUnsafeBufferPointer { p in
                    if let base = p.baseAddress { try writer.write(base, frames: n) }
                }
            }
        }
        try writer.close()
        try FileManager.default.moveItem(atPath: url.path + ".tmp", toPath: url.path)
        return url.path
    }

    /// Writes (once) enough 60 s pieces for `hours` of audio; returns their paths in order.
    static func ensure(at dir: URL, hours: Double) throws -> [String] {
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        let count = Int((hours * 3600 / pieceSeconds).rounded(.up))
        let synth = ChiptuneSynth()
        var paths: [String] = []
        for i in 0..<count {
            let path = dir.appendingPathComponent(String(format: "piece-%04d.wav", i)).path
            paths.append(path)
            if FileManager.default.fileExists(atPath: path) { continue }
            let piece = ChiptuneSynth.Piece(seed: UInt64(1000 + i), duration: pieceSeconds, sampleRate: 44_100, channels: 2)
            let writer = try AudioWriter(path: path + ".tmp", format: .wavPCM16, sampleRate: 44_100, channels: 2)
            try writer.write(synth.render(piece))
            try writer.close()
            try FileManager.default.moveItem(atPath: path + ".tmp", toPath: path)
        }
        return paths
    }
}

/// Child-process timing through `getrusage(RUSAGE_CHILDREN)`.
enum Measure {
    struct Row {
        var name: String
        var cpuSeconds: Double
        var wallSeconds: Double
    }

    static func which(_ tool: String) -> String? {
        for dir in (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin").split(separator: ":") {
            let path = "\(dir)/\(tool)"
            if FileManager.default.isExecutableFile(atPath: path) { return path }
        }
        return nil
    }

    static func warmCache(_ files: [String]) {
        for file in files { _ = FileManager.default.contents(atPath: file) }
    }

    private static func childCPU() -> Double {
        var usage = rusage()
        getrusage(__rusage_who_t(RUSAGE_CHILDREN.rawValue), &usage)
        return Double(usage.ru_utime.tv_sec) + Double(usage.ru_utime.tv_usec) / 1e6
            + Double(usage.ru_stime.tv_sec) + Double(usage.ru_stime.tv_usec) / 1e6
    }

    static func command(_ name: String, _ executable: String, _ arguments: [String], accept: Set<Int32> = [0]) throws -> Row {
        let cpuBefore = childCPU()
        let start = Date()
        let outcome = try ChildProcess.run(executable, arguments)
        let wall = Date().timeIntervalSince(start)
        let cpu = childCPU() - cpuBefore
        if outcome.signal != nil || !accept.contains(outcome.status) {
            print("warning: \(name) exited with \(outcome.status)\(outcome.signal == nil ? "" : " (signal)")")
        }
        return Row(name: name, cpuSeconds: cpu, wallSeconds: wall)
    }

    /// Runs the tool once per file (fpcalc stops at the first file when given several) and sums.
    static func each(_ name: String, _ executable: String, _ arguments: [String], _ files: [String]) throws -> Row {
        var total = Row(name: name, cpuSeconds: 0, wallSeconds: 0)
        for file in files {
            let row = try command(name, executable, arguments + [file], accept: [0, 3])
            total.cpuSeconds += row.cpuSeconds
            total.wallSeconds += row.wallSeconds
        }
        return total
    }

    static func printTable(_ rows: [Row], audioSeconds: Double) {
        guard let reference = rows.first else { return }
        let hours = audioSeconds / 3600
        func pad(_ s: String, _ n: Int) -> String { s.count >= n ? s : s + String(repeating: " ", count: n - s.count) }
        func lpad(_ s: String, _ n: Int) -> String { s.count >= n ? s : String(repeating: " ", count: n - s.count) + s }
        print("")
        print(pad("tool", 48) + lpad("CPU s", 9) + lpad("wall s", 9) + lpad("audio-h/CPU-s", 15) + lpad("× RT/core", 11) + lpad("vs genki", 15))
        for row in rows {
            let perCPU = hours / row.cpuSeconds
            print(
                pad(row.name, 48) + lpad(String(format: "%.2f", row.cpuSeconds), 9) + lpad(String(format: "%.2f", row.wallSeconds), 9)
                    + lpad(String(format: "%.3f", perCPU), 15) + lpad(String(format: "%.0f", audioSeconds / row.cpuSeconds), 11)
                    + lpad(String(format: "%.2f", row.cpuSeconds / reference.cpuSeconds), 15)
            )
        }
        print("")
        print("last column: the row's CPU time ÷ the first row's (genki); above 1.00 means genki is faster.")
    }
}
