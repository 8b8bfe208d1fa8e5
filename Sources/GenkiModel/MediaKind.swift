/// What a catalog item is: decoded audio, or a Standard MIDI File. The raw values are the JSON
/// and registry spellings.
public enum MediaKind: String, Codable, Sendable, CaseIterable, Comparable {
    case audio
    case midi

    public static func < (lhs: MediaKind, rhs: MediaKind) -> Bool { lhs.rawValue < rhs.rawValue }
}
