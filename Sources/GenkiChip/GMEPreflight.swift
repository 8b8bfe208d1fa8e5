/// Checks a chip file's bytes, before libgme sees them, for the shapes the `gme` fuzz target
/// found libgme 0.6.3 (Debian 12) crashing or hanging on, and refuses them with a reason
/// (`ChipError.open`). Each check reads a header field, a chunk list or a command stream, never
/// plays anything, and accepts every well-formed file:
///
/// - VGM (`VGMPreflight`): a PSG clock outside 200 kHz–8 MHz or with no clock bits, an FM clock
///   with flag bits only or over 64 MHz (slow, not a crash), a PCM read (commands `0x80`–`0x8F`) outside the file, a loop that
///   takes no time, a write to a second PSG or to a YM2612 the header does not declare.
/// - NSFe: no `DATA` chunk, an empty one, or one before `INFO`.
/// - AY: a track's data block whose (relative) data pointer is null or points outside the file;
///   a track entry outside the file (in a track table the file is too short for, which libgme takes).
///   libgme reads a track's entries only when asked about that track and starting it, so only
///   the track to be played is checked: a file with one bad track keeps its good ones.
///
/// A VGM stream the file's end cuts short is given to libgme only up to the cut command (see
/// `check`): a cut file then plays the same every time.
///
/// Crashes that depend on what the rip's program does while it runs (an emulated CPU running
/// past the end of its address space) cannot be told from the bytes; ingest renders chip files
/// in worker processes, where such a crash is one file's error record (`fuzz/contained/gme`).
/// gzip-compressed VGM (`.vgz`) is inflated by `GzipInflater` first, so the VGM inside is
/// checked like any other.
enum GMEPreflight {
    /// Throws `ChipError.open` when `bytes` has a shape libgme would crash or hang on while
    /// opening it, or reading the information of track `track` (0-based) and playing up to
    /// `seconds` of it (nil: opening it and counting its tracks only); returns how many of its leading bytes
    /// libgme should be given: all of them, but for a VGM stream the file's end cuts inside a
    /// command (libgme would read its operands past its copy of the file, and play whatever
    /// memory holds there), which then ends before that command (`VGMPreflight`).
    @discardableResult
    static func check(_ bytes: [UInt8], seconds: Double, track: Int?) throws(ChipError) -> Int {
        let file = ChipBytes(bytes)
        if file.matches("Vgm ", at: 0) { return try VGMPreflight.check(file, seconds: seconds) }
        if file.matches("NSFE", at: 0) { try nsfe(file) }
        if file.matches("ZXAYEMUL", at: 0) { try ay(file, track: track) }
        return file.count
    }

    /// NSFe: libgme loads the program when it reads `DATA` (with the load address `INFO` gave)
    /// and plays whatever it loaded, so a file whose chunk list ends (`NEND`) with no program,
    /// or whose `DATA` came first, leaves the NES emulator without code and it asserts.
    static func nsfe(_ file: ChipBytes) throws(ChipError) {
        var offset = 4
        var sawInfo = false
        while let size = file.le32(offset), file.has(offset + 4, 4) {
            let tag = String(decoding: file.bytes[(offset + 4)..<(offset + 8)], as: UTF8.self)
            guard size < 0x8000_0000 else { return }  // libgme refuses it ("Corrupt file")
            switch tag {
            case "INFO": sawInfo = true
            case "DATA":
                guard sawInfo else { throw .open("NSFe DATA chunk before INFO (libgme crashes on it)") }
                guard size > 0 else { throw .open("NSFe DATA chunk is empty (libgme crashes on it)") }
                return
            case "NEND": throw .open("NSFe has no DATA chunk (libgme crashes on it)")
            default: break
            }
            offset += 8 + size
        }
    }

    /// Where an AY file's pointer at `position` leads, as libgme reads it (`get_data`): a
    /// big-endian signed 16-bit offset from the pointer's own place; nil when the offset is 0 or
    /// the target leaves fewer than `room` bytes in the file, compared as libgme compares them,
    /// in unsigned arithmetic: when the file is shorter than `room`, the bound wraps round and
    /// libgme takes any target. Throws where libgme asserts that the pointer itself lies in the
    /// file (its last two bytes included), an abort.
    static func ayPointer(_ file: ChipBytes, at position: Int, room: Int) throws(ChipError) -> Int? {
        guard position >= 0, position <= file.count - 2, let raw = file.be16(position) else {
            throw .open("AY pointer at offset \(position) lies outside the file (libgme asserts)")
        }
        let offset = Int(Int16(truncatingIfNeeded: raw))
        let target = position + offset
        guard offset != 0, UInt(bitPattern: target) <= UInt(bitPattern: file.count - room) else { return nil }
        return target
    }

    /// AY: libgme reads a track's name and information pointers (`gme_track_info`), and,
    /// starting it, copies each of its data blocks (address, length, pointer to the bytes)
    /// into the Z80's memory. It aborts on a pointer that lies outside the file (a track table
    /// the file is too short for is taken, so its entries can lie anywhere) and copies from a
    /// null pointer when a block's pointer is 0 or leads outside the file. The walk follows
    /// libgme's, for track `track` (libgme reads no other track's entries; nil or a track the
    /// file does not have: none); what libgme refuses by itself ("Missing track data", "File
    /// data missing") is left to it.
    static func ay(_ file: ChipBytes, track: Int?) throws(ChipError) {
        guard let maxTrack = file.u8(16), file.count >= 20, let tracks = try ayPointer(file, at: 18, room: (maxTrack + 1) * 4),
            let track, (0...maxTrack).contains(track)
        else {
            return
        }
        _ = try ayPointer(file, at: tracks + track * 4, room: 1)  // the name
        guard let data = try ayPointer(file, at: tracks + track * 4 + 2, room: 14), try ayPointer(file, at: data + 10, room: 6) != nil,
            var blocks = try ayPointer(file, at: data + 12, room: 8), var address = file.be16(blocks), address != 0
        else { return }
        var block = 1
        while address != 0 {
            blocks += 4  // address, length
            guard try ayPointer(file, at: blocks, room: 0) != nil else {
                throw .open("AY track \(track + 1), data block \(block) points outside the file (libgme crashes on it)")
            }
            blocks += 2
            guard file.count - blocks >= 8, let next = file.be16(blocks) else { break }
            address = next
            block += 1
        }
    }
}
