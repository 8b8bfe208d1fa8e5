import GenkiIngest
import GenkiModel
import Testing

@Suite struct ProgressAndSummaryTests {
    @Test func progressLineShowsCountsRateAndETA() {
        let line = ProgressLine.render(done: 100, total: 400, audioSeconds: 4_500, elapsed: 10)
        #expect(line.hasPrefix("[#####---------------]"))
        #expect(line.contains("100/400 files"))
        #expect(line.contains("1.25 h audio"))
        #expect(line.contains("450× RT"))
        #expect(line.contains("ETA 0:30"))
    }

    @Test func progressLineWithoutTotalHasNoBarOrETA() {
        let line = ProgressLine.render(done: 3, total: nil, audioSeconds: 36, elapsed: 0)
        #expect(line == "3 files  0.01 h audio")
    }

    @Test func longETAUsesHours() {
        let line = ProgressLine.render(done: 1, total: 1001, audioSeconds: 10, elapsed: 10)
        #expect(line.contains("ETA 2:46:40"))
    }

    @Test func summaryCountsEveryOutcome() {
        var summary = IngestSummary()
        var ok = IngestRecord(status: .ok, path: "a")
        ok.format = .init(container: "wav", codec: "pcm_16", sampleRate: 8000, channels: 1, frames: 8000, durationSeconds: 1)
        ok.sizeBytes = 16_044
        summary.add(.record(ok))
        summary.add(.record(.failure(path: "b", stage: .decode, reason: "x")))
        summary.add(.skipped(path: "c", reason: "not audio"))
        #expect(summary.files == 2)
        #expect(summary.ok == 1)
        #expect(summary.failed == 1)
        #expect(summary.skipped == 1)
        #expect(summary.audioSeconds == 1)
        #expect(summary.bytes == 16_044)
    }
}
