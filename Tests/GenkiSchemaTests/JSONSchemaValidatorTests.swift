import Foundation
import GenkiSchema
import Testing

let schemasDirectory = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
    .deletingLastPathComponent().appendingPathComponent("schemas")

@Suite struct JSONSchemaValidatorTests {
    let validator: JSONSchemaValidator
    init() throws { validator = try JSONSchemaValidator(directory: schemasDirectory, root: "ingest-record.schema.json") }

    let goodError = #"{"schema":"genki.ingest-record/1","status":"error","path":"x.wav","stage":"decode","reason":"bad"}"#
    let goodOK = #"""
        {"schema":"genki.ingest-record/1","status":"ok","path":"a.wav","kind":"audio","size_bytes":10,
         "file_xxh3_128":"0123456789abcdef0123456789abcdef","pcm_xxh3_128":"0123456789abcdef0123456789abcdef",
         "format":{"container":"wav","codec":"pcm_16","sample_rate":44100,"channels":2,"frames":10,"duration_s":0.0002},
         "profile":{"name":"genki","sample_rate":44100,"converter":"passthrough","frames":10},
         "quality":{"peak":0.5,"clipping_ratio":0,"silence_ratio":0,"dc_offset":0,"non_finite_samples":0},
         "warnings":[]}
        """#

    private func violations(_ text: String) throws -> [SchemaViolation] {
        try validator.validate(data: Data(text.utf8))
    }

    @Test func acceptsValidRecords() throws {
        #expect(try violations(goodError).isEmpty)
        #expect(try violations(goodOK).isEmpty)
    }

    /// A chip file's failed first subtune names the file's subtunes on its error record; a
    /// subtune below 1 or an unknown field there is refused.
    @Test func errorRecordsMayNameTheirSubtune() throws {
        let failed = #"{"schema":"genki.ingest-record/1","status":"error","path":"r.nsf/subtune-1","stage":"decode","reason":"bad","chip":{"subtune":1,"subtunes":3}}"#
        #expect(try violations(failed).isEmpty)
        #expect(try !violations(failed.replacingOccurrences(of: #""subtune":1"#, with: #""subtune":0"#)).isEmpty)
        #expect(try !violations(failed.replacingOccurrences(of: #""subtunes":3"#, with: #""subtunes":3,"title":"x""#)).isEmpty)
    }

    @Test func rejectsBrokenRecords() throws {
        let mutations: [(String, String)] = [
            ("\"stage\":\"decode\"", "\"stage\":\"bogus\""),
            ("\"reason\":\"bad\"", "\"reason\":\"\""),
            (",\"reason\":\"bad\"", ""),
            ("\"path\":\"x.wav\"", "\"path\":\"x.wav\",\"extra\":1"),
            ("\"status\":\"error\"", "\"status\":\"ok\""),
        ]
        for (from, to) in mutations {
            let broken = goodError.replacingOccurrences(of: from, with: to)
            #expect(broken != goodError)
            #expect(try !violations(broken).isEmpty, "accepted: \(broken)")
        }
        let okMutations: [(String, String)] = [
            ("\"file_xxh3_128\":\"0123456789abcdef0123456789abcdef\"", "\"file_xxh3_128\":\"XYZ\""),
            ("\"channels\":2", "\"channels\":0"),
            ("\"channels\":2", "\"channels\":2.5"),
            ("\"clipping_ratio\":0", "\"clipping_ratio\":1.5"),
            ("\"size_bytes\":10", "\"size_bytes\":\"10\""),
            ("\"warnings\":[]", "\"warnings\":[1]"),
            ("\"name\":\"genki\"", "\"name\":\"other\""),
            ("\"duration_s\":0.0002", "\"duration_s\":0"),
            ("\"non_finite_samples\":0", "\"non_finite_samples\":true"),
        ]
        for (from, to) in okMutations {
            let broken = goodOK.replacingOccurrences(of: from, with: to)
            #expect(broken != goodOK)
            #expect(try !violations(broken).isEmpty, "accepted: \(to)")
        }
    }

    @Test func reportValidatesRecordsThroughCrossFileReference() throws {
        let report = try JSONSchemaValidator(directory: schemasDirectory, root: "ingest-report.schema.json")
        let good = "{\"records\":[\(goodError),\(goodOK)],\"summary\":{\"files\":2,\"subtune_items\":0,\"ok\":1,\"failed\":1,\"skipped\":0,\"audio_seconds\":0.0002,\"midi_seconds\":0,\"bytes\":10}}"
        #expect(try report.validate(data: Data(good.utf8)).isEmpty)
        let bad = good.replacingOccurrences(of: "\"stage\":\"decode\"", with: "\"stage\":7")
        let found = try report.validate(data: Data(bad.utf8))
        #expect(found.contains { $0.pointer.hasPrefix("/records/0") })
    }

    @Test func everySchemaFileLoadsWithSupportedKeywordsOnly() throws {
        let files = try FileManager.default.contentsOfDirectory(atPath: schemasDirectory.path).filter { $0.hasSuffix(".schema.json") }
        #expect(!files.isEmpty)
        for file in files {
            #expect(throws: Never.self) { try JSONSchemaValidator(directory: schemasDirectory, root: file) }
        }
    }

    @Test func unknownKeywordsAreRefused() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("genki-schema-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        try Data(#"{"type":"object","patternProperties":{}}"#.utf8).write(to: dir.appendingPathComponent("s.json"))
        #expect(throws: SchemaError.unsupportedKeyword("patternProperties")) {
            try JSONSchemaValidator(directory: dir, root: "s.json")
        }
    }
}
