import Foundation
import GenkiFixtures
import Testing

@Suite struct FixtureGeneratorTests {
    @Test func synthIsDeterministicAndSeedSensitive() {
        let synth = ChiptuneSynth()
        let p = ChiptuneSynth.Piece(seed: 77, duration: 1, sampleRate: 22_050, channels: 2)
        #expect(synth.render(p) == synth.render(p))
        var q = p
        q.seed = 78
        #expect(synth.render(p) != synth.render(q))
        #expect(synth.render(p).count == 22_050 * 2)
    }

    @Test func committedFixturesMatchTheGenerator() throws {
        // Byte-deterministic encodings must regenerate exactly; Ogg streams carry a random
        // serial number from libsndfile, so only their presence is checked.
        let dir = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let skipped = try FixtureSet.write(to: dir)
        #expect(skipped.isEmpty)
        for fixture in FixtureSet.audio {
            let committed = fixturesAudio.appendingPathComponent(fixture.name)
            #expect(FileManager.default.fileExists(atPath: committed.path), "\(fixture.name) missing: run make fixtures")
            guard fixture.format != .oggVorbis && fixture.format != .oggOpus else { continue }
            let fresh = try Data(contentsOf: dir.appendingPathComponent("audio").appendingPathComponent(fixture.name))
            #expect(try Data(contentsOf: committed) == fresh, "\(fixture.name) is stale: run make fixtures")
        }
        for fixture in FixtureSet.bad {
            #expect(try Data(contentsOf: fixturesBad.appendingPathComponent(fixture.name)) == Data(fixture.bytes))
        }
        for fixture in ChipFixtures.files {
            let committed = repositoryRoot.appendingPathComponent("fixtures/chip").appendingPathComponent(fixture.name)
            #expect(try Data(contentsOf: committed) == Data(fixture.bytes), "\(fixture.name) is stale: run make fixtures")
        }
    }

    @Test func committedFixturesStaySmall() throws {
        var total = 0
        for dir in [fixturesAudio, fixturesBad] {
            for name in try FileManager.default.contentsOfDirectory(atPath: dir.path) {
                let attrs = try FileManager.default.attributesOfItem(atPath: dir.appendingPathComponent(name).path)
                total += (attrs[.size] as? Int) ?? 0
            }
        }
        #expect(total > 0)
        #expect(total < 5_000_000)
    }

    /// Every MOD disguise changes the file's bytes, and each a different way (a disguise the
    /// writer ignored would make the disguise tests vacuous).
    @Test func everyModuleDisguiseChangesTheFile() {
        let original = ChipFixtures.mod(seed: 3, patterns: 2)
        let disguises = [
            ChipFixtures.mod(seed: 3, patterns: 2, transpose: 3), ChipFixtures.mod(seed: 3, patterns: 2, speed: 4),
            ChipFixtures.mod(seed: 3, patterns: 2, swapChannels: true), ChipFixtures.mod(seed: 3, patterns: 2, swapSamples: true),
            ChipFixtures.mod(seed: 3, patterns: 2, subsongs: true), ChipFixtures.mod(seed: 3, patterns: 2, marker: "x"),
        ]
        #expect(disguises.allSatisfy { $0 != original && $0.count == original.count })
        #expect(Set(disguises).count == disguises.count)
    }
}
