import Foundation
import GenkiFixtures
import GenkiIngest
import GenkiSchema

/// The committed fixtures.
let fixturesAudio = repositoryRoot.appendingPathComponent("fixtures/audio")
let fixturesBad = repositoryRoot.appendingPathComponent("fixtures/bad")

func temporaryDirectory() throws -> URL { try makeTemporaryDirectory(prefix: "genki-test") }

func recordValidator() throws -> JSONSchemaValidator {
    try JSONSchemaValidator(directory: repositoryRoot.appendingPathComponent("schemas"), root: "ingest-record.schema.json")
}

/// Runs the library pipeline and collects outcomes in emission order.
func runIngest(_ paths: [String], profile: IngestProfile = .genki, jobs: Int = 2, includeHidden: Bool = false) async -> ([IngestOutcome], IngestSummary) {
    var outcomes: [IngestOutcome] = []
    let summary = await IngestRunner.run(
        paths: paths, options: IngestOptions(profile: profile, jobs: jobs, includeHidden: includeHidden)
    ) { outcomes.append($0) }
    return (outcomes, summary)
}

extension IngestOutcome {
    var record: IngestRecord? {
        if case .record(let r) = self { return r }
        return nil
    }
}
