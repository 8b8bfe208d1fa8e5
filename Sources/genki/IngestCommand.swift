import ArgumentParser
import Foundation
import GenkiIngest
import GenkiPipeline
import GenkiRegistry
import Logging

/// `genki ingest`: decode, resample, analyse and hash a collection.
struct IngestCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "ingest",
        abstract: "Decode, resample, analyse and hash every audio and MIDI file under the given paths.",
        discussion: """
            Writes one record per file (schema: schemas/ingest-record.schema.json). Files that fail get \
            an error record with the stage and reason; the run goes on. Exit code: 0 all good, \
            1 some files failed, 2 usage error.
            """
    )

    enum OutputFormat: String, ExpressibleByArgument {
        case text, json, jsonl
    }

    @OptionGroup var inputs: InputPaths

    @Option(help: "Resampling profile: genki (44.1 kHz), clap (48 kHz) or fp (11,025 Hz).")
    var profile: IngestProfile = .genki

    @Option(help: "Files processed in parallel (default: number of cores).")
    var jobs: Int = ProcessInfo.processInfo.activeProcessorCount

    @Flag(help: "One JSON document: {\"records\": [...], \"summary\": {...}}.")
    var json = false

    @Flag(help: "JSON Lines: one record per line.")
    var jsonl = false

    @Option(help: "Write the report to this file instead of stdout.")
    var out: String?

    @Flag(help: "Include hidden files and folders (names starting with a dot).")
    var includeHidden = false

    @Flag(help: "No progress line, even on a terminal.")
    var quiet = false

    @Flag(help: "Also compute each audio file's chroma fingerprint (needs --profile fp).")
    var fingerprint = false

    @Option(help: "Also record every analysed file in this registry database (created if missing).")
    var registry: String?

    @Option(help: "Registry dataset the files belong to.")
    var dataset: String = "default"

    @Option(help: "Miner hotkey owning the dataset (recorded on first use).")
    var miner: String?

    @OptionGroup var isolation: IsolationOptions

    func validate() throws {
        guard !(json && jsonl) else { throw ValidationError("--json and --jsonl are exclusive") }
        try OptionRanges.check(jobs, OptionRanges.jobs, "--jobs")
        guard !fingerprint || profile == .fp else { throw ValidationError("--fingerprint needs --profile fp") }
    }

    func run() async throws {
        let paths = try inputs.resolved()
        let logger = Logger(label: "genki.ingest")
        let output: LineOutput
        do {
            output = try LineOutput(path: out)
        } catch {
            logger.error("\(error)")
            throw ExitCode(2)
        }
        let format: OutputFormat = json ? .json : (jsonl ? .jsonl : .text)
        let encoder = RecordEncoder()
        let progress = TerminalProgress(enabled: !quiet)
        progress.countInBackground(paths: paths, includeHidden: includeHidden)
        var options = IngestOptions(profile: profile, jobs: jobs, includeHidden: includeHidden, fingerprints: fingerprint)
        options.isolation = isolation.isolation
        options.subtunes = isolation.subtunes

        let sink = try registry.map { try RegistrySink(path: $0, dataset: dataset, miner: miner) }
        if format == .json { output.write("{\"records\":[") }
        var first = true
        var encodeFailures = 0
        let summary = await IngestRunner.run(paths: paths, options: options) { outcome in
            let data: Data?
            switch outcome {
            case .skipped(let path, let reason):
                progress.advance(audioSeconds: 0)
                if format == .text {
                    output.write(TextReport.skipLine(path: path, reason: reason) + "\n")
                    return
                }
                data = try? encoder.encode(SkippedRecord(path: path, reason: reason))
            case .record(let record):
                // Progress counts walked files: a chip file's later subtunes are not files.
                if (record.chip?.subtune ?? 1) == 1 { progress.advance(audioSeconds: record.format?.durationSeconds ?? 0) }
                sink?.add(record)
                if format == .text {
                    output.write(TextReport.line(record) + "\n")
                    return
                }
                data = try? encoder.encode(record)
            }
            guard let data else {
                encodeFailures += 1
                return
            }
            if format == .json && !first { output.write(",") }
            output.write(data)
            if format == .jsonl { output.write("\n") }
            first = false
        }
        progress.finish()
        sink?.flush()
        switch format {
        case .json:
            output.write("],\"summary\":")
            if let data = try? encoder.encode(summary) { output.write(data) }
            output.write("}\n")
        case .jsonl:
            break
        case .text:
            output.write(TextReport.summary(summary) + "\n")
        }
        output.close()
        if encodeFailures > 0 { logger.error("\(encodeFailures) records could not be encoded") }
        if let failure = sink?.failure { throw failure }
        if summary.ok == 0 {
            logger.error("\(TextReport.nothingIngested(summary))")
            throw ExitCode(1)
        }
        if summary.failed > 0 || encodeFailures > 0 { throw ExitCode(1) }
    }
}

extension IngestProfile: ExpressibleByArgument {}

/// Plain-text rendering of records for people.
enum TextReport {
    static func line(_ r: IngestRecord) -> String {
        guard r.isOK else {
            return "ERROR  \(r.stage?.rawValue ?? "?"): \(TerminalText.escape(r.reason ?? "unknown"))  \(TerminalText.escape(r.path))"
        }
        let warned = (r.warnings ?? []).isEmpty ? "" : "  (\(r.warnings?.count ?? 0) warnings)"
        if let m = r.midi {
            let duration = String(format: "%7.2fs", m.durationSeconds)
            return "ok     \(duration)  midi format \(m.format), \(m.tracks) tracks, \(m.notes) notes\(warned)  \(TerminalText.escape(r.path))"
        }
        guard let f = r.format else { return "ok     \(TerminalText.escape(r.path))" }
        let duration = String(format: "%7.2fs", f.durationSeconds)
        let loudness = r.quality?.loudnessLUFS.map { String(format: "%6.1f LUFS", $0) } ?? "   - LUFS"
        return "ok     \(duration)  \(f.sampleRate) Hz \(f.channels) ch  \(f.container)/\(f.codec)  \(loudness)\(warned)  \(TerminalText.escape(r.path))"
    }

    /// An input that was not analysed, with the reason.
    static func skipLine(path: String, reason: String) -> String {
        "skip   \(TerminalText.escape(reason))  \(TerminalText.escape(path))"
    }

    /// Why a run analysed nothing.
    static func nothingIngested(_ s: IngestSummary) -> String {
        if s.files == 0 && s.skipped == 0 { return "nothing was ingested: no files were found" }
        let failed = s.failed == 1 ? "1 file failed" : "\(s.failed) files failed"
        let skipped = s.skipped == 1 ? "1 was skipped" : "\(s.skipped) were skipped"
        return "nothing was ingested: \(failed) and \(skipped) (each is listed with its reason)"
    }

    static func summary(_ s: IngestSummary) -> String {
        let subtunes = s.subtuneItems == 0 ? "" : s.subtuneItems == 1 ? " (and 1 more subtune)" : " (and \(s.subtuneItems) more subtunes)"
        return "\(s.files) files\(subtunes): "
            + String(
                format: "%d ok, %d failed, %d skipped; %.2f h of audio, %.2f h of MIDI",
                s.ok, s.failed, s.skipped, s.audioSeconds / 3600, s.midiSeconds / 3600
            )
    }
}
