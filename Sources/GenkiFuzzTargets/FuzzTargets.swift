import Foundation
import GenkiAudio
import GenkiAudit
import GenkiChip
import GenkiFingerprint
import GenkiIngest
import GenkiMIDI
import GenkiModel
import GenkiRegistry
import GenkiShards
import GenkiSynth

/// What one input did: accepted (with a short summary) or rejected with a typed reason. Either
/// way the process survives; a trap or a sanitizer report is the only failure.
public enum FuzzOutcome: Sendable, Equatable {
    case accepted(String)
    case rejected(String)

    public var isAccepted: Bool { if case .accepted = self { true } else { false } }
}

/// The fuzzed entry points. The libFuzzer harnesses under `fuzz/` call `run` with each input,
/// and `make test` replays every file of `fuzz/corpus/<target>` and `fuzz/crashers/<target>`
/// through the same function (`FuzzCorpusReplayTests`), so a crasher once found stays fixed.
public enum FuzzTarget: String, CaseIterable, Sendable {
    /// Audio bytes through libsndfile's virtual I/O, then decode → downmix → PCM hash →
    /// quality → resample → fingerprint, and the fingerprint's codec round trip.
    case audio
    /// MIDI parse → note stream → symbolic fingerprint → canonical writer (re-parsed) → render.
    case midi
    /// The tar reader (lenient and canonical) and every per-sample check `shard verify` runs.
    case tar
    /// The JSON readers; the first byte picks one (see `JSONReader`), the rest is the document.
    case json
    /// The compact audio fingerprint codec and the registry's stored-fingerprint reader.
    case fingerprint
    /// Tracker modules (libopenmpt: a short render and the pattern score) and SID tunes
    /// (libsidplayfp: a short render); the first byte picks one (even: module, odd: SID), the
    /// rest is the file. Chip logs are only stripped here; `gme` renders them.
    case chip
    /// Chip logs and rips through libgme (`GMEPreflight`, then a short render of the first
    /// track and, for a multi-track file, of a second); the first byte picks the format
    /// (`gmeFormats`), the rest is the file. libgme is not hardened: the preflight rejects the
    /// crashing shapes it can recognise, and `make fuzz` runs this harness in libFuzzer's fork
    /// mode because some crashes are only contained (ingest renders chip files in workers).
    case gme

    /// Runs one input; never traps on any bytes (that is the property the fuzzer tests).
    public func run(_ bytes: [UInt8]) -> FuzzOutcome {
        switch self {
        case .audio: FuzzTarget.audio(bytes)
        case .midi: FuzzTarget.midi(bytes)
        case .tar: FuzzTarget.tar(bytes)
        case .json: FuzzTarget.json(bytes)
        case .fingerprint: FuzzTarget.fingerprint(bytes)
        case .chip: FuzzTarget.chip(bytes)
        case .gme: FuzzTarget.gme(bytes)
        }
    }

    /// Runs `bytes` given as a buffer (the harness entry point).
    public func run(_ data: UnsafePointer<UInt8>, _ size: Int) -> FuzzOutcome {
        run(Array(UnsafeBufferPointer(start: data, count: size)))
    }

    // MARK: audio

    static let ingestor = FileIngestor(profile: .fp, fingerprints: true)

    static func audio(_ bytes: [UInt8]) -> FuzzOutcome {
        _ = ContentSniffer.sniff(header: Array(bytes.prefix(ContentSniffer.headerLength)), fileName: "input.wav")
        let record = ingestor.ingestAudio(bytes: bytes, path: "input")
        guard record.isOK else { return .rejected("\(record.stage?.rawValue ?? "?"): \(record.reason ?? "")") }
        guard let fingerprint = record.fingerprints?.audio else { return .accepted("no fingerprint") }
        do {
            let decoded = try AudioFingerprint(encoded: fingerprint.encoded())
            return .accepted("\(record.format?.frames ?? 0) frames, \(decoded.frameCount) fingerprint frames")
        } catch {
            return .rejected("fingerprint round trip: \(error.description)")
        }
    }

    // MARK: MIDI

    /// A low rate and a one-minute cap keep each execution cheap while every fixture piece
    /// (10–40 s) still renders, so the render loop is inside the fuzzed path.
    static let renderer = ChiptuneRenderer(sampleRate: ChiptuneRenderer.sampleRateRange.lowerBound, voices: 8, maxSeconds: 60, tailSeconds: 0.25)

    static func midi(_ bytes: [UInt8]) -> FuzzOutcome {
        let record = MIDIIngestor.analyze(bytes: bytes, into: IngestRecord(status: .ok, path: "input.mid"))
        let parsed: MIDIParseResult
        do { parsed = try MIDIParser.parse(bytes) } catch { return .rejected("parse: \(error.description)") }
        let stream = NoteStream(parsed.file)
        _ = SymbolicFingerprint(notes: stream.notes).shingleBytes
        _ = stream.canonicalHash
        let canonical = CanonicalMIDIWriter.write(parsed.file).bytes
        let reparsed: MIDIParseResult
        do { reparsed = try MIDIParser.parse(canonical) } catch { return .rejected("canonical output: \(error.description)") }
        _ = NoteStream(reparsed.file)
        let rendered: Int
        do { rendered = try renderer.render(stream).count } catch { return .rejected("render: \(error.description)") }
        return .accepted("\(stream.notes.count) notes, \(rendered) samples, record \(record.status)")
    }

    // MARK: tar

    static func tar(_ bytes: [UInt8]) -> FuzzOutcome {
        let (members, problems) = ShardReaders.shard(bytes)
        _ = problems.map(TarArchive.printable)
        guard let members else { return .rejected(problems.first ?? "unreadable") }
        return .accepted("\(members) members, \(problems.count) problems")
    }

    // MARK: JSON

    /// The JSON reader a `json` input's first byte (modulo the count) selects.
    public enum JSONReader: UInt8, CaseIterable, Sendable {
        case sidecar, manifest, datasetCard, sealedManifest, sketch, response
        /// A sketch and a response separated by a NUL byte, verified against each other.
        case sketchAndResponse
        /// An audit sketch entry's landmark text (`Sketch.decodeLandmarks`).
        case landmarks

        /// The input for this reader: its selector byte, then `document`.
        public func input(_ document: [UInt8]) -> [UInt8] { [rawValue] + document }
    }

    static func json(_ bytes: [UInt8]) -> FuzzOutcome {
        guard let first = bytes.first else { return .rejected("empty") }
        let reader = JSONReader.allCases[Int(first) % JSONReader.allCases.count]
        let document = Array(bytes.dropFirst())
        let decoder = JSONDecoder()
        switch reader {
        case .sidecar:
            let (duration, problems) = ShardReaders.sidecar(document)
            return duration == nil ? .rejected(problems.first ?? "") : .accepted("sidecar, \(problems.count) problems")
        case .manifest:
            return .accepted("manifest, \(ShardReaders.manifest(document).count) problems")
        case .datasetCard:
            return ShardReaders.datasetCard(document) == nil ? .rejected("not a dataset card") : .accepted("dataset card")
        case .sealedManifest:
            switch ShardReaders.sealedManifest(document) {
            case .success(let m): return .accepted("sealed manifest of \(m.shards.count) shards")
            case .failure(let e): return .rejected(e.description)
            }
        case .sketch:
            guard let sketch = try? decoder.decode(Sketch.self, from: Data(document)) else { return .rejected("not a sketch") }
            return .accepted(sketchSummary(sketch))
        case .response:
            guard let response = try? decoder.decode(AuditResponse.self, from: Data(document)) else { return .rejected("not a response") }
            return .accepted("response of \(response.answers.count) answers")
        case .sketchAndResponse:
            let parts = document.split(separator: 0, maxSplits: 1, omittingEmptySubsequences: false)
            guard parts.count == 2,
                let sketch = try? decoder.decode(Sketch.self, from: Data(parts[0])),
                let response = try? decoder.decode(AuditResponse.self, from: Data(parts[1]))
            else { return .rejected("not a sketch and a response") }
            _ = sketchSummary(sketch)
            // The seeds' round and challenge seeds (fuzz/seed.py), so a seed pair verifies.
            let key = RoundKey(round: sketch.round, seed: Self.roundSeed)
            let verification = Verification.verify(
                response: response, sketch: sketch, seed: Self.challengeSeed, count: min(response.answers.count, 64), key: key
            )
            return .accepted(verification.passed ? "verified" : "refused: \(verification.reason ?? "")")
        case .landmarks:
            let text = String(decoding: document, as: UTF8.self)
            guard let landmarks = Sketch.decodeLandmarks(text) else { return .rejected("malformed landmarks") }
            return Sketch.encodeLandmarks(landmarks) == text ? .accepted("\(landmarks.count) landmarks") : .accepted("\(landmarks.count) landmarks (non-canonical text)")
        }
    }

    /// The round seed and challenge seed `fuzz/seed.py` builds its sketch and response with.
    public static let roundSeed = "S", challengeSeed = "C"

    static func sketchSummary(_ sketch: Sketch) -> String {
        for e in sketch.entries {
            _ = Sketch.landmarkProblem(e)
            _ = e.signature.flatMap(Sketch.decode)
        }
        return "sketch of \(sketch.entries.count) entries: \(sketch.landmarkProblem ?? "landmarks ok")"
    }

    // MARK: chip music

    /// The first byte picks the path: 0 (mod 3) a module through libopenmpt, 1 a SID tune through
    /// libsidplayfp, 2 a chip log's stripper alone (the `gme` target renders chip logs; a VGZ is
    /// inflated first). Every path also strips the file (`ChipCanonicalForm`) and traps if a
    /// stripped form is longer than its input (a VGZ's: than its VGM) or not its own stripped form.
    static func chip(_ bytes: [UInt8]) -> FuzzOutcome {
        guard let selector = bytes.first else { return .rejected("empty input") }
        let file = Array(bytes.dropFirst())
        let sniffed = ChipFormat.sniff(Array(file.prefix(ChipFormat.headerLength)), fileName: "input.mod")
        let logs: [ChipFormat] = [.nsf, .nsfe, .gbs, .vgm, .spc, .vgz]
        let format: ChipFormat
        switch selector % 3 {
        case 0: format = sniffed.flatMap { $0.isModule ? $0 : nil } ?? .mod
        case 1: format = .sid
        default: format = sniffed.flatMap { logs.contains($0) ? $0 : nil } ?? logs[Int(selector / 3) % logs.count]
        }
        var summary = format.rawValue
        do {
            if let stripped = try ChipCanonicalForm.stripped(file, format: format) {
                // A VGZ's stripped form is its inflated VGM's, bounded by that VGM, not by the VGZ.
                precondition(format == .vgz || stripped.count <= file.count, "a stripped form grew")
                let form = ChipCanonicalForm.form(of: format)
                precondition((try? ChipCanonicalForm.stripped(stripped, format: form)) == stripped, "stripping is not idempotent")
                summary += ", stripped to \(stripped.count) bytes"
            }
        } catch {
            summary += ", not strippable (\(error.description))"
        }
        guard format.engine != .gme else { return .accepted(summary) }
        var policy = ChipRenderPolicy()
        policy.maxSeconds = 1
        policy.sidSeconds = 0.25
        do {
            let render = try ChipRenderer.render(file, format: format, policy: policy)
            summary += ": \(render.frames) frames of \(render.subtunes) subtunes"
            if format.isModule, let score = try? ModuleScore.read(file) {
                summary += ", \(score.notes.count) notes, \(SymbolicFingerprint(notes: score.notes).shingles.count) shingles"
            }
            return .accepted(summary)
        } catch {
            return .rejected(summary + ": " + error.description)
        }
    }

    // MARK: libgme

    /// The formats a `gme` input's first byte (modulo the count) picks, in selector order (the
    /// seeds' selector bytes, `genki-fixtures --gme-seeds`, follow it).
    public static let gmeFormats: [ChipFormat] = ChipFormat.allCases.filter { $0.engine == .gme }

    /// A half-second render keeps each execution cheap while every track still starts and plays.
    static let gmePolicy: ChipRenderPolicy = {
        var policy = ChipRenderPolicy()
        policy.maxSeconds = 0.5
        policy.fadeSeconds = 0.25
        return policy
    }()

    /// The first byte picks the format (the sniffed one wins when the rest is a libgme format)
    /// and, divided by the format count, which other track a multi-track file also renders.
    static func gme(_ bytes: [UInt8]) -> FuzzOutcome {
        guard let selector = bytes.first else { return .rejected("empty input") }
        let file = Array(bytes.dropFirst())
        let sniffed = ChipFormat.sniff(Array(file.prefix(ChipFormat.headerLength)), fileName: "input.vgz")
        let format = sniffed.flatMap { $0.engine == .gme ? $0 : nil } ?? gmeFormats[Int(selector) % gmeFormats.count]
        var summary = format.rawValue
        do {
            let first = try ChipRenderer.render(file, format: format, policy: gmePolicy)
            summary += ": \(first.frames) frames of \(first.subtunes) tracks"
            guard first.subtunes > 1 else { return .accepted(summary) }
            let other = 1 + Int(selector) / gmeFormats.count % (first.subtunes - 1)
            let second = try ChipRenderer.render(file, format: format, subtune: other, policy: gmePolicy)
            return .accepted(summary + ", track \(other + 1): \(second.frames) frames")
        } catch {
            return .rejected(summary + ": " + error.description)
        }
    }

    // MARK: fingerprint codec

    static func fingerprint(_ bytes: [UInt8]) -> FuzzOutcome {
        for kind in FingerprintKind.allCases {
            var item = CatalogItem(path: "", kind: .audio, fileHash: "", contentHash: "", durationSeconds: 0, quality: 0)
            item.restore(StoredFingerprint(kind: kind, bytes: bytes))
        }
        do {
            let fingerprint = try AudioFingerprint(encoded: bytes)
            let again = try AudioFingerprint(encoded: fingerprint.encoded())
            return .accepted("\(fingerprint.frameCount) frames, \(again.peaks.count) peaks")
        } catch {
            return .rejected(error.description)
        }
    }
}
