import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// A program run as a child process: started with `posix_spawn`, its output read from pipes
/// with `poll`, its end taken with `waitpid` on the calling thread. No run loop, dispatch queue or handler
/// stands between the child's end and the caller, so a busy machine can delay the answer but
/// never lose it (Foundation's `Process` reports a child's end through a dispatch handler).
public enum ChildProcess {
    /// How a finished child ended, and what it wrote.
    public struct Outcome: Sendable {
        /// The exit code, or the signal's number when a signal ended the child.
        public var status: Int32
        /// The signal that ended the child, if one did.
        public var signal: Int32?
        /// Everything the child wrote on standard output.
        public var stdout: [UInt8]
        /// Everything the child wrote on standard error.
        public var stderr: [UInt8]
    }

    /// Why a run has no outcome.
    public enum Failure: Error, Equatable, CustomStringConvertible {
        /// The program could not be started (the system's reason).
        case cannotStart(String)
        /// The child was still running after this many seconds; it was killed.
        case timedOut(seconds: Double)

        public var description: String {
            switch self {
            case .cannotStart(let reason): return "cannot start the program: \(reason)"
            case .timedOut(let seconds): return "the program did not finish within \(seconds) s"
            }
        }
    }

    /// Runs `executable` with `arguments` to its end, standard input empty, and returns its
    /// outcome. With `timeout`, a child still running after that many seconds of wall time is
    /// killed (SIGKILL) and `.timedOut` is thrown. `environment` replaces the inherited one.
    public static func run(
        _ executable: String, _ arguments: [String], environment: [String: String]? = nil, timeout: Double? = nil
    ) throws(Failure) -> Outcome {
        var outPair: [Int32] = [-1, -1]
        var errPair: [Int32] = [-1, -1]
        guard makePipe(&outPair) else { throw .cannotStart(String(cString: strerror(errno))) }
        guard makePipe(&errPair) else {
            let reason = String(cString: strerror(errno))
            for fd in outPair { close(fd) }
            throw .cannotStart(reason)
        }
        let child: pid_t
        do {
            child = try spawn(executable, arguments, environment: environment, stdin: .null, stdout: .descriptor(outPair[1]), stderr: .descriptor(errPair[1]))
        } catch {
            for fd in outPair + errPair { close(fd) }
            throw error
        }
        close(outPair[1])
        close(errPair[1])
        var streams = [Stream(fd: outPair[0]), Stream(fd: errPair[0])]
        defer { for s in streams where s.fd >= 0 { close(s.fd) } }
        // A timeout that is not a finite positive number of seconds below 10^9 is no timeout.
        let deadline = timeout.flatMap { $0.isFinite && $0 > 0 && $0 < 1e9 ? ContinuousClock.now + .milliseconds(Int64(($0 * 1_000).rounded(.up))) : nil }
        var ended: Int32?
        while ended == nil {
            ended = reap(child, block: false)
            if ended != nil { break }
            if let deadline, ContinuousClock.now >= deadline {
                kill(child, SIGKILL)
                _ = reap(child, block: true)
                throw .timedOut(seconds: timeout ?? 0)
            }
            // Wait for output (or, once both streams are closed, for the end) at most 100 ms,
            // so the deadline and the child's end are checked at least that often.
            let open = streams.indices.filter { streams[$0].fd >= 0 }
            if open.isEmpty {
                usleep(5_000)
                continue
            }
            var fds = open.map { pollfd(fd: streams[$0].fd, events: Int16(POLLIN), revents: 0) }
            guard poll(&fds, nfds_t(fds.count), 100) > 0 else { continue }
            for (k, i) in open.enumerated() where fds[k].revents != 0 { streams[i].readAvailable() }
        }
        // The child has ended: take what is left in its pipes, at most what a pipe can hold
        // (a grandchild may still hold them open, or even go on writing: never wait for it).
        for i in streams.indices where streams[i].fd >= 0 {
            _ = fcntl(streams[i].fd, F_SETFL, fcntl(streams[i].fd, F_GETFL) | O_NONBLOCK)
            var passes = 0
            while passes < 64, streams[i].fd >= 0, streams[i].readAvailable() { passes += 1 }
        }
        let (status, signal) = decode(ended ?? unknownEnd)
        return Outcome(status: status, signal: signal, stdout: streams[0].bytes, stderr: streams[1].bytes)
    }

    /// Starts `executable` with `arguments`, standard input empty and output discarded, and
    /// returns at once; the caller waits for it or signals it through the handle.
    public static func start(_ executable: String, _ arguments: [String], environment: [String: String]? = nil) throws(Failure) -> Running {
        Running(pid: try spawn(executable, arguments, environment: environment, stdin: .null, stdout: .null, stderr: .null))
    }

    /// A started child. Its end is taken once; later questions get the same answer.
    public final class Running: @unchecked Sendable {
        /// The child's process id (valid to signal until its end has been taken).
        public let pid: pid_t
        private let lock = NSLock()
        private var ended: Int32?

        init(pid: pid_t) { self.pid = pid }

        /// A handle dropped before the child's end kills it and takes its end: no child
        /// outlives its handle, and none is left a zombie.
        deinit {
            if ended == nil, ChildProcess.reap(pid, block: false) == nil {
                kill(pid, SIGKILL)
                _ = ChildProcess.reap(pid, block: true)
            }
        }

        /// Whether the child is still running (its end is taken if it has come).
        public var isRunning: Bool {
            lock.withLock {
                if ended == nil { ended = ChildProcess.reap(pid, block: false) }
                return ended == nil
            }
        }

        /// Waits for the child's end; returns its exit code, or the signal's number when a
        /// signal ended it. The wait itself holds no lock, so another thread can still signal
        /// the child meanwhile (its end is left untaken until then, so its pid stays its own).
        @discardableResult
        public func wait() -> Int32 {
            if lock.withLock({ ended == nil }) { ChildProcess.awaitEnd(pid) }
            let raw: Int32 = lock.withLock {
                if ended == nil { ended = ChildProcess.reap(pid, block: true) }
                return ended ?? ChildProcess.unknownEnd
            }
            return ChildProcess.decode(raw).status
        }

        /// Sends `signal` to the child if its end has not been taken yet.
        public func send(_ signal: Int32) {
            lock.withLock {
                if ended == nil { _ = kill(pid, signal) }
            }
        }
    }

    /// One output pipe's read end and what came through it.
    private struct Stream {
        var fd: Int32
        var bytes: [UInt8] = []

        /// Reads once; false (and the descriptor closed) at its end or on an error other than
        /// "interrupted", false also when nothing is ready on a non-blocking descriptor.
        mutating func readAvailable() -> Bool {
            var chunk = [UInt8](repeating: 0, count: 65_536)
            let n = chunk.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
            if n > 0 {
                bytes.append(contentsOf: chunk[0..<n])
                return true
            }
            if n < 0, errno == EINTR { return true }
            if n < 0, errno == EAGAIN { return false }
            close(fd)
            fd = -1
            return false
        }
    }

    /// Where one of a child's standard descriptors comes from.
    public enum StandardStream: Sendable {
        /// `/dev/null` (read or written).
        case null
        /// A descriptor of this process (duplicated into the child).
        case descriptor(Int32)
    }

    /// Spawns `executable` with `arguments` and the given standard descriptors and returns its
    /// process id; the caller must take its end (`waitpid`). The child starts with no signal
    /// blocked and every signal at its default action, whatever the calling thread blocks or
    /// ignores: a dispatch worker thread blocks SIGALRM and SIGTERM, and a child spawned from
    /// it would otherwise keep them blocked (its alarms would never fire, a SIGTERM never end
    /// it). `environment` replaces the inherited one.
    public static func spawn(
        _ executable: String, _ arguments: [String], environment: [String: String]? = nil,
        stdin: StandardStream, stdout: StandardStream, stderr: StandardStream
    ) throws(Failure) -> pid_t {
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        for (target, source) in [(Int32(0), stdin), (1, stdout), (2, stderr)] {
            switch source {
            case .null: posix_spawn_file_actions_addopen(&actions, target, "/dev/null", target == 0 ? O_RDONLY : O_WRONLY, 0)
            case .descriptor(let fd): posix_spawn_file_actions_adddup2(&actions, fd, target)
            }
        }
        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        var none = sigset_t()
        sigemptyset(&none)
        var all = sigset_t()
        sigfillset(&all)
        posix_spawnattr_setsigmask(&attributes, &none)
        posix_spawnattr_setsigdefault(&attributes, &all)
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF))
        let argv: [UnsafeMutablePointer<CChar>?] = ([executable] + arguments).map { strdup($0) } + [nil]
        defer { for a in argv { free(a) } }
        let variables = environment ?? ProcessInfo.processInfo.environment
        let envp: [UnsafeMutablePointer<CChar>?] = variables.map { strdup("\($0.key)=\($0.value)") } + [nil]
        defer { for e in envp { free(e) } }
        var child: pid_t = 0
        let status = posix_spawn(&child, executable, &actions, &attributes, argv, envp)
        guard status == 0 else { throw .cannotStart("\(executable): \(String(cString: strerror(status)))") }
        return child
    }

    /// The raw wait status reported when a child's end cannot be taken (someone else took it):
    /// exit code 255, never a false success.
    static let unknownEnd: Int32 = 255 << 8

    /// A raw wait status as (exit code, or the signal's number when a signal ended the child;
    /// that signal, if one did).
    fileprivate static func decode(_ raw: Int32) -> (status: Int32, signal: Int32?) {
        let signal = raw & 0x7F
        return signal == 0 ? ((raw >> 8) & 0xFF, nil) : (signal, signal)
    }

    /// The child's raw wait status once it has ended; nil while it runs (when not blocking).
    fileprivate static func reap(_ pid: pid_t, block: Bool) -> Int32? {
        var status: Int32 = 0
        while true {
            let r = waitpid(pid, &status, block ? 0 : WNOHANG)
            if r == pid { return status }
            if r == 0 { return nil }
            if errno == EINTR { continue }
            return unknownEnd
        }
    }

    /// Blocks until the child has ended, leaving its end to be taken (`WNOWAIT`).
    fileprivate static func awaitEnd(_ pid: pid_t) {
        var info = siginfo_t()
        while waitid(P_PID, id_t(pid), &info, WEXITED | WNOWAIT) < 0 && errno == EINTR {}
    }

    /// A pipe whose two ends are closed on exec, set at once after creation. A child another
    /// thread spawns in between may inherit an end; that delays nothing, since `run` stops at
    /// its own child's end, not at the end of the pipes.
    private static func makePipe(_ ends: inout [Int32]) -> Bool {
        guard pipe(&ends) == 0 else { return false }
        for fd in ends { _ = fcntl(fd, F_SETFD, FD_CLOEXEC) }
        return true
    }
}
