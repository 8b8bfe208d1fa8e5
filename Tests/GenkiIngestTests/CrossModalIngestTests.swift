import Foundation
import GenkiFingerprint
import GenkiFixtures
import Testing

@testable import GenkiIngest

/// Cross-modal renders are made in the parallel ingest, from the notes the parser already made,
/// and reach the run's records whether files are decoded in-process or in worker processes.
@Suite struct CrossModalIngestTests {
    static func midiFolder() throws -> (URL, [String: [UInt8]]) {
        let dir = try temporaryDirectory()
        var bytes: [String: [UInt8]] = [:]
        for f in MIDIFixtures.good.prefix(3) {
            try Data(f.bytes).write(to: dir.appendingPathComponent(f.name))
            bytes[f.name] = f.bytes
        }
        return (dir, bytes)
    }

    @Test func rendersMatchTheStandaloneRenderInProcessAndInWorkers() async throws {
        let (dir, bytes) = try Self.midiFolder()
        defer { try? FileManager.default.removeItem(at: dir) }
        var isolations: [IngestIsolation] = [.inProcess]
        if FileManager.default.isExecutableFile(atPath: genkiBinary) {
            isolations.append(.workers(WorkerLimits(executable: genkiBinary, arguments: ["worker"])))
        }
        for isolation in isolations {
            for renders in [false, true] {
                var options = IngestOptions(profile: .fp, jobs: 2, fingerprints: true)
                options.renders = renders
                options.isolation = isolation
                var records: [IngestRecord] = []
                _ = await IngestRunner.run(paths: [dir.path], options: options) { if case .record(let r) = $0 { records.append(r) } }
                #expect(records.count == bytes.count)
                for r in records {
                    let name = URL(fileURLWithPath: r.path).lastPathComponent
                    let expected = CrossModal.renderFingerprint(midi: try #require(bytes[name]))
                    #expect(r.fingerprints?.symbolic != nil)
                    if renders {
                        #expect(expected != nil && r.fingerprints?.rendered == expected, "\(isolation) \(name)")
                    } else {
                        #expect(r.fingerprints?.rendered == nil)
                    }
                }
            }
        }
    }

    @Test func theWorkerProtocolCarriesEveryFingerprint() throws {
        let piece = try #require(MIDIFixtures.good.first)
        let record = MIDIIngestor.analyze(bytes: piece.bytes, into: IngestRecord(status: .ok, path: "p.mid"), render: true)
        let rendered = try #require(record.fingerprints?.rendered)
        guard case .record(let back)? = WorkerProtocol.decode(WorkerProtocol.encode(.record(record))) else {
            Issue.record("the response does not decode")
            return
        }
        #expect(back.fingerprints?.rendered == rendered)
        #expect(back.fingerprints?.symbolic?.shingles == record.fingerprints?.symbolic?.shingles)
        // A truncated response is refused, not half-read.
        let payload = WorkerProtocol.encode(.record(record))
        #expect(WorkerProtocol.decode(Array(payload.dropLast(3))) == nil)
    }
}
