import Foundation
import GenkiCore
import GenkiFingerprint
import GenkiFixtures
import GenkiIngest
import GenkiSchema
import Testing

@Suite struct FileIngestorTests {
    static let expected: [String: (container: String, codec: String, channels: Int, rate: Int, duration: Double, lossless: Bool)] = [
        "a-stereo-44100-pcm16.wav": ("wav", "pcm_16", 2, 44_100, 2.0, true),
        "a-stereo-44100-16.flac": ("flac", "pcm_16", 2, 44_100, 2.0, true),
        "b-stereo-48000-pcm24.wav": ("wav", "pcm_24", 2, 48_000, 1.5, true),
        "c-mono-22050-pcm16.wav": ("wav", "pcm_16", 1, 22_050, 2.0, true),
        "d-mono-32000-float.wav": ("wav", "float", 1, 32_000, 1.5, true),
        "e-stereo-44100-vorbis.ogg": ("ogg", "vorbis", 2, 44_100, 2.0, false),
        "f-mono-44100.mp3": ("mp3", "mp3", 1, 44_100, 2.0, false),
        "g-stereo-48000.opus": ("ogg", "opus", 2, 48_000, 2.0, false),
        "h-mono-96000-24.flac": ("flac", "pcm_24", 1, 96_000, 1.0, true),
        "i-mono-11025-pcm16-no-extension": ("wav", "pcm_16", 1, 11_025, 1.0, true),
    ]

    @Test(arguments: IngestProfile.allCases)
    func everyGoodFixtureIngestsAndValidates(profile: IngestProfile) async throws {
        let validator = try recordValidator()
        let encoder = RecordEncoder()
        let (outcomes, summary) = await runIngest([fixturesAudio.path], profile: profile)
        #expect(summary.ok == Self.expected.count)
        #expect(summary.failed == 0)
        #expect(outcomes.count == Self.expected.count)
        for outcome in outcomes {
            let record = try #require(outcome.record)
            let name = URL(fileURLWithPath: record.path).lastPathComponent
            let want = try #require(Self.expected[name], "unexpected \(name)")
            let format = try #require(record.format)
            #expect(record.isOK, "\(name): \(record.reason ?? "")")
            #expect(format.container == want.container, "\(name)")
            #expect(format.codec == want.codec, "\(name)")
            #expect(format.channels == want.channels)
            #expect(format.sampleRate == want.rate)
            let wantFrames = Int64(want.duration * Double(want.rate))
            if want.lossless {
                #expect(format.frames == wantFrames, "\(name)")
            } else {
                #expect(abs(format.frames - wantFrames) < wantFrames / 10, "\(name): \(format.frames)")
            }
            // The resampled stream has exactly the rounded rate-ratio length.
            let out = try #require(record.profile)
            #expect(out.sampleRate == profile.sampleRate)
            let ratioLength = (Double(format.frames) * Double(profile.sampleRate) / Double(format.sampleRate)).rounded()
            #expect(Double(out.frames) == ratioLength, "\(name): \(out.frames) vs \(ratioLength)")
            let quality = try #require(record.quality)
            #expect(quality.peak > 0.05 && quality.peak < 1)
            #expect(quality.clippingRatio == 0)
            #expect(quality.silenceRatio < 0.2)
            let violations = try validator.validate(data: encoder.encode(record))
            #expect(violations.isEmpty, "\(name): \(violations)")
        }
    }

    @Test func fileHashIsTheHashOfEveryByteEvenThoughTheFileIsReadOnce() async throws {
        // The decoder pulls bytes through a hashing source; whatever it skips is hashed at the end.
        let (outcomes, _) = await runIngest([fixturesAudio.path, repositoryRoot.appendingPathComponent("fixtures/midi/good").path])
        let records = outcomes.compactMap(\.record)
        #expect(records.count == Self.expected.count + MIDIFixtures.good.count)
        for r in records {
            let bytes = [UInt8](try Data(contentsOf: URL(fileURLWithPath: r.path)))
            #expect(r.fileXXH3 == XXH3Hasher.hash(bytes).hex, "\(r.path)")
        }
    }

    @Test func losslessCopiesShareThePCMHash() async throws {
        let (outcomes, _) = await runIngest([
            fixturesAudio.appendingPathComponent("a-stereo-44100-pcm16.wav").path,
            fixturesAudio.appendingPathComponent("a-stereo-44100-16.flac").path,
            fixturesAudio.appendingPathComponent("c-mono-22050-pcm16.wav").path,
        ])
        let records = outcomes.compactMap(\.record)
        #expect(records.count == 3)
        #expect(records[0].pcmXXH3 == records[1].pcmXXH3)
        #expect(records[0].fileXXH3 != records[1].fileXXH3)
        #expect(records[0].pcmXXH3 != records[2].pcmXXH3)
    }

    @Test func badFixturesEachGetAClearOutcome() async throws {
        let validator = try recordValidator()
        let encoder = RecordEncoder()
        let (outcomes, summary) = await runIngest([fixturesBad.path])
        let wantedStages: [String: IngestRecord.Stage] = [
            "bad-zero-length.wav": .sniff, "bad-truncated.wav": .decode, "bad-garbage.wav": .sniff,
            "bad-text.wav": .sniff, "bad-huge-fmt-chunk.wav": .decode, "bad-huge-data-chunk.wav": .decode,
            "bad-fake-header.flac": .decode,
        ]
        #expect(summary.failed == wantedStages.count)
        #expect(summary.skipped == 1)
        #expect(summary.ok == 0)
        for outcome in outcomes {
            switch outcome {
            case .record(let r):
                let name = URL(fileURLWithPath: r.path).lastPathComponent
                #expect(!r.isOK)
                #expect(r.stage == wantedStages[name], "\(name): \(String(describing: r.stage))")
                #expect(!(r.reason ?? "").isEmpty)
                #expect(!(r.reason ?? "").contains(fixturesBad.path), "reasons carry no paths")
                #expect(try validator.validate(data: encoder.encode(r)).isEmpty)
            case .skipped(let path, _):
                #expect(path.hasSuffix("notes.txt"))
            }
        }
        let byName = Dictionary(uniqueKeysWithValues: outcomes.compactMap(\.record).map { (URL(fileURLWithPath: $0.path).lastPathComponent, $0) })
        #expect(byName["bad-truncated.wav"]?.reason?.contains("truncated") == true)
        #expect(byName["bad-huge-data-chunk.wav"]?.reason?.contains("2147483632") == true)
        #expect(byName["bad-zero-length.wav"]?.reason?.contains("0 bytes") == true)
    }

    @Test func hazardsNeitherHangNorCrash() async throws {
        let dir = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let hazards = try FixtureSet.writeHazards(to: dir)
        let (outcomes, summary) = await runIngest([dir.path, hazards.fifo, "/dev/zero"])
        // The folder walk skips the FIFO and the loop; the explicit FIFO and device fail.
        let failures = outcomes.compactMap(\.record).filter { !$0.isOK }
        #expect(failures.contains { $0.path == hazards.fifo && $0.stage == .walk })
        #expect(failures.contains { $0.path == "/dev/zero" && $0.stage == .walk })
        // The unreadable file: root can read it anyway (then it decodes); anyone else gets an open error.
        let unreadable = try #require(outcomes.compactMap(\.record).first { $0.path == hazards.unreadable })
        if getuid() == 0 {
            #expect(unreadable.isOK)
        } else {
            #expect(unreadable.stage == .open)
        }
        #expect(summary.skipped >= 2)
    }

    @Test func outputIsIdenticalWhateverTheJobCount() async throws {
        let encoder = RecordEncoder()
        var renderings: [Data] = []
        for jobs in [1, 2, 5] {
            let (outcomes, _) = await runIngest([fixturesAudio.path, fixturesBad.path], profile: .fp, jobs: jobs)
            var blob = Data()
            for case .record(let r) in outcomes { blob.append(try encoder.encode(r)) }
            renderings.append(blob)
        }
        #expect(renderings[0] == renderings[1])
        #expect(renderings[0] == renderings[2])
    }

    @Test func consumerReceivesTheWholeResampledStream() throws {
        struct Collector: ResampledStreamConsumer {
            var samples: [Float] = []
            mutating func consume(_ block: UnsafeBufferPointer<Float>) { samples.append(contentsOf: block) }
        }
        var collector = Collector()
        let path = fixturesAudio.appendingPathComponent("c-mono-22050-pcm16.wav").path
        let outcome = FileIngestor(profile: .fp).ingest(path: path, consumer: &collector)
        let record = try #require(outcome.record)
        #expect(Int64(collector.samples.count) == record.profile?.frames)
        #expect(collector.samples.count == 22_050)
        #expect(collector.samples.contains { abs($0) > 0.05 })
    }

    @Test func truncationNoteParsesLibsndfileLog() {
        #expect(FileIngestor.truncationNote("data : 16000 (should be 9582)\n") != nil)
        #expect(FileIngestor.truncationNote("data : 88200\n") == nil)
        #expect(FileIngestor.truncationNote("data : 4294967295 (should be 9582)\n") == nil, "streaming placeholder")
        #expect(FileIngestor.truncationNote("RIFF : 16036 (should be 9618)\n") == nil)
    }
}
