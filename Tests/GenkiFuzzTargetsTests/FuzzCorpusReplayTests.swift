import Foundation
import GenkiFixtures
import GenkiFuzzTargets
import Testing

/// Replays every file of `fuzz/corpus/<target>` and `fuzz/crashers/<target>` through the same
/// entry point the libFuzzer harness calls (`FuzzTarget.run`), without the fuzzer: each must
/// end in a typed outcome, accepted or rejected, with the test process alive. A crasher the
/// fuzzer found stays here as a regression file once its fix lands.
@Suite struct FuzzCorpusReplayTests {
    static func files(_ kind: String, _ target: FuzzTarget) -> [String] {
        FuzzReplay.files(repositoryRoot.appendingPathComponent("fuzz/\(kind)/\(target.rawValue)").path)
    }

    @Test(arguments: FuzzTarget.allCases)
    func corpusAndCrashersReplay(target: FuzzTarget) {
        let corpus = Self.files("corpus", target)
        #expect(!corpus.isEmpty, "fuzz/corpus/\(target.rawValue) holds no seeds")
        var accepted = 0
        for path in corpus + Self.files("crashers", target) {
            guard let data = FileManager.default.contents(atPath: path) else {
                Issue.record("\(path) is unreadable")
                continue
            }
            let outcome = target.run([UInt8](data))
            switch outcome {
            case .accepted(let summary):
                accepted += 1
                #expect(!summary.isEmpty || target == .audio)
            case .rejected(let reason): #expect(!reason.isEmpty, "\(path): rejected without a reason")
            }
        }
        // Each corpus keeps inputs that pass all the way through, not only rejections.
        #expect(accepted > 0, "no input of fuzz/corpus/\(target.rawValue) is accepted")
    }

    /// The harness entry point on an empty input (libFuzzer's first call) gives an outcome too.
    @Test func emptyInput() {
        for target in FuzzTarget.allCases { _ = target.run([]) }
        #expect(!FuzzTarget.audio.run([]).isAccepted)
        #expect(!FuzzTarget.midi.run([]).isAccepted)
    }
}
