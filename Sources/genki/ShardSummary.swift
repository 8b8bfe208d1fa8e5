import Foundation
import GenkiShards

/// What `genki shard` prints about a run: the totals, then every reason an input is not in the
/// shards, counted (the paths go only to the local `--report`).
enum ShardSummary {
    static func lines(_ r: ShardReport) -> [String] {
        var out = [
            String(
                format: "%d samples in %d shards (%d resumed), %.2f h; dropped %d duplicates, %d too short; %d failed",
                r.samples, r.shards, r.resumedShards, r.durationSeconds / 3600, r.duplicates.count, r.tooShort.count, r.failed.count)
        ]
        if !r.midiLeftOut.isEmpty {
            out.append("\(r.midiLeftOut.count) MIDI files left out: add --render-midi (rendered to KEY.wav) or --include-midi (KEY.mid beside rendered audio)")
        }
        if !r.sourceLeftOut.isEmpty {
            out.append("\(r.sourceLeftOut.count) chip items (files or subtunes) sharded without their source: genki adds sources only for tracker modules it can strip of every text field")
        }
        // Grouped by reason, most frequent first, so a folder of M4A files says so in one line.
        for group in ShardRunSummary(r).skipped {
            out.append("\(group.count) skipped: \(TerminalText.escape(group.reason))")
        }
        return out
    }

    /// Why a run wrote nothing, or nil when it wrote (or resumed) samples.
    static func nothingWritten(_ r: ShardReport, clipping: Bool) -> String? {
        guard r.samples == 0 else { return nil }
        var why: [String] = []
        if !r.midiLeftOut.isEmpty { why.append("\(r.midiLeftOut.count) MIDI files left out (add --render-midi)") }
        if !r.tooShort.isEmpty {
            why.append("\(r.tooShort.count) pieces shorter than " + (clipping ? "one clip (try a shorter --clip)" : "30 s (try --clip 10)"))
        }
        if !r.duplicates.isEmpty { why.append("\(r.duplicates.count) duplicates dropped") }
        if !r.failed.isEmpty { why.append("\(r.failed.count) inputs failed") }
        if !r.skipped.isEmpty { why.append("\(r.skipped.count) inputs skipped (not audio or MIDI, or a format genki cannot decode)") }
        if why.isEmpty { why.append("no audio or MIDI files were found") }
        return "no samples were written: " + why.joined(separator: "; ")
    }
}
