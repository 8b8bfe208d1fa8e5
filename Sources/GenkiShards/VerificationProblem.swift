/// One reason a shard folder fails verification: the file, the tar member when the problem is
/// inside a shard, and what is wrong. File and member names are shown escaped (printable ASCII).
public struct VerificationProblem: Sendable, Equatable, CustomStringConvertible {
    /// The file in the folder (`manifest.jsonl`, `genki-000000.tar`, …).
    public var file: String
    /// The tar member or sample the problem is about, when it is inside a shard.
    public var member: String?
    /// What is wrong.
    public var reason: String

    /// A problem about `file` (and `member`), names escaped for display.
    public init(file: String, member: String? = nil, reason: String) {
        self.file = TarArchive.printable(file)
        self.member = member.map(TarArchive.printable)
        self.reason = reason
    }

    /// `file: member: reason`.
    public var description: String { member.map { "\(file): \($0): \(reason)" } ?? "\(file): \(reason)" }
}

/// Collects problems, keeping at most `limit` so a hostile folder cannot flood the output.
struct ProblemLog {
    static let limit = 1_000
    private(set) var problems: [VerificationProblem] = []
    private(set) var dropped = 0

    mutating func add(_ file: String, _ member: String? = nil, _ reason: String) {
        guard problems.count < Self.limit else {
            dropped += 1
            return
        }
        problems.append(VerificationProblem(file: file, member: member, reason: reason))
    }

    /// The problems, ending with a count of those left out.
    var all: [VerificationProblem] {
        dropped == 0 ? problems : problems + [VerificationProblem(file: "(folder)", reason: "\(dropped) more problems not shown")]
    }
}
