/// Renders the one-line progress display shown on a terminal during long runs.
public enum ProgressLine {
    /// E.g. `[#########-----------]  120/400 files  1.25 h audio  310× RT  ETA 0:42`.
    /// `total` is nil while the file count is still unknown; `elapsed` is wall-clock seconds.
    public static func render(done: Int, total: Int?, audioSeconds: Double, elapsed: Double, width: Int = 20) -> String {
        var parts: [String] = []
        if let total, total > 0 {
            let fraction = min(1, Double(done) / Double(total))
            let filled = min(width, max(0, clampedInt((fraction * Double(width)).rounded(.down))))
            parts.append("[" + String(repeating: "#", count: filled) + String(repeating: "-", count: width - filled) + "]")
            parts.append("\(done)/\(total) files")
        } else {
            parts.append("\(done) files")
        }
        parts.append(formatHours(audioSeconds) + " audio")
        if elapsed > 0 {
            parts.append("\(clampedInt(audioSeconds / elapsed))× RT")
        }
        if let total, done > 0, total > done, elapsed > 0 {
            let remaining = elapsed / Double(done) * Double(total - done)
            parts.append("ETA " + formatClock(remaining))
        }
        return parts.joined(separator: "  ")
    }

    /// Hours with two decimals, e.g. `1.25 h`.
    static func formatHours(_ seconds: Double) -> String {
        let centi = max(0, clampedInt(seconds / 36))
        return "\(centi / 100).\(String(repeating: "0", count: centi % 100 < 10 ? 1 : 0))\(centi % 100) h"
    }

    /// `m:ss` or `h:mm:ss`.
    static func formatClock(_ seconds: Double) -> String {
        let s = max(0, clampedInt(seconds))
        func two(_ v: Int) -> String { v < 10 ? "0\(v)" : "\(v)" }
        return s >= 3600 ? "\(s / 3600):\(two(s / 60 % 60)):\(two(s % 60))" : "\(s / 60):\(two(s % 60))"
    }

    /// `x` rounded to an `Int`; 0 for NaN, and the nearest bound when out of range (durations
    /// summed from hostile headers can be astronomically large).
    static func clampedInt(_ x: Double) -> Int {
        let r = x.rounded()
        if r.isNaN { return 0 }
        if r >= 9.2e18 { return Int.max }
        if r <= -9.2e18 { return Int.min }
        return Int(r)
    }
}
