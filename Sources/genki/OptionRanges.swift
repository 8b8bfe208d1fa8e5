import ArgumentParser
import GenkiIngest

/// Ranges of the numeric options: a value outside its range is a usage error (exit 2), never a
/// crash or an unbounded allocation later on.
enum OptionRanges {
    /// Parallel jobs (`--jobs`).
    static let jobs = 1...512
    /// A decoder worker's CPU seconds per file, and its memory in MiB.
    static let fileCPUSeconds = 1...86_400
    static let workerMemoryMiB = 256...1_048_576
    /// Subtunes per chip file (`--subtunes`).
    static let subtunes = 1...IngestOptions.maxSubtunesLimit
    /// Workers of a distributed run (`--world-size`).
    static let worldSize = 1...100_000
    /// Spot-checked items (`--count`).
    static let spotChecks = 1...10_000
    /// Samples per shard (`--max-samples`).
    static let shardSamples = 1...1_000_000
    /// Bytes per shard (`--max-bytes`): 4 KiB to 64 GiB.
    static let shardBytes = 4_096...(64 << 30)
    /// Render sample rate in Hz (`genki midi render --rate`).
    static let renderRate = 8_000...192_000
    /// Render polyphony (`--voices`).
    static let voices = 1...64
    /// Longest render in seconds (`--max-seconds`).
    static let renderSeconds = 1.0...3_600.0
    /// HTTP retries (`--retries`).
    static let retries = 0...20
    /// Seconds for one HTTP request, a poll interval, or a wait (`--request-timeout`, `--poll`, `--timeout`).
    static let requestSeconds = 0.1...3_600.0
    static let pollSeconds = 0.01...3_600.0
    static let waitSeconds = 1.0...(30.0 * 86_400)

    /// Throws a usage error naming `flag` when `value` is outside `range`.
    static func check<T: Comparable>(_ value: T, _ range: ClosedRange<T>, _ flag: String) throws {
        guard range.contains(value) else {
            throw ValidationError("\(flag) must be between \(range.lowerBound) and \(range.upperBound)")
        }
    }

    /// As `check`, for floating-point values: NaN and ±∞ are outside every range.
    static func check(_ value: Double, _ range: ClosedRange<Double>, _ flag: String) throws {
        guard value.isFinite, range.contains(value) else {
            throw ValidationError("\(flag) must be between \(format(range.lowerBound)) and \(format(range.upperBound))")
        }
    }

    private static func format(_ x: Double) -> String {
        x == x.rounded() && abs(x) < 1e15 ? String(Int(x)) : String(x)
    }

    /// Throws a usage error naming `flag` when `value` is not a count ≥ 0 below `limit`.
    static func checkIndex(_ value: Int, below limit: Int, _ flag: String) throws {
        guard value >= 0, value < limit else { throw ValidationError("\(flag) must be between 0 and \(limit - 1)") }
    }
}
