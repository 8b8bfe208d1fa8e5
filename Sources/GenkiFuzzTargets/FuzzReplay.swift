import Foundation

/// The harness executables' `main` in an ordinary (non-libFuzzer) build: runs every file named
/// on the command line (folders: every file in them) through the target and prints each outcome.
public enum FuzzReplay {
    /// The files under `path` (itself when it is a file), sorted; hidden files skipped.
    public static func files(_ path: String) -> [String] {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else { return [] }
        guard isDirectory.boolValue else { return [path] }
        let names = (try? FileManager.default.contentsOfDirectory(atPath: path)) ?? []
        return names.filter { !$0.hasPrefix(".") }.sorted().flatMap { files(path + "/" + $0) }
    }

    public static func main(_ target: FuzzTarget, arguments: [String] = Array(CommandLine.arguments.dropFirst())) -> Int32 {
        guard !arguments.isEmpty else {
            print("usage: fuzz-\(target.rawValue) FILE|DIR...  (replays inputs; build with fuzz/build.sh to fuzz)")
            return 2
        }
        for path in arguments.flatMap(files) {
            guard let data = FileManager.default.contents(atPath: path) else {
                print("\(path): unreadable")
                continue
            }
            switch target.run([UInt8](data)) {
            case .accepted(let s): print("\(path): accepted: \(s)")
            case .rejected(let s): print("\(path): rejected: \(s)")
            }
        }
        return 0
    }
}
