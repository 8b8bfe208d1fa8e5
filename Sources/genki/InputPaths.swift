import ArgumentParser
import GenkiIngest

/// The inputs of `ingest`, `dedup` and `shard`: paths on the command line and/or a list file.
struct InputPaths: ParsableArguments {
    @Argument(help: "Files and folders.")
    var paths: [String] = []

    @Option(help: "Also take the files and folders listed in this file, one per line or NUL-separated (find -print0); - reads stdin.")
    var filesFrom: String?

    func validate() throws {
        guard !paths.isEmpty || filesFrom != nil else { throw ValidationError("give files or folders, or --files-from LIST") }
    }

    /// The command-line paths, then the listed ones.
    func resolved() throws -> [String] {
        guard let filesFrom else { return paths }
        return paths + (try FileList.read(filesFrom))
    }
}
