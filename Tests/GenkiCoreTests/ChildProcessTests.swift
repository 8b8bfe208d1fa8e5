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
        let result = try ChildProcess.run("/bin/sh", ["-c", "sleep 3600 & echo $!"])
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

    @Test func manyConcurrentRunsEachGetTheirOwnOutcome() async throws {
        let results = try await withThrowingTaskGroup(of: (Int, ChildProcess.Outcome).self) { group in
            for i in 0..<64 {
                group.addTask { (i, try ChildProcess.run("/bin/sh", ["-c", "echo $0; exit $(($0 % 5))", String(i)])) }
            }
            var all: [Int: ChildProcess.Outcome] = [:]
            for try await (i, outcome) in group { all[i] = outcome }
            return all
        }
        #expect(results.count == 64)
        for (i, outcome) in results {
            #expect(outcome.stdout == Array("\(i)\n".utf8))
            #expect(outcome.status == Int32(i % 5))
        }
    }
}
