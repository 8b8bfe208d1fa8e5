import Foundation
import GenkiAudio
import GenkiCore
import GenkiModel

/// The run's side of isolated ingest: `count` worker processes, each on its own socket pair,
/// started on first use and restarted after a fault. `ingest` blocks a dispatch thread, never
/// a Swift concurrency thread.
final class WorkerPool: @unchecked Sendable {
    private let limits: WorkerLimits
    private let arguments: [String]
    private let workers: [Worker]
    private let lock = NSLock()
    private var idle: [Int]

    init(count: Int, limits: WorkerLimits, profile: IngestProfile, fingerprints: Bool, renders: Bool = false) {
        self.limits = limits
        arguments = limits.workerArguments(profile: profile, fingerprints: fingerprints, renders: renders)
        workers = (0..<max(1, count)).map { Worker(slot: $0) }
        idle = Array(workers.indices.reversed())
    }

    /// Ingests one file in a worker. Callers keep at most `count` files in flight.
    func ingest(path: String) async -> IngestOutcome {
        let slot: Int? = lock.withLock { idle.popLast() }
        guard let slot else {
            return .record(.failure(path: path, stage: .decode, reason: "no decoder worker is free (internal error)"))
        }
        let worker = workers[slot]
        let (limits, arguments) = (self.limits, self.arguments)
        let outcome = await withCheckedContinuation { (done: CheckedContinuation<IngestOutcome, Never>) in
            worker.queue.async { done.resume(returning: worker.ingest(path: path, limits: limits, arguments: arguments)) }
        }
        lock.withLock { idle.append(slot) }
        return outcome
    }

    /// Closes every worker's socket and reaps it.
    func shutdown() {
        for w in workers { w.queue.sync { w.stop() } }
    }

    /// One worker slot: its process and socket, touched only on its serial queue.
    private final class Worker: @unchecked Sendable {
        let queue: DispatchQueue
        private var pid: pid_t = 0
        private var socket: Int32 = -1

        init(slot: Int) { queue = DispatchQueue(label: "genki.worker.\(slot)") }

        func ingest(path: String, limits: WorkerLimits, arguments: [String]) -> IngestOutcome {
            let payload: [UInt8]
            switch ask(.ingest(path: path), limits: limits, arguments: arguments) {
            case .success(let answer): payload = answer
            case .failure(let fault): return faulted(path, fault.reason, limits: limits, arguments: arguments)
            }
            guard let outcome = WorkerProtocol.decode(payload) else {
                kill(pid, SIGKILL)
                _ = reap(limits)
                return .record(.failure(path: path, stage: .decode, reason: "the decoder worker sent a malformed answer for this file; it was restarted"))
            }
            return outcome
        }

        /// The error record of a file that crashed, hung or overran a worker. When it is a walked
        /// chip file (by its first bytes, sniffed here) with several subtunes (a fresh worker
        /// counts them, within `WorkerLimits.countSeconds`), the record is its first subtune's,
        /// saying how many there are, so the run still asks for the others one by one.
        private func faulted(_ path: String, _ reason: String, limits: WorkerLimits, arguments: [String]) -> IngestOutcome {
            let plain = IngestOutcome.record(.failure(path: path, stage: .decode, reason: reason))
            guard FileIngestor.chipFormat(path: path) != nil, case .success(let answer) = ask(.countSubtunes(path: path), limits: limits, arguments: arguments),
                let count = Int(String(decoding: answer, as: UTF8.self)), count > 1
            else { return plain }
            var record = IngestRecord.failure(path: SubtuneLocator(file: path, subtune: 1).path, stage: .decode, reason: reason)
            record.chip = IngestRecord.ChipSummary(subtune: 1, subtunes: count)
            return .record(record)
        }

        /// Why a request got no answer: the worker could not start, or it ended on the request.
        struct Fault: Error {
            var reason: String
        }

        /// Sends one request and reads its answer, (re)starting the process as needed; a worker
        /// that ends on the request is reaped (it restarts on the next one).
        private func ask(_ request: WorkerProtocol.Request, limits: WorkerLimits, arguments: [String]) -> Result<[UInt8], Fault> {
            if socket < 0, let problem = start(limits.executable, arguments) { return .failure(Fault(reason: "cannot start a decoder worker: \(problem)")) }
            let frame = WorkerProtocol.frame(request.payload)
            if !PipeIO.writeAll(fd: socket, frame, socket: true) {
                // The worker was gone before this request reached it: not this file's fault.
                _ = reap(limits)
                if let problem = start(limits.executable, arguments) { return .failure(Fault(reason: "cannot start a decoder worker: \(problem)")) }
                guard PipeIO.writeAll(fd: socket, frame, socket: true) else { return .failure(Fault(reason: reap(limits))) }
            }
            guard let answer = PipeIO.readFrame(fd: socket) else { return .failure(Fault(reason: reap(limits))) }
            return .success(answer)
        }

        /// Starts the process; nil on success, else why not.
        private func start(_ executable: String, _ arguments: [String]) -> String? {
            var pair: [Int32] = [-1, -1]
            guard socketpair(AF_UNIX, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0, &pair) == 0 else {
                return String(cString: strerror(errno))
            }
            // A crashing worker needs no backtrace (it goes nowhere): it dies at once.
            var environment = ProcessInfo.processInfo.environment
            environment["SWIFT_BACKTRACE"] = "enable=no"
            // Spawned with every signal unblocked: this runs on a dispatch thread, which blocks
            // SIGALRM, and the worker's wall-time limit is a SIGALRM.
            let child: pid_t
            do {
                child = try ChildProcess.spawn(executable, arguments, environment: environment, stdin: .descriptor(pair[1]), stdout: .descriptor(pair[1]), stderr: .null)
            } catch {
                close(pair[1])
                close(pair[0])
                if case .cannotStart(let reason) = error { return reason }
                return error.description
            }
            close(pair[1])
            pid = child
            socket = pair[0]
            return nil
        }

        /// Closes the socket, waits for the process, and says how it ended.
        private func reap(_ limits: WorkerLimits) -> String {
            close(socket)
            socket = -1
            var status: Int32 = 0
            while waitpid(pid, &status, 0) < 0 && errno == EINTR {}
            pid = 0
            let signal = status & 0x7F
            if signal == SIGALRM {
                return
                    "stopped when \(WorkerLimits.wallFactor * limits.cpuSecondsPerFile) s of wall time passed with almost no CPU used (the decoder was blocked on this file); the worker was restarted"
            }
            if signal == SIGPROF {
                return "stopped after \(limits.cpuSecondsPerFile) CPU-s, the per-file limit (the decoder hung or is too slow on this file); the worker was restarted"
            }
            if signal != 0 && signal != 0x7F {
                let name = strsignal(signal).map { String(cString: $0) } ?? "signal"
                return "the decoder crashed on this file (signal \(signal), \(name)); the worker was restarted and the run went on"
            }
            return "the decoder worker ended on this file (exit status \((status >> 8) & 0xFF)); it was restarted"
        }

        func stop() {
            guard socket >= 0 else { return }
            close(socket)
            socket = -1
            var status: Int32 = 0
            while waitpid(pid, &status, 0) < 0 && errno == EINTR {}
            pid = 0
        }
    }
}
