import Foundation
import GenkiCore
import GenkiDedup
import GenkiFingerprint
import GenkiFixtures

/// Index build and all-pairs candidate search over synthetic MinHash sets, against datasketch.
enum LSHBench {
    /// Runs genki's side in this process and prints "<cpu s> <pairs> <peak RSS KiB>".
    static func runGenki(items n: Int) {
        var rng = SplitMix64(seed: 1)
        var sets: [[UInt64]] = []
        sets.reserveCapacity(n)
        for i in 0..<n {
            if i % 100 == 99 {
                sets.append(Array(sets[i - 50].prefix(40)) + (0..<10).map { _ in rng.next() })
            } else {
                sets.append((0..<50).map { _ in rng.next() })
            }
        }
        let start = MIDIBench.cpuSeconds()
        var lsh = MinHashLSH(bands: 32, rows: 4)
        lsh.reserve(n)
        for (i, s) in sets.enumerated() { lsh.insert(i, MinHashSignature(shingles: s)) }
        let pairs = lsh.candidatePairs()
        let cpu = MIDIBench.cpuSeconds() - start
        var usage = rusage()
        getrusage(__rusage_who_t(RUSAGE_SELF.rawValue), &usage)
        print(String(format: "%.3f %d %d", cpu, pairs.count, usage.ru_maxrss))
    }

    /// Runs both sides as child processes (clean peak-memory figures) and prints the table.
    static func run(items n: Int, python: String) throws {
        print("")
        print("MinHash LSH: \(n) synthetic sets (50 elements, 1 % planted near-copies), 32 bands × 4 rows; sign + index + all candidate pairs")
        func child(_ executable: String, _ arguments: [String]) throws -> (cpu: Double, pairs: Int, rss: Int)? {
            let run = try PeerProcess.run(executable, arguments)
            let parts = run.stdout.split(whereSeparator: { $0 == " " || $0 == "\n" })
            guard run.succeeded, parts.count >= 3, let cpu = Double(parts[0]), let pairs = Int(parts[1]), let rss = Int(parts[2]) else { return nil }
            return (cpu, pairs, rss)
        }
        let me = CommandLine.arguments[0]
        var rows: [(String, (cpu: Double, pairs: Int, rss: Int))] = []
        if let g = try child(me, ["--lsh-only", "\(n)"]) { rows.append(("genki MinHashLSH (Swift)", g)) }
        if FileManager.default.isExecutableFile(atPath: python), let d = try child(python, ["bench/peer_datasketch.py", "\(n)"]) {
            rows.append(("datasketch MinHashLSH (Python)", d))
        }
        guard let reference = rows.first?.1 else { return }
        func pad(_ s: String, _ n: Int) -> String { s.count >= n ? s : s + String(repeating: " ", count: n - s.count) }
        print(pad("tool", 34) + "   CPU s    pairs   peak RSS MiB   vs genki")
        for (name, r) in rows {
            print(pad(name, 34) + String(format: " %7.2f %8d %14.0f %10.2f", r.cpu, r.pairs, Double(r.rss) / 1024, r.cpu / reference.cpu))
        }
        print("pairs: candidate pairs found (the planted near-copies are \(n / 100)); last column: CPU ÷ genki's.")
    }
}
