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

    @Option(help: "Instead of the fixtures, write a generated mixed collection of this many files (originals, copies, disguises, MIDI) into --out.")
    var collection: Int?

    @Flag(help: "Instead of the fixtures, write the chip fuzz target's seeds (generated MODs, an XM, an S3M, an IT, PSID tunes and chip logs behind their selector byte) into --out.")
    var chipSeeds = false

    func run() throws {
        if chipSeeds {
            let folder = URL(fileURLWithPath: out)
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            let seeds: [(String, [UInt8])] = [
                ("mod-1.bin", [0] + ChipFixtures.mod(seed: 1, patterns: 1)),
                ("mod-2-swapped.bin", [0] + ChipFixtures.mod(seed: 2, patterns: 1, transpose: 2, swapChannels: true, swapSamples: true)),
                ("sid-1.bin", [1] + ChipFixtures.psid(seed: 1)),
                ("sid-2-songs.bin", [1] + ChipFixtures.psid(seed: 2, songs: 3)),
                ("xm-1.bin", [0] + ChipFixtures.xm(seed: 1, marker: "x")),
                ("s3m-1.bin", [0] + ChipFixtures.s3m(seed: 1, marker: "x")),
                ("it-1.bin", [0] + ChipFixtures.it(seed: 1, marker: "x")),
                ("nsf-1.bin", [2] + ChipFixtures.nsf(seed: 1, marker: "x")),
                ("nsf2-1.bin", [2] + ChipFixtures.nsf(seed: 1, marker: "x", nsf2: true)),
                ("nsfe-1.bin", [2] + ChipFixtures.nsfe(seed: 1, marker: "x")),
                ("gbs-1.bin", [2] + ChipFixtures.gbs(seed: 1, marker: "x")),
                ("vgm-1.bin", [2] + ChipFixtures.vgm(seed: 1, notes: 8, marker: "x")),
                ("spc-1.bin", [2] + ChipFixtures.spc(seed: 1, marker: "x")),
            ]
            for (name, bytes) in seeds { try Data(bytes).write(to: folder.appendingPathComponent(name)) }
            print("wrote \(seeds.count) chip seeds to \(out)")
            return
        }
        if let collection {
            guard (1...100_000).contains(collection) else { throw ValidationError("--collection must be 1–100,000") }
            try CollectionFixture.write(count: collection, to: URL(fileURLWithPath: out))
            print("wrote a collection of \(collection) files to \(out)")
            return
        }
        let skipped = try FixtureSet.write(to: URL(fileURLWithPath: out))
        for name in skipped {
            FileHandle.standardError.write(Data("genki-fixtures: this libsndfile cannot write \(name); skipped\n".utf8))
        }
        print("wrote \(FixtureSet.audio.count - skipped.count + FixtureSet.bad.count + MIDIFixtures.good.count + MIDIFixtures.bad.count) fixtures to \(out)")
    }
}
