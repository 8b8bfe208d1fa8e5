import Foundation

/// Buffered line output to stdout or a file (records can number in the millions).
final class LineOutput {
    private let handle: FileHandle
    private var buffer = Data()
    private let ownsHandle: Bool
    /// stdout is written as each line is complete (results appear as they come, on a terminal
    /// or in a pipe); a report file is written in 64 KiB blocks.
    private let lineBuffered: Bool

    /// stdout, or `path` created/truncated.
    init(path: String?) throws {
        if let path {
            // open(2), not FileManager.createFile: that one replaces the path atomically, which
            // would turn `--out /dev/null` into a regular file.
            let fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
            guard fd >= 0 else {
                throw CLIError.cannotWrite("cannot open output file: \(String(cString: strerror(errno)))")
            }
            handle = FileHandle(fileDescriptor: fd, closeOnDealloc: true)
            ownsHandle = true
            lineBuffered = false
        } else {
            handle = FileHandle.standardOutput
            ownsHandle = false
            lineBuffered = true
        }
    }

    func write(_ data: Data) {
        buffer.append(data)
        if buffer.count >= 1 << 16 || (lineBuffered && data.last == 0x0A) { flush() }
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
