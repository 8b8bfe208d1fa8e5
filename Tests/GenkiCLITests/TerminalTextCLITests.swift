import Foundation
import GenkiFixtures
import Testing

/// File names may hold escape sequences, newlines and bidi overrides: text output must not pass
/// them to the terminal raw, and one file must stay one line (issue 13).
@Suite struct TerminalTextCLITests {
    @Test func hostileNamesAreEscapedInTextReportsAndLists() throws {
        let dir = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let wav = RIFFBuilder.wav(samples: (0..<8_000).map { Int16(5_000 * sin(Double($0) * 0.07)) }, sampleRate: 8_000, channels: 1)
        let name = "a\u{1B}[31mred\nline\u{202E}x.wav"
        try Data(wav).write(to: dir.appendingPathComponent(name))
        try Data(wav).write(to: dir.appendingPathComponent("plain.wav"))

        let ingest = try genki("ingest", dir.path, "--quiet")
        #expect(ingest.status == 0)
        let text = ingest.stdoutText
        for raw in ["\u{1B}", "\u{202E}"] { #expect(!text.contains(raw)) }
        #expect(text.contains("a\\u{1B}[31mred\\u{A}line\\u{202E}x.wav"))
        // Two files, a summary: three lines, whatever the names hold.
        #expect(text.split(separator: "\n").count == 3)

        let keep = dir.appendingPathComponent("keep.txt").path
        let dedup = try genki("dedup", dir.path, "--keep-list", keep)
        #expect(dedup.status == 0)
        let listed = try String(contentsOfFile: keep, encoding: .utf8).split(separator: "\n")
        // The two files are exact duplicates: one is kept, on one line.
        #expect(listed.count == 1)
        #expect(!dedup.stdoutText.contains("\u{1B}"))
    }
}
