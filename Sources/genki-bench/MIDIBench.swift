import Foundation
import GenkiFixtures
import GenkiMIDI
import GenkiModel

/// MIDI throughput: genki's parse, canonical stream and fingerprint against symusic and mido
/// parsing the same files. Every side is timed by its own process CPU clock around the loop only.
enum MIDIBench {
    static func cpuSeconds() -> Double {
        var ts = timespec()
        clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts)
        return Double(ts.tv_sec) + Double(ts.tv_nsec) / 1e9
    }

    /// Writes (once) `count` generated pieces of 64 bars.
    static func ensure(at dir: URL, count: Int) throws -> [String] {
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        return try (0..<count).map { i in
            let path = dir.appendingPathComponent(String(format: "piece-%05d.mid", i)).path
            if !FileManager.default.fileExists(atPath: path) {
                let piece = GeneratedPiece.make(seed: UInt64(50_000 + i), bars: 64)
                let layout = GeneratedPiece.Layout(format: i % 3 == 0 ? 0 : 1, velocityZeroNoteOffs: i % 2 == 0)
                try Data(SMFWriter(runningStatus: i % 2 == 0).write(piece.file(layout))).write(to: URL(fileURLWithPath: path))
            }
            return path
        }
    }

    struct Row {
        var name: String
        var cpu: Double
        var notes: Int
    }

    static func run(directory: URL, count: Int, python: String) throws {
        let files = try ensure(at: directory, count: count)
        print("")
        print("MIDI: \(files.count) generated files (64 bars, formats 0 and 1, running status on half)")
        var rows: [Row] = []
        // Warm the page cache.
        for f in files { _ = FileManager.default.contents(atPath: f) }

        // Best of three passes (the first also warms the code).
        func genki(_ name: String, _ work: ([UInt8]) throws -> Int) throws -> Row {
            var best = Row(name: name, cpu: .infinity, notes: 0)
            for _ in 0..<3 {
                let start = cpuSeconds()
                var notes = 0
                for f in files {
                    guard let data = FileManager.default.contents(atPath: f) else { continue }
                    notes += try work([UInt8](data))
                }
                let cpu = cpuSeconds() - start
                if cpu < best.cpu { best = Row(name: name, cpu: cpu, notes: notes) }
            }
            return best
        }
        rows.append(
            try genki("genki parse + canonical stream + fingerprint") { bytes in
                let stream = NoteStream(try MIDIParser.parse(bytes).file)
                _ = SymbolicFingerprint(notes: stream.notes)
                _ = stream.canonicalHash
                return stream.notes.count
            })
        rows.append(
            try genki("genki parse + canonical stream") { bytes in
                NoteStream(try MIDIParser.parse(bytes).file).notes.count
            })
        rows.append(
            try genki("genki parse only") { bytes in
                try MIDIParser.parse(bytes).file.tracks.reduce(0) { n, t in
                    n + t.reduce(0) { if case .noteOn(_, _, let v) = $1.message, v > 0 { return $0 + 1 } else { return $0 } }
                }
            })
        for tool in ["symusic", "mido"] {
            guard FileManager.default.isExecutableFile(atPath: python) else { break }
            let peer = try PeerProcess.run(python, ["bench/peer_midi.py", tool] + files)
            let parts = peer.stdout.split(whereSeparator: { $0 == " " || $0 == "\n" })
            guard peer.succeeded, parts.count >= 2, let cpu = Double(parts[0]), let notes = Int(parts[1]) else {
                print("\(tool): failed (is it installed in \(python)?)")
                continue
            }
            rows.append(Row(name: "\(tool) parse (Python)", cpu: cpu, notes: notes))
        }
        guard let reference = rows.first else { return }
        func pad(_ s: String, _ n: Int) -> String { s.count >= n ? s : s + String(repeating: " ", count: n - s.count) }
        func lpad(_ s: String, _ n: Int) -> String { s.count >= n ? s : String(repeating: " ", count: n - s.count) + s }
        print(pad("tool", 46) + lpad("CPU s", 9) + lpad("notes", 10) + lpad("notes/s", 13) + lpad("files/s", 10) + lpad("vs genki", 10))
        for row in rows {
            print(
                pad(row.name, 46) + lpad(String(format: "%.3f", row.cpu), 9) + lpad("\(row.notes)", 10)
                    + lpad(String(format: "%.0f", Double(row.notes) / row.cpu), 13)
                    + lpad(String(format: "%.0f", Double(files.count) / row.cpu), 10)
                    + lpad(String(format: "%.2f", row.cpu / reference.cpu), 10)
            )
        }
        print("last column: the row's CPU time ÷ genki's full path (first row); above 1.00 means genki is faster.")
        print("notes: genki counts canonical notes (drums included); symusic and mido count note-ons.")
        print("genki and symusic rows: best of three in-process passes; mido: one pass; Python timed inside the interpreter.")
    }
}
