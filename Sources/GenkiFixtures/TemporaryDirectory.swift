import Foundation

/// Creates a fresh, uniquely named folder under the system temporary directory.
public func makeTemporaryDirectory(prefix: String = "genki") throws -> URL {
    let url = FileManager.default.temporaryDirectory.appendingPathComponent("\(prefix)-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    return url
}
