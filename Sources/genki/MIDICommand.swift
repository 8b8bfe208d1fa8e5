import ArgumentParser
import Foundation
import GenkiAudio
import GenkiCore
import GenkiIngest
import GenkiMIDI
import GenkiModel
import GenkiSynth

/// `genki midi …`: MIDI tools over the GenkiMIDI library.
struct MIDICommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "midi",
        abstract: "Canonicalise, render, inspect and compare Standard MIDI Files.",
        subcommands: [Canon.self, Render.self, Info.self, Compare.self]
    )

    /// Reads and parses a MIDI file, turning failures into a clean exit 1.
    static func load(_ path: String) throws -> MIDIParseResult {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw CLIFailure("cannot read the input file")
        }
        return try MIDIParser.parse([UInt8](data))
    }

    struct Canon: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Write the metadata-free canonical form (notes, tempo, programs, controllers; no text, names, lyrics, markers or sysex)."
        )
        @Argument(help: "Input .mid/.midi/.rmi file.") var input: String
        @Argument(help: "Output .mid file.") var output: String

        func run() throws {
            let parsed = try MIDICommand.load(input)
            let (bytes, report) = CanonicalMIDIWriter.write(parsed.file)
            do {
                let out = try LineOutput(path: output)
                out.write(Data(bytes))
                out.close()
            } catch {
                throw CLIFailure("\(error)")
            }
            print("canonical MIDI: \(NoteStream(parsed.file).notes.count) notes; dropped \(report.droppedMetaEvents) meta and \(report.droppedSysexEvents) sysex events")
            for w in parsed.warnings { print("warning: \(w)") }
        }
    }

    struct Render: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Render to audio with the built-in chiptune voices (pulse, triangle, noise); deterministic."
        )
        @Argument(help: "Input .mid/.midi/.rmi file.") var input: String
        @Argument(help: "Output audio file (.wav → 16-bit PCM, .flac → FLAC 16).") var output: String
        @Option(help: "Sample rate in Hz.") var rate: Int = 44_100
        @Option(help: "Polyphony (voices sounding at once).") var voices: Int = 8
        @Option(help: "Refuse pieces longer than this many seconds.") var maxSeconds: Double = 3_600

        func validate() throws {
            try OptionRanges.check(rate, OptionRanges.renderRate, "--rate")
            try OptionRanges.check(voices, OptionRanges.voices, "--voices")
            try OptionRanges.check(maxSeconds, OptionRanges.renderSeconds, "--max-seconds")
        }

        func run() throws {
            let parsed = try MIDICommand.load(input)
            let stream = NoteStream(parsed.file)
            let format: AudioFileFormat = ContentSniffer.fileExtension(output) == "flac" ? .flac16 : .wavPCM16
            try ChiptuneRenderer(sampleRate: rate, voices: voices, maxSeconds: maxSeconds).write(stream, to: output, format: format)
            print(String(format: "rendered %d notes, %.2f s at %d Hz", stream.notes.count, stream.durationSeconds, rate))
        }
    }

    struct Info: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Show what a MIDI file holds, its canonical hash and fingerprint size.")
        @Argument(help: "Input .mid/.midi/.rmi file.") var input: String
        @Flag(help: "Print the ingest record as JSON.") var json = false

        func run() throws {
            guard let data = FileManager.default.contents(atPath: input) else { throw CLIFailure("cannot read the input file") }
            var base = IngestRecord(status: .ok, path: input)
            base.kind = .midi
            base.sizeBytes = Int64(data.count)
            let record = MIDIIngestor.analyze(bytes: [UInt8](data), into: base)
            if json {
                print(String(decoding: try RecordEncoder().encode(record), as: UTF8.self))
            } else if let m = record.midi {
                print("format \(m.format), \(m.tracks) tracks, \(m.ppq.map { "\($0) PPQ" } ?? "SMPTE \(m.smpteFPS ?? 0) fps")")
                print(String(format: "%d notes (%d drums), %.2f s, %.1f beats, %d tempo changes", m.notes, m.drumNotes, m.durationSeconds, m.durationBeats, m.tempoChanges))
                print("programs \(m.programs), channels \(m.channels)")
                print("canonical xxh3-128 \(m.canonicalXXH3), fingerprint \(m.fingerprintShingles) shingles")
                for w in record.warnings ?? [] { print("warning: \(w)") }
            }
            if !record.isOK { throw CLIFailure(record.reason ?? "unusable MIDI file") }
        }
    }

    struct Compare: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Compare two MIDI files by symbolic fingerprint (survives transposition, tempo, resolution, layout, programs, trims, small edits)."
        )
        @Argument(help: "First file.") var first: String
        @Argument(help: "Second file.") var second: String

        func run() throws {
            let a = SymbolicFingerprint(notes: NoteStream(try MIDICommand.load(first).file).notes)
            let b = SymbolicFingerprint(notes: NoteStream(try MIDICommand.load(second).file).notes)
            let score = a.similarity(b)
            print(
                String(
                    format: "similarity %.3f (threshold %.2f), jaccard %.3f, minhash estimate %.3f, shared %d of %d / %d shingles",
                    score, SymbolicFingerprint.threshold, a.jaccard(b), a.estimatedJaccard(b), a.sharedShingles(b), a.shingles.count, b.shingles.count))
            print(score >= SymbolicFingerprint.threshold ? "same piece" : "different pieces")
        }
    }
}

/// A failure the CLI reports on stderr with exit code 1 (no paths in the message).
struct CLIFailure: GenkiError {
    let description: String
    init(_ description: String) { self.description = description }
}
