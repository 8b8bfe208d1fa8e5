import ArgumentParser
import Foundation
import GenkiFixtures

/// Regenerates the bundled fixtures (`make fixtures`).
@main
struct GenkiFixturesCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "genki-fixtures",
        abstract: "Write genki's deterministic audio fixtures and bad-input fixtures into a folder."
    )

    @Option(name: .shortAndLong, help: "Output folder.")
    var out: String = "fixtures"

    func run() throws {
        let skipped = try FixtureSet.write(to: URL(fileURLWithPath: out))
        for name in skipped {
            FileHandle.standardError.write(Data("genki-fixtures: this libsndfile cannot write \(name); skipped\n".utf8))
        }
        print("wrote \(FixtureSet.audio.count - skipped.count + FixtureSet.bad.count + MIDIFixtures.good.count + MIDIFixtures.bad.count) fixtures to \(out)")
    }
}
