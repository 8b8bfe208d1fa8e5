import ArgumentParser
import Foundation
import GenkiIngest

/// Where `ingest`, `dedup` and `shard` decode files: in worker processes by default, so a file
/// that crashes or hangs a decoder becomes one error record instead of ending the run.
struct IsolationOptions: ParsableArguments {
    @Flag(help: "Decode in this process instead of in worker processes: a few percent faster, but a decoder crash on one file ends the run.")
    var inProcess = false

    @Option(name: .customLong("file-cpu-seconds"), help: "CPU seconds one file may take in its worker before it is stopped and reported (default 1800).")
    var fileCPUSeconds: Int = WorkerLimits.defaultCPUSeconds

    @Option(name: .customLong("worker-memory-mib"), help: "Memory limit of each decoder worker, in MiB (default 4096).")
    var workerMemoryMiB: Int = WorkerLimits.defaultMemoryMiB

    @Option(help: "Subtunes ingested per chip file (NSF and SID rips, modules with subsongs), each as its own item `<file>/subtune-<n>` (default 64).")
    var subtunes: Int = IngestOptions.defaultSubtunes

    func validate() throws {
        try OptionRanges.check(subtunes, OptionRanges.subtunes, "--subtunes")
        try OptionRanges.check(fileCPUSeconds, OptionRanges.fileCPUSeconds, "--file-cpu-seconds")
        try OptionRanges.check(workerMemoryMiB, OptionRanges.workerMemoryMiB, "--worker-memory-mib")
    }

    /// The isolation the run uses: workers running this very binary.
    var isolation: IngestIsolation {
        guard !inProcess else { return .inProcess }
        return .workers(WorkerLimits(executable: Self.executable, arguments: ["worker"], cpuSecondsPerFile: fileCPUSeconds, memoryMiB: workerMemoryMiB))
    }

    /// This process's executable.
    static var executable: String {
        (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe")) ?? CommandLine.arguments[0]
    }
}

/// `genki worker`: the decoder worker of isolated runs (internal; started by genki itself).
struct WorkerCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "worker", abstract: "Internal: decode files sent over standard input (started by genki).", shouldDisplay: false
    )

    @Option var profile: IngestProfile = .fp
    @Flag var fingerprint = false
    @Flag(name: .customLong("cross-modal")) var crossModal = false
    @Option(name: .customLong("cpu-seconds")) var cpuSeconds: Int = WorkerLimits.defaultCPUSeconds
    @Option(name: .customLong("memory-mib")) var memoryMiB: Int = WorkerLimits.defaultMemoryMiB

    func run() throws {
        let status = IngestWorker.serve(profile: profile, fingerprints: fingerprint, renders: crossModal, cpuSecondsPerFile: cpuSeconds, memoryMiB: memoryMiB)
        if status != 0 { throw ExitCode(status) }
    }
}
