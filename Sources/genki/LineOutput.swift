import Foundation

/// Buffered line output to stdout or a file (records can number in the millions).
final class LineOutput {
    private let handle: FileHandle
    private var buffer = Data()
    private let ownsHandle: Bool

    /// stdout, or `path` created/truncated.
    init(path: String?) throws {
        if let path {
            guard FileManager.default.createFile(atPath: path, contents: nil) else {
                throw CLIError.cannotWrite("cannot create output file")
            }
            guard let handle = FileHandle(forWritingAtPath: path) else {
                throw CLIError.cannotWrite("cannot open output file for writing")
            }
            self.handle = handle
            ownsHandle = true
        } else {
            handle = FileHandle.standardOutput
            ownsHandle = false
        }
    }

    func write(_ data: Data) {
        buffer.append(data)
        if buffer.count >= 1 << 16 { flush() }
    }

    func write(_ text: String) { write(Data(text.utf8)) }

    func flush() {
        guard !buffer.isEmpty else { return }
        handle.write(buffer)
        buffer.removeAll(keepingCapacity: true)
    }

    func close() {
        flush()
        if ownsHandle { try? handle.close() }
    }
}

/// Errors the CLI itself raises.
enum CLIError: Error, CustomStringConvertible {
    case cannotWrite(String)

    var description: String {
        switch self {
        case .cannotWrite(let reason): return reason
        }
    }
}
