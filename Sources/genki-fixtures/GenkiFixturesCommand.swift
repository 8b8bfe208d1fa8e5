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

    @Flag(
        help:
            "Instead of the fixtures, write the gme fuzz target's seeds (small NSF, NSFe, VGM, GYM, SPC, GBS, HES, KSS, AY and SAP files, a few with expansion chips, FM or timers, behind their selector byte) into --out."
    )
    var gmeSeeds = false

    func run() throws {
        if gmeSeeds {
            try writeGMESeeds()
            return
        }
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
                // Selector 17: a chip log (17 % 3 == 2), the sixth of `FuzzTarget.chip`'s list (17 / 3 % 6 == 5), VGZ.
                ("vgz-1.bin", [17] + (GzipFixture.compress(ChipFixtures.vgm(seed: 1, notes: 8, marker: "x")) ?? [])),
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

    /// The `gme` fuzz target's seeds. The selector byte is the format's index in
    /// `FuzzTarget.gmeFormats` (nsf 0, nsfe 1, vgm 2, vgz 3, gym 4, spc 5, gbs 6, hes 7, kss 8,
    /// ay 9, sap 10); a selector of 11 or more also picks another track of a multi-track file.
    func writeGMESeeds() throws {
        let folder = URL(fileURLWithPath: out)
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        var threeSongs = ChipFixtures.nsf(seed: 2)
        threeSongs[6] = 3  // songs: the program ignores which one it plays
        var expansion = ChipFixtures.nsf(seed: 3)
        expansion[0x7B] = 0x31  // VRC6, Namco 163 and Sunsoft 5B on
        var timed = ChipFixtures.gbs(seed: 2)
        timed[0x0E] = 0xC0  // timer modulo
        timed[0x0F] = 0x04  // play from the timer (4,096 Hz input) instead of vertical blank
        let seeds: [(String, [UInt8])] = [
            ("nsf-1.bin", [0] + ChipFixtures.nsf(seed: 1, marker: "x")),
            ("nsf2-1.bin", [0] + ChipFixtures.nsf(seed: 1, marker: "x", nsf2: true)),
            ("nsf-3-songs.bin", [11] + threeSongs),
            ("nsfe-1.bin", [1] + ChipFixtures.nsfe(seed: 1, marker: "x")),
            ("vgm-1.bin", [2] + ChipFixtures.vgm(seed: 1, notes: 8, marker: "x")),
            ("vgm-fm-1.bin", [2] + ChipFixtures.vgmFM(seed: 1)),
            ("vgz-1.bin", [3] + (GzipFixture.compress(ChipFixtures.vgm(seed: 1, notes: 8, marker: "x")) ?? [])),
            ("nsf-expansion-1.bin", [0] + expansion),
            ("gbs-timer-1.bin", [6] + timed),
            ("gym-1.bin", [4] + ChipFixtures.gym(seed: 1)),
            ("spc-1.bin", [5] + ChipFixtures.spc(seed: 1, marker: "x")),
            ("gbs-1.bin", [6] + ChipFixtures.gbs(seed: 1, marker: "x")),
            ("hes-1.bin", [18] + ChipFixtures.hes(seed: 1)),
            ("kss-1.bin", [19] + ChipFixtures.kss(seed: 1)),
            ("ay-1.bin", [9] + ChipFixtures.ay(seed: 1)),
            ("sap-1.bin", [10] + ChipFixtures.sap(seed: 1)),
        ]
        for (name, bytes) in seeds { try Data(bytes).write(to: folder.appendingPathComponent(name)) }
        print("wrote \(seeds.count) gme seeds to \(out)")
    }
}
