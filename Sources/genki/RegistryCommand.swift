import ArgumentParser
import Foundation
import GenkiIngest
import GenkiRegistry

/// `genki registry`: create, inspect and export a registry database.
struct RegistryCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "registry",
        abstract: "Create, inspect and export a genki registry (SQLite, WAL).",
        subcommands: [Init.self, Stats.self, Show.self, Export.self]
    )

    static func open(_ path: String) throws -> Registry {
        try Registry(path: path)
    }

    struct Init: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Create a registry (or migrate an existing one to this version).")
        @Argument(help: "Registry database file.") var database: String
        func run() async throws {
            let registry = try RegistryCommand.open(database)
            let applied = (try? registry.appliedMigrations()) ?? []
            print("registry ready: schema \(applied.last ?? "none") (\(applied.count) migrations), journal \((try? registry.journalMode()) ?? "?")")
        }
    }

    struct Stats: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Counts over every table.")
        @Argument(help: "Registry database file.") var database: String
        @Flag(help: "JSON (schema: schemas/registry-stats.schema.json).") var json = false
        func run() async throws {
            let registry = try RegistryCommand.open(database)
            let s = try registry.stats()
            if json {
                print(String(decoding: try RecordEncoder().encode(s), as: UTF8.self))
                return
            }
            print("schema      \(s.schemaVersion) (journal \(s.journalMode))")
            print("miners      \(s.miners)")
            print("datasets    \(s.datasets) (\(s.datasetVersions) versions)")
            print("items       \(s.items): \(s.audioItems) audio, \(s.midiItems) MIDI; \(s.distinctContent) distinct contents; \(String(format: "%.2f", s.durationSeconds / 3600)) h")
            print("fingerprints \(s.fingerprints)")
            print("shards      \(s.shards)")
            print("dedup runs  \(s.dedupRuns)")
            print("audits      \(s.audits), scores \(s.scores)")
        }
    }

    struct Show: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "One item, by id, path, or file/content hash, as JSON.")
        @Argument(help: "Registry database file.") var database: String
        @Argument(help: "Item id, path, or XXH3-128 hex of its bytes or content.") var item: String
        func run() async throws {
            let registry = try RegistryCommand.open(database)
            let found = try registry.item(matching: item)
            let names = try registry.datasetNames()
            let record = ExportRecord(found, dataset: found.datasetID.flatMap { names[$0] } ?? "", includePath: true)
            print(String(decoding: try RecordEncoder().encode(record), as: UTF8.self))
        }
    }

    struct Export: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Every item as JSON Lines (schema: schemas/registry-item.schema.json); paths are left out unless asked for."
        )
        @Argument(help: "Registry database file.") var database: String
        @Option(help: "Write to this file instead of stdout.") var out: String?
        @Flag(help: "Include each item's local path (keep such exports private).") var includePaths = false
        func run() async throws {
            let registry = try RegistryCommand.open(database)
            let output = try LineOutput(path: out)
            do {
                let names = try registry.datasetNames()
                try registry.forEachItem { item in
                    output.write(try RecordEncoder().encode(ExportRecord(item, dataset: item.datasetID.flatMap { names[$0] } ?? "", includePath: includePaths)))
                    output.write("\n")
                }
            } catch {
                output.close()
                throw error
            }
            output.close()
        }
    }
}
