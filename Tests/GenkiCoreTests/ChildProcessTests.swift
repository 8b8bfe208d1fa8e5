import Foundation
import GenkiCore
import Testing

@Suite struct ChildProcessTests {
    @Test func exitCodesSignalsAndBothStreamsComeBack() throws {
        let seven = try ChildProcess.run("/bin/sh", ["-c", "printf out; printf err >&2; exit 7"])
        #expect(seven.status == 7 && seven.signal == nil)
        #expect(seven.stdout == Array("out".utf8) && seven.stderr == Array("err".utf8))
        let killed = try ChildProcess.run("/bin/sh", ["-c", "kill -9 $$"])
        #expect(killed.signal == SIGKILL && killed.status == SIGKILL)
    }

    @Test func outputLargerThanAPipeOnBothStreamsArrivesWhole() throws {
        // Far beyond a pipe's buffer on each stream at once: a reader that drained one stream
        // before the other, or waited for the end before reading, would never return.
        let result = try ChildProcess.run("/bin/sh", ["-c", "head -c 3000000 /dev/zero; head -c 1000000 /dev/zero >&2; head -c 5 /dev/zero"])
        #expect(result.status == 0)
        #expect(result.stdout.count == 3_000_005 && result.stderr.count == 1_000_000)
        #expect(result.stdout.allSatisfy { $0 == 0 })
    }

    @Test func theEnvironmentIsTheGivenOneAndStandardInputIsEmpty() throws {
        let result = try ChildProcess.run("/bin/sh", ["-c", "echo \"$GENKI_CHILD_TEST:$HOME:\"; cat"], environment: ["GENKI_CHILD_TEST": "yes"])
        #expect(result.stdout == Array("yes::\n".utf8))
    }

    @Test func aChildStillRunningAtItsTimeoutIsKilled() throws {
        #expect(throws: ChildProcess.Failure.timedOut(seconds: 0.2)) {
            try ChildProcess.run("/bin/sleep", ["3600"], timeout: 0.2)
        }
    }

    @Test func aGrandchildHoldingTheOutputDoesNotHoldTheRun() throws {
        // The shell ends at once; the sleep it leaves behind keeps both pipes open.
        let result = try ChildProcess.run("/bin/sh", ["-c", "sleep 3600 & echo $!"], timeout: 1_800)
        let grandchild = try #require(pid_t(String(decoding: result.stdout, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)))
        #expect(result.status == 0)
        #expect(kill(grandchild, SIGKILL) == 0, "the grandchild was still running")
    }

    @Test func aMissingProgramCannotStart() {
        #expect(throws: ChildProcess.Failure.self) { try ChildProcess.run("/nonexistent/genki-no-such-program", []) }
        #expect(throws: ChildProcess.Failure.self) { try ChildProcess.start("/nonexistent/genki-no-such-program", []) }
    }

    @Test func aStartedChildIsSignalledAndItsEndTakenOnce() throws {
        let child = try ChildProcess.start("/bin/sleep", ["3600"])
        #expect(child.isRunning)
        child.send(SIGTERM)
        #expect(child.wait() == SIGTERM)
        #expect(!child.isRunning)
        #expect(child.wait() == SIGTERM, "the same answer the second time")
        let quick = try ChildProcess.start("/bin/sh", ["-c", "exit 3"])
        #expect(quick.wait() == 3)
    }

    @Test func manyConcurrentRunsEachGetTheirOwnOutcome() throws {
        // 16 threads of 4 runs each, all at once (not tasks: the cooperative pool would run
        // only as many as there are cores).
        let lock = NSLock()
        nonisolated(unsafe) var results: [Int: ChildProcess.Outcome] = [:]
        let done = DispatchGroup()
        for thread in 0..<16 {
            done.enter()
            Thread.detachNewThread {
                for k in 0..<4 {
                    let i = thread * 4 + k
                    if let outcome = try? ChildProcess.run("/bin/sh", ["-c", "echo $0; exit $(($0 % 5))", String(i)]) {
                        lock.withLock { results[i] = outcome }
                    }
                }
                done.leave()
            }
        }
        done.wait()
        #expect(results.count == 64)
        for (i, outcome) in results {
            #expect(outcome.stdout == Array("\(i)\n".utf8))
            #expect(outcome.status == Int32(i % 5))
        }
    }

    @Test func aChildStartsWithNoSignalBlockedWhateverTheCallerBlocks() throws {
        // As a dispatch worker thread does: SIGALRM and SIGTERM blocked in the calling thread.
        var blocked = sigset_t()
        sigemptyset(&blocked)
        sigaddset(&blocked, SIGALRM)
        sigaddset(&blocked, SIGTERM)
        var previous = sigset_t()
        pthread_sigmask(SIG_BLOCK, &blocked, &previous)
        defer { pthread_sigmask(SIG_SETMASK, &previous, nil) }
        var own = sigset_t()
        pthread_sigmask(SIG_BLOCK, nil, &own)
        #expect(sigismember(&own, SIGALRM) == 1, "the caller's thread blocks SIGALRM")
        let status = String(decoding: try ChildProcess.run("/bin/cat", ["/proc/self/status"]).stdout, as: UTF8.self)
        let line = try #require(status.split(separator: "\n").first { $0.hasPrefix("SigBlk:") })
        #expect(line.split(separator: "\t").last.map { $0.allSatisfy { $0 == "0" } } == true, "\(line)")
    }

    @Test func aDroppedHandleKillsAndReapsItsChild() throws {
        var pid: pid_t = 0
        do {
            let child = try ChildProcess.start("/bin/sleep", ["3600"])
            pid = child.pid
            #expect(child.isRunning)
        }
        // The child is gone and its end taken: it is no child of ours any more.
        var status: Int32 = 0
        #expect(waitpid(pid, &status, WNOHANG) == -1 && errno == ECHILD)
    }
}
