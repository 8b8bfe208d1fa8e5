import Foundation
import GenkiIngest
import Synchronization

/// Redraws one progress line on stderr, at most ten times a second, only when stderr is a terminal.
final class TerminalProgress: Sendable {
    private struct State {
        var total: Int?
        var done = 0
        var audioSeconds = 0.0
        var lastDraw = 0.0
    }

    private let enabled: Bool
    private let start = Date()
    private let state = Mutex(State())

    init(enabled: Bool) { self.enabled = enabled && isatty(STDERR_FILENO) == 1 }

    /// Counts the inputs in the background so the line can show a total and an ETA.
    func countInBackground(paths: [String], includeHidden: Bool) {
        guard enabled else { return }
        Task.detached { [self] in
            let total = FileWalker(roots: paths, includeHidden: includeHidden).countFiles()
            state.withLock { $0.total = total }
        }
    }

    func advance(audioSeconds: Double) {
        guard enabled else { return }
        let now = Date().timeIntervalSince(start)
        let line: String? = state.withLock { s in
            s.done += 1
            s.audioSeconds += audioSeconds
            guard now - s.lastDraw >= 0.1 else { return nil }
            s.lastDraw = now
            return ProgressLine.render(done: s.done, total: s.total, audioSeconds: s.audioSeconds, elapsed: now)
        }
        if let line { FileHandle.standardError.write(Data("\r\u{1B}[K\(line)".utf8)) }
    }

    /// Shows a free-form status (e.g. a remote task's state) with the elapsed time.
    func status(_ text: String) {
        guard enabled else { return }
        let elapsed = Int(Date().timeIntervalSince(start))
        FileHandle.standardError.write(Data("\r\u{1B}[K\(text)  (\(elapsed / 60)m\(String(format: "%02d", elapsed % 60))s)".utf8))
    }

    func finish() {
        guard enabled else { return }
        FileHandle.standardError.write(Data("\r\u{1B}[K".utf8))
    }
}
