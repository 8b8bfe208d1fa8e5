import GenkiMIDI

/// Structural checks of a sample's media members: each must be what its extension says, in the
/// exact form genki writes (a `.wav` or `.flac` full of garbage, or a `.mid` that is not
/// canonical, fails). Returns the frame count (audio) or a reason.
enum AudioMemberCheck {
    /// A canonical 16-bit mono PCM WAV at `sampleRate`: the 44-byte header `WAVEncoder` writes,
    /// with the RIFF and data sizes matching the member; returns its frame count.
    static func wav(_ bytes: [UInt8], sampleRate: Int) -> Result<Int, Reason> {
        guard bytes.count > 44 else { return .failure(Reason("is not a WAV file: \(bytes.count) bytes, no room for a header and samples")) }
        let dataBytes = bytes.count - 44
        guard dataBytes % 2 == 0 else { return .failure(Reason("odd number of PCM bytes (\(dataBytes)) for 16-bit mono")) }
        var header = WAVEncoder.encode([], sampleRate: sampleRate)
        for k in 0..<4 {
            header[4 + k] = UInt8(truncatingIfNeeded: (36 + dataBytes) >> (8 * k))
            header[40 + k] = UInt8(truncatingIfNeeded: dataBytes >> (8 * k))
        }
        guard bytes[0..<44].elementsEqual(header) else {
            let magic = bytes[0..<4].elementsEqual("RIFF".utf8) && bytes[8..<12].elementsEqual("WAVE".utf8)
            return .failure(Reason(magic ? "header is not genki's canonical 16-bit mono PCM at \(sampleRate) Hz with matching sizes" : "is not a WAV file (no RIFF/WAVE magic)"))
        }
        return .success(dataBytes / 2)
    }

    /// A 16-bit mono FLAC stream at `sampleRate`: `fLaC`, STREAMINFO first, then only padding,
    /// seek tables and a Vorbis comment block with no comments (no tags), each within the
    /// member; audio frames start with a frame sync code. Returns STREAMINFO's frame count.
    static func flac(_ bytes: [UInt8], sampleRate: Int) -> Result<Int, Reason> {
        guard bytes.count >= 42, bytes[0..<4].elementsEqual("fLaC".utf8) else { return .failure(Reason("is not a FLAC stream (no fLaC magic)")) }
        var offset = 4
        var frames = 0
        var first = true
        while true {
            guard offset + 4 <= bytes.count else { return .failure(Reason("metadata runs past the end of the member")) }
            let last = bytes[offset] & 0x80 != 0
            let type = bytes[offset] & 0x7F
            let length = Int(bytes[offset + 1]) << 16 | Int(bytes[offset + 2]) << 8 | Int(bytes[offset + 3])
            let body = offset + 4
            guard body + length <= bytes.count else { return .failure(Reason("metadata block of \(length) bytes runs past the end of the member")) }
            let block = Array(bytes[body..<(body + length)])
            if first {
                guard type == 0, length == 34 else { return .failure(Reason("first metadata block is not STREAMINFO")) }
                switch streamInfo(block, sampleRate: sampleRate) {
                case .success(let n): frames = n
                case .failure(let reason): return .failure(reason)
                }
                first = false
            } else {
                switch type {
                case 1: guard block.allSatisfy({ $0 == 0 }) else { return .failure(Reason("padding block holds data")) }
                case 3: guard length % 18 == 0 else { return .failure(Reason("malformed seek table")) }
                case 4: if let reason = vorbisCommentProblem(block) { return .failure(reason) }
                default: return .failure(Reason("metadata block of type \(type) (only STREAMINFO, padding, seek table and an empty Vorbis comment are written)"))
                }
            }
            offset = body + length
            if last { break }
        }
        guard offset + 2 <= bytes.count, bytes[offset] == 0xFF, bytes[offset + 1] & 0xFE == 0xF8 else {
            return .failure(Reason("no FLAC frame after the metadata"))
        }
        return .success(frames)
    }

    static func streamInfo(_ s: [UInt8], sampleRate: Int) -> Result<Int, Reason> {
        let minBlock = Int(s[0]) << 8 | Int(s[1])
        let maxBlock = Int(s[2]) << 8 | Int(s[3])
        let rate = Int(s[10]) << 12 | Int(s[11]) << 4 | Int(s[12]) >> 4
        let channels = Int((s[12] >> 1) & 0x07) + 1
        let bits = (Int(s[12] & 0x01) << 4 | Int(s[13]) >> 4) + 1
        let frames = Int(s[13] & 0x0F) << 32 | Int(s[14]) << 24 | Int(s[15]) << 16 | Int(s[16]) << 8 | Int(s[17])
        guard minBlock >= 16, maxBlock >= minBlock else { return .failure(Reason("STREAMINFO block sizes are invalid")) }
        guard rate == sampleRate, channels == 1, bits == 16 else {
            return .failure(Reason("STREAMINFO says \(rate) Hz, \(channels) channels, \(bits) bits; genki writes \(sampleRate) Hz mono 16-bit"))
        }
        guard frames > 0 else { return .failure(Reason("STREAMINFO gives no frame count")) }
        return .success(frames)
    }

    /// A Vorbis comment block must hold a short printable vendor string and no comments.
    static func vorbisCommentProblem(_ b: [UInt8]) -> Reason? {
        func le32(_ o: Int) -> Int? { o + 4 <= b.count ? (0..<4).reduce(0) { $0 | Int(b[o + $1]) << (8 * $1) } : nil }
        guard let vendor = le32(0), vendor <= 64, 4 + vendor + 4 == b.count, let count = le32(4 + vendor) else {
            return Reason("Vorbis comment block holds more than a vendor string")
        }
        guard count == 0 else { return Reason("Vorbis comment block carries \(count) tags") }
        guard b[4..<(4 + vendor)].allSatisfy({ $0 >= 0x20 && $0 < 0x7F }) else { return Reason("Vorbis comment vendor string is not printable ASCII") }
        return nil
    }

    /// A `.mid` member must parse and be exactly its own canonical, metadata-free form.
    static func midiProblem(_ bytes: [UInt8]) -> Reason? {
        let parsed: MIDIParseResult
        do { parsed = try MIDIParser.parse(bytes) } catch { return Reason("is not a MIDI file (\(error))") }
        guard SMFWriter().write(CanonicalMIDIWriter.canonicalize(parsed.file).file) == bytes else {
            return Reason("is not canonical, metadata-free MIDI (it would change when canonicalised)")
        }
        return nil
    }

    /// Why a member fails a check.
    struct Reason: Error, Equatable {
        let text: String
        init(_ text: String) { self.text = text }
    }
}
