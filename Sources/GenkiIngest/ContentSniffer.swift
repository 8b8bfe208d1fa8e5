import GenkiChip

/// What a file's first bytes (and, failing that, its extension) say it is.
public enum SniffedKind: Equatable, Sendable {
    /// Audio recognised by its magic bytes; the container name is a guess for reports.
    case audio(container: String)
    /// A Standard MIDI File (plain or RIFF-wrapped RMID).
    case midi
    /// Content unknown, but the extension claims audio (so it is reported as an error, not skipped).
    case claimsAudio(extension: String)
    /// Content unknown, but the extension claims MIDI.
    case claimsMIDI(extension: String)
    /// A tracker module or chip-music file genki renders (`GenkiChip`).
    case chip(ChipFormat)
    /// Music genki recognises but cannot decode (skipped with a reason).
    case unsupported(UnsupportedMedia)
    /// Not a media file.
    case other
}

/// Recognises audio, MIDI, tracker modules and chip music by content first, extension second.
public enum ContentSniffer {
    /// How many leading bytes `sniff` looks at (a MOD's signature sits at byte 1,080).
    public static let headerLength = 1_084

    /// Extensions that claim audio.
    public static let audioExtensions: Set<String> = [
        "wav", "wave", "bwf", "rf64", "w64", "flac", "ogg", "oga", "opus", "mp3", "mp2", "mpga",
        "aif", "aiff", "aifc", "au", "snd", "caf",
    ]
    /// Extensions that claim MIDI.
    public static let midiExtensions: Set<String> = ["mid", "midi", "rmi", "smf", "kar"]

    /// Classifies a file from its first bytes and its name's extension.
    public static func sniff(header: [UInt8], fileName: String) -> SniffedKind {
        if let container = audioContainer(header) { return .audio(container: container) }
        if isMIDI(header) { return .midi }
        if let chip = ChipFormat.sniff(header, fileName: fileName) { return .chip(chip) }
        if let media = UnsupportedMedia.sniff(header) { return .unsupported(media) }
        let ext = fileExtension(fileName)
        if audioExtensions.contains(ext) { return .claimsAudio(extension: ext) }
        if midiExtensions.contains(ext) { return .claimsMIDI(extension: ext) }
        if let chip = ChipFormat.byExtension(ext) { return .chip(chip) }
        if let media = UnsupportedMedia.byExtension(ext) { return .unsupported(media) }
        return .other
    }

    /// The lowercase extension after the last dot of the last path component ("" when none).
    public static func fileExtension(_ fileName: String) -> String {
        let name = fileName.split(separator: "/").last.map(String.init) ?? fileName
        guard let dot = name.lastIndex(of: "."), dot != name.startIndex else { return "" }
        return name[name.index(after: dot)...].lowercased()
    }

    private static func starts(_ h: [UInt8], _ s: String, at offset: Int = 0) -> Bool {
        let bytes = Array(s.utf8)
        guard h.count >= offset + bytes.count else { return false }
        return Array(h[offset..<(offset + bytes.count)]) == bytes
    }

    static func isMIDI(_ h: [UInt8]) -> Bool {
        starts(h, "MThd") || (starts(h, "RIFF") && starts(h, "RMID", at: 8))
    }

    static func audioContainer(_ h: [UInt8]) -> String? {
        if starts(h, "RIFF") && starts(h, "WAVE", at: 8) { return "wav" }
        if starts(h, "RIFX") && starts(h, "WAVE", at: 8) { return "wav" }
        if starts(h, "RF64") || starts(h, "BW64") { return "rf64" }
        if starts(h, "riff") && h.count >= 16 { return "w64" }
        if starts(h, "fLaC") { return "flac" }
        if starts(h, "OggS") { return "ogg" }
        if starts(h, "FORM") && (starts(h, "AIFF", at: 8) || starts(h, "AIFC", at: 8)) { return "aiff" }
        if starts(h, ".snd") { return "au" }
        if starts(h, "caff") { return "caf" }
        if starts(h, "ID3") { return "mp3" }
        // MPEG audio frame sync: 11 set bits, a valid version, layer and bitrate index.
        if h.count >= 4, h[0] == 0xFF, h[1] & 0xE0 == 0xE0 {
            let version = (h[1] >> 3) & 0x3
            let layer = (h[1] >> 1) & 0x3
            let bitrate = h[2] >> 4
            let rate = (h[2] >> 2) & 0x3
            if version != 1, layer != 0, bitrate != 0, bitrate != 0xF, rate != 3 { return "mp3" }
        }
        return nil
    }
}
