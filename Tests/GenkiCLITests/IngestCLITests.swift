import Foundation
import GenkiFixtures
import GenkiSchema
import Testing

@Suite(.serialized) struct IngestCLITests {
    let fixtures = repositoryRoot.appendingPathComponent("fixtures")
    let schemas = repositoryRoot.appendingPathComponent("schemas")

    @Test func goodFixturesExitZeroWithValidJSONLinesAndQuietStderr() throws {
        let result = try genki("ingest", fixtures.appendingPathComponent("audio").path, "--jsonl")
        #expect(result.status == 0)
        #expect(result.stderr.isEmpty, "stderr not a terminal: nothing but errors; got \(result.stderrText)")
        let validator = try JSONSchemaValidator(directory: schemas, root: "ingest-record.schema.json")
        let lines = result.stdoutText.split(separator: "\n")
        #expect(lines.count == FixtureSet.audio.count)
        for line in lines {
            #expect(try validator.validate(data: Data(line.utf8)).isEmpty, "\(line)")
        }
    }

    @Test func badFixturesExitOneAndEveryFileIsReported() throws {
        let result = try genki("ingest", fixtures.appendingPathComponent("bad").path, "--jsonl")
        #expect(result.status == 1)
        let lines = result.stdoutText.split(separator: "\n").map(String.init)
        #expect(lines.count == FixtureSet.bad.count, "every input has a line: an error or a skip with its reason")
        for fixture in FixtureSet.bad {
            let status = fixture.outcome == .error ? "error" : "skipped"
            #expect(lines.contains { $0.contains("\"status\":\"\(status)\"") && $0.contains(fixture.name) && $0.contains("\"reason\":") }, "\(fixture.name)")
        }
        let validator = try JSONSchemaValidator(directory: schemas, root: "ingest-record.schema.json")
        for line in lines { #expect(try validator.validate(JSONValue.parse(Data(line.utf8))).isEmpty, "\(line)") }
    }

    @Test func jsonDocumentValidatesAgainstTheReportSchema() throws {
        let dir = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let out = dir.appendingPathComponent("report.json").path
        let result = try genki("ingest", fixtures.path, "--json", "--out", out, "--profile", "fp", "--jobs", "1")
        #expect(result.status == 1)
        #expect(result.stdout.isEmpty)
        let data = try Data(contentsOf: URL(fileURLWithPath: out))
        let validator = try JSONSchemaValidator(directory: schemas, root: "ingest-report.schema.json")
        #expect(try validator.validate(data: data).isEmpty)
        let doc = try JSONValue.parse(data)
        #expect(doc["summary"]?["ok"] == .number(Double(FixtureCounts.ok)))
        #expect(doc["summary"]?["failed"] == .number(Double(FixtureCounts.failed)))
        #expect(doc["summary"]?["skipped"] == .number(Double(FixtureCounts.skipped)))
        #expect(doc["summary"]?["subtune_items"] == .number(Double(FixtureCounts.subtuneItems)))
    }

    @Test func outputIsDeterministicAcrossRunsAndJobCounts() throws {
        let a = try genki("ingest", fixtures.path, "--jsonl", "--jobs", "1")
        let b = try genki("ingest", fixtures.path, "--jsonl", "--jobs", "4")
        #expect(a.status == 1 && b.status == 1)
        #expect(!a.stdout.isEmpty)
        #expect(a.stdout == b.stdout)
    }

    @Test func outputToADeviceLeavesTheDeviceAlone() throws {
        // Regression: an atomic-replace write once turned /dev/null into a regular file.
        let result = try genki("ingest", fixtures.appendingPathComponent("audio").path, "--jsonl", "--out", "/dev/null")
        #expect(result.status == 0)
        var st = stat()
        #expect(stat("/dev/null", &st) == 0)
        #expect((st.st_mode & S_IFMT) == S_IFCHR)
    }

    @Test func unwritableOutputIsAnErrorOnStderr() throws {
        let result = try genki("ingest", fixtures.appendingPathComponent("audio").path, "--out", "/nonexistent-dir/report.txt")
        #expect(result.status == 2)
        #expect(result.stdout.isEmpty)
        #expect(result.stderrText.contains("cannot open output file"))
        #expect(!result.stderrText.contains("/nonexistent-dir"), "no paths in logs")
    }

    @Test func fingerprintRecordsValidateAndAreDeterministic() throws {
        let audio = fixtures.appendingPathComponent("audio").path
        let a = try genki("ingest", audio, "--profile", "fp", "--fingerprint", "--jsonl")
        let b = try genki("ingest", audio, "--profile", "fp", "--fingerprint", "--jsonl", "--jobs", "1")
        #expect(a.status == 0)
        #expect(a.stdout == b.stdout)
        let validator = try JSONSchemaValidator(directory: schemas, root: "ingest-record.schema.json")
        for line in a.stdoutText.split(separator: "\n") {
            let value = try JSONValue.parse(Data(line.utf8))
            #expect(try validator.validate(value).isEmpty)
            guard case .number(let frames)? = value["fingerprint"]?["frames"], case .number(let seconds)? = value["format"]?["duration_s"] else {
                Issue.record("no fingerprint in \(line)")
                continue
            }
            #expect(abs(frames - seconds * 11_025 / 2_048) <= 2)
        }
        #expect(try genki("ingest", audio, "--fingerprint").status == 2, "needs --profile fp")
    }

    @Test func usageErrorsExitTwo() throws {
        #expect(try genki("ingest").status == 2)
        #expect(try genki("ingest", "x", "--json", "--jsonl").status == 2)
        #expect(try genki("ingest", "x", "--profile", "nope").status == 2)
        #expect(try genki("ingest", "x", "--jobs", "0").status == 2)
        #expect(try genki("--help").status == 0)
    }

    @Test func textReportHasOneLinePerFileAndASummary() throws {
        let result = try genki("ingest", fixtures.path)
        #expect(result.status == 1)
        let lines = result.stdoutText.split(separator: "\n")
        #expect(lines.filter { $0.hasPrefix("ok ") }.count == FixtureCounts.ok)
        #expect(lines.filter { $0.hasPrefix("ERROR ") }.count == FixtureCounts.failed)
        #expect(lines.filter { $0.hasPrefix("skip ") }.count == FixtureCounts.skipped)
        let files = FixtureCounts.ok - FixtureCounts.subtuneItems + FixtureCounts.failed
        let summary = "\(files) files (and 1 more subtune): \(FixtureCounts.ok) ok, \(FixtureCounts.failed) failed, \(FixtureCounts.skipped) skipped"
        #expect(FixtureCounts.subtuneItems == 1)
        #expect(lines.last?.hasPrefix(summary) == true, "\(lines.last ?? "")")
    }

    @Test func fifoDevicesAndLoopsDoNotHang() throws {
        let dir = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let hazards = try FixtureSet.writeHazards(to: dir)
        // A bounded wait: a hang fails the test instead of stalling the suite.
        let result = try run(genkiBinary, ["ingest", dir.path, hazards.fifo, "/dev/zero", "--jsonl"])
        #expect(result.status == 1)
        #expect(result.stdoutText.contains("\"path\":\"\(hazards.fifo)\""))
        #expect(result.stdoutText.contains("\"path\":\"/dev/zero\""))
    }

    @Test func unreadableFileGetsAnOpenError() throws {
        let dir = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        chmod(dir.path, 0o755)
        let hazards = try FixtureSet.writeHazards(to: dir)
        // Root reads anything, so as root the binary runs as `nobody` (setpriv), like a real user.
        let result: CommandResult
        if getuid() == 0 {
            let copy = dir.appendingPathComponent("genki-bin")
            try FileManager.default.copyItem(atPath: genkiBinary, toPath: copy.path)
            chmod(copy.path, 0o755)
            result = try run("/usr/bin/setpriv", ["--reuid=65534", "--regid=65534", "--clear-groups", copy.path, "ingest", hazards.unreadable, "--jsonl"])
        } else {
            result = try run(genkiBinary, ["ingest", hazards.unreadable, "--jsonl"])
        }
        #expect(result.status == 1, "\(result.stderrText)")
        #expect(result.stdoutText.contains("\"stage\":\"open\""))
        #expect(result.stdoutText.contains("Permission denied"))
    }
}
