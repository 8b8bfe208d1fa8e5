import Foundation

/// Where untrusted files are decoded.
///
/// In-process decoding is fastest, but a fault in a C decoder (libsndfile and its codecs) ends
/// the whole run. With `workers`, each file is decoded in a worker process (the same `genki`
/// binary in its hidden `worker` mode, fed over pipes): a crash, a hang past its CPU limit or an
/// allocation past its memory limit becomes that file's error record, and the worker restarts.
public enum IngestIsolation: Sendable, Equatable {
    case inProcess
    case workers(WorkerLimits)
}

/// How to start a worker and what bounds it.
public struct WorkerLimits: Sendable, Equatable {
    /// Default CPU seconds one file may take (a 3-hour 48 kHz file at best-quality resampling
    /// needs about 10 % of it).
    public static let defaultCPUSeconds = 1_800
    /// Wall-clock window per file, as a multiple of the CPU limit. At the end of each window
    /// the worker checks what CPU it used in it: a worker that used less than
    /// `blockedCPUFraction` of the window is blocked (in I/O, not computing) and is stopped;
    /// one that computed, however slowly on a busy machine, gets another window (its CPU limit
    /// still bounds it).
    public static let wallFactor = 4
    /// The share of a wall-time window under which a worker counts as blocked.
    public static let blockedCPUFraction = 0.01
    /// CPU seconds a worker may take to count a chip file's subtunes after the file faulted
    /// another worker (opening it in its library, no render).
    public static let countSeconds = 10
    /// Default address-space limit of a worker.
    public static let defaultMemoryMiB = 4_096

    /// The executable to run (normally genki itself) and the arguments that select worker mode.
    public var executable: String
    public var arguments: [String]
    /// CPU seconds one file may take before the worker is stopped (SIGXCPU is not used: a
    /// per-file profiling timer, so a loaded machine never cuts a file short).
    public var cpuSecondsPerFile: Int
    /// Address-space limit of each worker, in MiB.
    public var memoryMiB: Int

    public init(
        executable: String, arguments: [String], cpuSecondsPerFile: Int = WorkerLimits.defaultCPUSeconds,
        memoryMiB: Int = WorkerLimits.defaultMemoryMiB
    ) {
        self.executable = executable
        self.arguments = arguments
        self.cpuSecondsPerFile = max(1, cpuSecondsPerFile)
        self.memoryMiB = max(256, memoryMiB)
    }

    /// The arguments a worker gets: the selecting ones, then what it must apply.
    func workerArguments(profile: IngestProfile, fingerprints: Bool, renders: Bool = false) -> [String] {
        arguments + ["--profile", profile.rawValue, "--cpu-seconds", String(cpuSecondsPerFile), "--memory-mib", String(memoryMiB)]
            + (fingerprints ? ["--fingerprint"] : []) + (renders ? ["--cross-modal"] : [])
    }
}
