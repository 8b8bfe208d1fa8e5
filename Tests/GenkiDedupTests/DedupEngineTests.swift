import Foundation
import GenkiAudio
import GenkiCore
import GenkiDedup
import GenkiFingerprint
import GenkiFixtures
import GenkiIngest
import GenkiMIDI
import GenkiModel
import Testing

/// Items built in memory from generated audio and MIDI.
enum Build {
    static func audio(_ path: String, _ piece: ChiptuneSynth.Piece, _ distortion: AudioDistortion? = nil, registered: Int64? = nil, quality: Double = 1) throws -> CatalogItem {
        let (x, rate) = try (distortion ?? .gain(decibels: 0)).render(piece)
        let fp = try AudioFingerprinter.fingerprint(mono: x, sampleRate: rate)
        let pcm = XXH3Hasher.hash(x.withUnsafeBytes { Array($0) }).hex
        return CatalogItem(
            path: path, kind: .audio, fileHash: "file-" + path, contentHash: pcm,
            durationSeconds: Double(x.count) / Double(rate), quality: quality, registeredAt: registered, audio: fp)
    }

    static func midi(_ path: String, _ piece: GeneratedPiece) throws -> CatalogItem {
        let stream = NoteStream(try MIDIParser.parse(SMFWriter().write(piece.file())).file)
        return CatalogItem(
            path: path, kind: .midi, fileHash: "file-" + path, contentHash: stream.canonicalHash.hex,
            durationSeconds: stream.durationSeconds, quality: 1, symbolic: SymbolicFingerprint(notes: stream.notes))
    }

    static func piece(_ seed: UInt64) -> ChiptuneSynth.Piece { ChiptuneSynth.Piece(seed: seed, duration: 10, sampleRate: 22_050, channels: 1) }
}

@Suite struct DedupEngineTests {
    static let items: [CatalogItem] = {
        do {
            let p1 = Build.piece(301)
            let p2 = Build.piece(302)
            let p3 = Build.piece(303)
            var exactCopy = try Build.audio("z/p1-copy.wav", p1)
            exactCopy.fileHash = "file-a/p1.wav"
            return [
                try Build.audio("a/p1.wav", p1),
                exactCopy,
                try Build.audio("b/p1-pitch.wav", p1, .pitch(semitones: 1)),
                try Build.audio("c/p1-speed.wav", p1, .speed(1.03)),
                try Build.audio("d/p2.wav", p2),
                try Build.audio("d/p2-mp3.wav", p2, .codec(.mp3, level: 1)),
                try Build.audio("e/p3.wav", p3),
                try Build.midi("m/song.mid", GeneratedPiece.make(seed: 11)),
                try Build.midi("m/song-transposed.mid", GeneratedPiece.make(seed: 11).transposed(4)),
                try Build.midi("m/other.mid", GeneratedPiece.make(seed: 12)),
            ]
        } catch {
            return []
        }
    }()

    @Test func findsExactAndNearClustersAndNothingElse() async throws {
        #expect(Self.items.count == 10)
        let result = await DedupEngine(jobs: 2).run(Self.items)
        let groups = result.clusters.map { Set($0.members.map(\.path)) }
        #expect(groups.count == 3, "\(groups)")
        #expect(groups.contains(["a/p1.wav", "z/p1-copy.wav", "b/p1-pitch.wav", "c/p1-speed.wav"]))
        #expect(groups.contains(["d/p2.wav", "d/p2-mp3.wav"]))
        #expect(groups.contains(["m/song.mid", "m/song-transposed.mid"]))
        let p1 = try #require(result.clusters.first { $0.members.contains { $0.path == "a/p1.wav" } })
        #expect(p1.pairs.contains { $0.reason == .bytes })
        #expect(p1.pairs.contains { $0.reason == .audioNear && $0.score >= AudioMatcher.threshold })
        #expect(!p1.exact)
        // Every item is either kept or dropped, never both; one kept per cluster.
        #expect(Set(result.kept).isDisjoint(with: result.dropped))
        #expect(result.kept.count + result.dropped.count == Self.items.count)
        for c in result.clusters {
            #expect(c.members.filter { $0.role == .kept }.map(\.path) == [c.kept])
        }
    }

    @Test func resultDoesNotDependOnInputOrderOrJobs() async throws {
        let reference = await DedupEngine(jobs: 1).run(Self.items).clusters
        var rng = SplitMix64(seed: 5)
        for jobs in [2, 3] {
            let shuffled = Self.items.shuffled(using: &rng)
            #expect(await DedupEngine(jobs: jobs).run(shuffled).clusters == reference)
        }
    }

    @Test func clustersAreTransitive() async throws {
        // p1 ~ pitch-shifted p1 and p1 ~ sped-up p1: all three land in one cluster even if the
        // two distorted copies alone were not joined directly.
        let result = await DedupEngine().run(Self.items)
        let cluster = try #require(result.clusters.first { $0.members.contains { $0.path == "b/p1-pitch.wav" } })
        #expect(cluster.members.contains { $0.path == "c/p1-speed.wav" })
    }

    @Test func thresholdsAreHonoured() async throws {
        let strict = await DedupEngine(audioThreshold: 0.999, midiThreshold: 1.0).run(Self.items)
        #expect(strict.clusters.allSatisfy { $0.pairs.allSatisfy { $0.reason.isExact || $0.score >= 0.999 } })
        #expect(strict.clusters.count >= 1)
    }
}

@Suite struct UnionFindAndLSHTests {
    @Test func unionFindMatchesNaiveComponents() {
        var rng = SplitMix64(seed: 9)
        for _ in 0..<50 {
            let n = 30
            var uf = UnionFind(count: n)
            var label = Array(0..<n)
            for _ in 0..<20 {
                let a = Int(rng.next() % UInt64(n))
                let b = Int(rng.next() % UInt64(n))
                uf.union(a, b)
                let (la, lb) = (label[a], label[b])
                for i in 0..<n where label[i] == lb { label[i] = la }
            }
            for i in 0..<n { for j in 0..<n { #expect((uf.find(i) == uf.find(j)) == (label[i] == label[j])) } }
            let groups = uf.groups()
            #expect(groups.allSatisfy { $0.count >= 2 && $0 == $0.sorted() })
        }
    }

    @Test func lshPairsIdenticalAndSimilarSetsButFewRandomOnes() {
        var rng = SplitMix64(seed: 3)
        let base = (0..<400).map { _ in rng.next() }
        var lsh = MinHashLSH()
        lsh.insert(0, MinHashSignature(shingles: base))
        lsh.insert(1, MinHashSignature(shingles: base))
        lsh.insert(2, MinHashSignature(shingles: Array(base.prefix(300)) + (0..<40).map { _ in rng.next() }))
        for id in 3..<60 { lsh.insert(id, MinHashSignature(shingles: (0..<400).map { _ in rng.next() })) }
        lsh.insert(60, MinHashSignature(shingles: []))
        let pairs = lsh.candidatePairs()
        #expect(pairs.contains { $0 == (0, 1) })
        #expect(pairs.contains { $0 == (0, 2) })
        #expect(!pairs.contains { $0.0 >= 3 || $0.1 >= 3 }, "unrelated random sets collide: \(pairs)")
    }
}

@Suite struct LSHScaleTests {
    @Test func hugeBucketsAreChainedNotExploded() {
        var lsh = MinHashLSH()
        let same = MinHashSignature(shingles: Array(1...60))
        for id in 0..<1_000 { lsh.insert(id, same) }
        let pairs = lsh.candidatePairs()
        // A chain keeps the bucket connected with n − 1 pairs instead of n(n − 1)/2.
        #expect(pairs.count == 999)
        var sets = UnionFind(count: 1_000)
        for (a, b) in pairs { sets.union(a, b) }
        #expect(sets.groups().count == 1)
    }
}
