import Foundation
import GenkiFixtures
import GenkiSchema
import Testing

@Suite struct DistributedDedupCLITests {
    /// A folder with exact and MIDI duplicates from the fixtures.
    func collection() throws -> URL {
        let dir = try temporaryDirectory()
        let fm = FileManager.default
        let audio = repositoryRoot.appendingPathComponent("fixtures/audio")
        let midi = repositoryRoot.appendingPathComponent("fixtures/midi/good")
        for name in try fm.contentsOfDirectory(atPath: audio.path) {
            try fm.copyItem(at: audio.appendingPathComponent(name), to: dir.appendingPathComponent(name))
        }
        try fm.copyItem(at: audio.appendingPathComponent("c-mono-22050-pcm16.wav"), to: dir.appendingPathComponent("copy.wav"))
        for name in try fm.contentsOfDirectory(atPath: midi.path) {
            try fm.copyItem(at: midi.appendingPathComponent(name), to: dir.appendingPathComponent(name))
        }
        return dir
    }

    @Test func partitionsThenMergeEqualTheSingleMachineRun() throws {
        let dir = try collection()
        let parts = try temporaryDirectory()
        defer {
            try? FileManager.default.removeItem(at: dir)
            try? FileManager.default.removeItem(at: parts)
        }
        let single = try genki("dedup", dir.path, "--jsonl")
        #expect(single.status == 0)
        #expect(single.stdoutText.split(separator: "\n").count == 3)
        for rank in 0..<3 {
            let r = try genki("dedup", dir.path, "--rank", "\(rank)", "--world-size", "3", "--partition-dir", parts.path)
            #expect(r.status == 0, "\(r.stderrText)")
        }
        let merged = try genki("dedup", "merge", parts.path, "--world-size", "3", "--jsonl")
        #expect(merged.status == 0, "\(merged.stderrText)")
        #expect(merged.stdout == single.stdout)
        // Partition files and markers follow their schemas.
        let schemas = repositoryRoot.appendingPathComponent("schemas")
        let lineValidator = try JSONSchemaValidator(directory: schemas, root: "dedup-partition.schema.json")
        let doneValidator = try JSONSchemaValidator(directory: schemas, root: "dedup-partition-done.schema.json")
        var total = 0
        for rank in 0..<3 {
            let data = try Data(contentsOf: parts.appendingPathComponent("part-\(rank)-of-3.jsonl"))
            for line in data.split(separator: 0x0A) {
                #expect(try lineValidator.validate(data: Data(line)).isEmpty)
                total += 1
            }
            #expect(try doneValidator.validate(data: Data(contentsOf: parts.appendingPathComponent("part-\(rank)-of-3.done"))).isEmpty)
        }
        #expect(total == FixtureSet.audio.count + 1 + MIDIFixtures.good.count)
    }

    @Test func finishedRanksAreNoOpsAndMissingRanksBlockTheMerge() throws {
        let dir = try collection()
        let parts = try temporaryDirectory()
        defer {
            try? FileManager.default.removeItem(at: dir)
            try? FileManager.default.removeItem(at: parts)
        }
        #expect(try genki("dedup", dir.path, "--rank", "0", "--world-size", "2", "--partition-dir", parts.path).status == 0)
        let file = parts.appendingPathComponent("part-0-of-2.jsonl")
        let before = try Data(contentsOf: file)
        try FileManager.default.removeItem(at: dir.appendingPathComponent("copy.wav"))  // the input changes…
        let again = try genki("dedup", dir.path, "--rank", "0", "--world-size", "2", "--partition-dir", parts.path)
        #expect(again.stdoutText.contains("already done"))
        #expect(try Data(contentsOf: file) == before)  // …but a finished rank is not redone
        let merge = try genki("dedup", "merge", parts.path, "--world-size", "2")
        #expect(merge.status == 1)
        #expect(merge.stderrText.contains("ranks 1"))
        // Slurm's variables stand in for --rank / --world-size.
        let slurm = try run("/usr/bin/env", ["SLURM_ARRAY_TASK_ID=1", "SLURM_ARRAY_TASK_COUNT=2", genkiBinary, "dedup", dir.path, "--partition-dir", parts.path])
        #expect(slurm.status == 0, "\(slurm.stderrText)")
        #expect(slurm.stdoutText.contains("rank 1 of 2"))
        #expect(try genki("dedup", "merge", parts.path, "--world-size", "2").status == 0)
        #expect(try genki("dedup", dir.path, "--rank", "0").status == 2, "--rank needs --partition-dir")
    }
}

@Suite struct DedupAgainstIndexCLITests {
    @Test func newCopiesOfIndexedFilesAreDroppedInFavourOfTheIndex() throws {
        let index = try temporaryDirectory()
        let fresh = try temporaryDirectory()
        defer {
            try? FileManager.default.removeItem(at: index)
            try? FileManager.default.removeItem(at: fresh)
        }
        let audio = repositoryRoot.appendingPathComponent("fixtures/audio")
        // Build an index of the audio fixtures (a one-rank run).
        #expect(try genki("dedup", audio.path, "--rank", "0", "--world-size", "1", "--partition-dir", index.path).status == 0)
        // New data: one copy of an indexed file, one file the index does not hold.
        try FileManager.default.copyItem(at: audio.appendingPathComponent("c-mono-22050-pcm16.wav"), to: fresh.appendingPathComponent("mine.wav"))
        try FileManager.default.copyItem(
            at: repositoryRoot.appendingPathComponent("fixtures/midi/good/piece-format1.mid"), to: fresh.appendingPathComponent("song.mid"))
        let drop = fresh.appendingPathComponent("drop.txt").path
        let keep = fresh.appendingPathComponent("keep.txt").path
        let result = try genki("dedup", fresh.path, "--against", index.path, "--jsonl", "--drop-list", drop, "--keep-list", keep)
        #expect(result.status == 0, "\(result.stderrText)")
        let lines = result.stdoutText.split(separator: "\n")
        #expect(lines.count == 1)
        let cluster = try JSONValue.parse(Data(lines[0].utf8))
        #expect(cluster["kept"] == .string(audio.appendingPathComponent("c-mono-22050-pcm16.wav").path))
        #expect(try String(contentsOfFile: drop, encoding: .utf8) == fresh.appendingPathComponent("mine.wav").path + "\n")
        #expect(try String(contentsOfFile: keep, encoding: .utf8) == fresh.appendingPathComponent("song.mid").path + "\n")
        // Something that is not a finished run is refused.
        let bad = try genki("dedup", fresh.path, "--against", fresh.path)
        #expect(bad.status == 1)
        #expect(bad.stderrText.contains("finished run"))
    }
}
