import Foundation

/// The worker side of isolated ingest: reads path requests on standard input, ingests each with
/// `FileIngestor` under a per-file CPU limit and a memory limit, and answers on standard output
/// (`WorkerProtocol`). A fault ends only this process; the run sees it as that file's error.
public enum IngestWorker {
    /// Environment variable for fault injection in tests: `crash:NAME`, `hang:NAME`,
    /// `slow:NAME`, `block:NAME` or `memory:NAME` makes the worker crash, spin, spin a tenth of
    /// the time (as on a machine busy with other work), wait forever without using CPU, or
    /// allocate without bound when asked to ingest a path ending in NAME (not when asked to
    /// count its subtunes). Unset in normal runs.
    public static let faultVariable = "GENKI_WORKER_FAULT"

    /// Serves until standard input closes; returns the process exit status.
    public static func serve(profile: IngestProfile, fingerprints: Bool, renders: Bool = false, cpuSecondsPerFile: Int, memoryMiB: Int) -> Int32 {
        let bytes = rlim_t(max(256, memoryMiB)) << 20
        var limit = rlimit(rlim_cur: bytes, rlim_max: bytes)
        _ = setrlimit(__rlimit_resource_t(RLIMIT_AS.rawValue), &limit)
        signal(SIGPIPE, SIG_IGN)
        signal(SIGALRM, wallWindowEnded)
        let ingestor = FileIngestor(profile: profile, fingerprints: fingerprints, renders: renders)
        let fault = ProcessInfo.processInfo.environment[faultVariable].flatMap(Fault.init)
        while let payload = PipeIO.readFrame(fd: 0) {
            let answer: [UInt8]
            switch WorkerProtocol.Request(payload: payload) {
            case .ingest(let path):
                arm(cpuSeconds: cpuSecondsPerFile)
                if let fault, path.hasSuffix(fault.name) { fault.inject() }
                answer = WorkerProtocol.encode(ingestor.ingest(path: path))
            case .countSubtunes(let path):
                arm(cpuSeconds: min(cpuSecondsPerFile, WorkerLimits.countSeconds))
                answer = ingestor.subtuneCount(path: path).map { Array(String($0).utf8) } ?? []
            }
            arm(cpuSeconds: 0)
            guard PipeIO.writeAll(fd: 1, WorkerProtocol.frame(answer)) else { return 1 }
        }
        return 0
    }

    /// Starts (or, with 0, stops) the per-file timers: SIGPROF after `cpuSeconds` of this
    /// process's CPU time (its default action ends the process), and SIGALRM after each window
    /// of `WorkerLimits.wallFactor` times as many seconds of wall time (`wallWindowEnded`).
    private static func arm(cpuSeconds: Int) {
        var timer = itimerval(it_interval: timeval(tv_sec: 0, tv_usec: 0), it_value: timeval(tv_sec: cpuSeconds, tv_usec: 0))
        _ = setitimer(__itimer_which_t(ITIMER_PROF.rawValue), &timer, nil)
        WallWindow.seconds = UInt32(clamping: cpuSeconds * WorkerLimits.wallFactor)
        WallWindow.minimumCPU = Int64(Double(WallWindow.seconds) * 1e9 * WorkerLimits.blockedCPUFraction)
        WallWindow.cpuAtStart = WallWindow.processCPUNanoseconds()
        _ = alarm(WallWindow.seconds)
    }

    private struct Fault {
        enum Kind: String { case crash, hang, slow, block, memory }
        var kind: Kind
        var name: String

        init?(_ text: String) {
            let parts = text.split(separator: ":", maxSplits: 1).map(String.init)
            guard parts.count == 2, let kind = Kind(rawValue: parts[0]), !parts[1].isEmpty else { return nil }
            self.kind = kind
            name = parts[1]
        }

        func inject() {
            switch kind {
            case .crash:
                // A real invalid access, as a decoder bug would make (a raised signal could be
                // handled and returned from).
                if let p = UnsafeMutablePointer<Int32>(bitPattern: 16) { p.pointee = 1 }
            case .hang:
                var n: Int32 = 0
                while true { n = n &+ getpid() }
            case .slow:
                var n: Int32 = 0
                while true {
                    let start = WallWindow.processCPUNanoseconds()
                    while WallWindow.processCPUNanoseconds() - start < 10_000_000 { n = n &+ getpid() }
                    usleep(90_000)
                }
            case .block:
                // As a decoder stuck in a read that never returns: no CPU is used, so only the
                // wall-time alarm can end it.
                while true { pause() }
            case .memory:
                var hoard: [[UInt8]] = []
                while true { hoard.append([UInt8](repeating: 1, count: 256 << 20)) }
            }
        }
    }
}

/// Blocking, EINTR-safe frame I/O on raw descriptors.
enum PipeIO {
    /// Writes every byte; false when the other end is gone. With `socket`, the descriptor is
    /// a socket written without SIGPIPE (the run's side: a dead worker must not kill it).
    static func writeAll(fd: Int32, _ bytes: [UInt8], socket: Bool = false) -> Bool {
        bytes.withUnsafeBytes { raw in
            guard var p = raw.baseAddress else { return true }
            var left = raw.count
            while left > 0 {
                let n = socket ? send(fd, p, left, Int32(MSG_NOSIGNAL)) : write(fd, p, left)
                if n < 0 && errno == EINTR { continue }
                guard n > 0 else { return false }
                p += n
                left -= n
            }
            return true
        }
    }

    /// Reads exactly `count` bytes; nil at end of stream or on error.
    static func readExactly(fd: Int32, _ count: Int) -> [UInt8]? {
        var out = [UInt8](repeating: 0, count: count)
        var got = 0
        let ok = out.withUnsafeMutableBytes { raw -> Bool in
            guard let base = raw.baseAddress else { return true }
            while got < count {
                let n = read(fd, base + got, count - got)
                if n < 0 && errno == EINTR { continue }
                guard n > 0 else { return false }
                got += n
            }
            return true
        }
        return ok ? out : nil
    }

    /// One frame's payload; nil at end of stream, on error, or for an oversized frame.
    static func readFrame(fd: Int32) -> [UInt8]? {
        guard let header = readExactly(fd: fd, 4) else { return nil }
        let n = WorkerProtocol.length(header[...])
        guard n >= 0, n <= WorkerProtocol.maximumFrame else { return nil }
        return n == 0 ? [] : readExactly(fd: fd, n)
    }
}

/// The wall-time window of the file being ingested, read by the SIGALRM handler. Set on the
/// serving thread only while no alarm is pending, so the handler never sees a torn update;
/// first touched there too, so the handler never runs a lazy initialisation.
private enum WallWindow {
    /// The window's length.
    nonisolated(unsafe) static var seconds: UInt32 = 0
    /// CPU nanoseconds under which a window counts as blocked.
    nonisolated(unsafe) static var minimumCPU: Int64 = 0
    /// This process's CPU time when the window began.
    nonisolated(unsafe) static var cpuAtStart: Int64 = 0

    /// This process's CPU time (async-signal-safe).
    static func processCPUNanoseconds() -> Int64 {
        var now = timespec()
        _ = clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &now)
        return Int64(now.tv_sec) * 1_000_000_000 + Int64(now.tv_nsec)
    }
}

/// SIGALRM at the end of a wall-time window: a worker that used less than
/// `WorkerLimits.blockedCPUFraction` of the window in CPU is blocked and ends by SIGALRM (the
/// run reports it so); one that computed gets another window. Only async-signal-safe calls.
private func wallWindowEnded(_: Int32) {
    let now = WallWindow.processCPUNanoseconds()
    if now - WallWindow.cpuAtStart >= WallWindow.minimumCPU {
        WallWindow.cpuAtStart = now
        _ = alarm(WallWindow.seconds)
        return
    }
    signal(SIGALRM, SIG_DFL)
    raise(SIGALRM)
}
