/// Text for terminals and line-based files: a path or reason may hold any character a file
/// name can, so control characters (C0, DEL, C1), bidirectional overrides and line or paragraph
/// separators are written as `\u{XX}`, and a backslash as `\\`. The escaping is lossless, and
/// one record stays one line that cannot rewrite the terminal.
enum TerminalText {
    static func escape(_ text: String) -> String {
        guard text.unicodeScalars.contains(where: needsEscape) else { return text }
        var out = ""
        out.reserveCapacity(text.utf8.count + 8)
        for scalar in text.unicodeScalars {
            if needsEscape(scalar) {
                out += scalar == "\\" ? "\\\\" : "\\u{" + String(scalar.value, radix: 16, uppercase: true) + "}"
            } else {
                out.unicodeScalars.append(scalar)
            }
        }
        return out
    }

    private static func needsEscape(_ s: Unicode.Scalar) -> Bool {
        switch s.value {
        case 0x00...0x1F, 0x7F...0x9F, 0x5C: return true  // controls, and the escape character
        case 0x200E, 0x200F, 0x2028, 0x2029, 0x202A...0x202E, 0x2066...0x2069: return true  // bidi marks, separators
        default: return false
        }
    }
}
