import GenkiChip
import GenkiFixtures
import Testing

@Suite struct ChipCanonicalFormTests {
    /// A strippable fixture: its format and a maker of (seed, marker) variants.
    struct Fixture: CustomStringConvertible, Sendable {
        let name: String
        let format: ChipFormat
        let make: @Sendable (UInt64, String) -> [UInt8]
        var description: String { name }
    }

    static let fixtures: [Fixture] = [
        Fixture(name: "psid", format: .sid) { ChipFixtures.psid(seed: $0, songs: 2, marker: $1) },
        Fixture(name: "nsf", format: .nsf) { ChipFixtures.nsf(seed: $0, marker: $1) },
        Fixture(name: "nsf2", format: .nsf) { ChipFixtures.nsf(seed: $0, marker: $1, nsf2: true) },
        Fixture(name: "nsfe", format: .nsfe) { ChipFixtures.nsfe(seed: $0, marker: $1) },
        Fixture(name: "gbs", format: .gbs) { ChipFixtures.gbs(seed: $0, marker: $1) },
        Fixture(name: "vgm", format: .vgm) { ChipFixtures.vgm(seed: $0, notes: 8, marker: $1) },
        Fixture(name: "spc", format: .spc) { ChipFixtures.spc(seed: $0, marker: $1) },
        // Trailing garbage after the last sample must go too.
        Fixture(name: "mod", format: .mod) { ChipFixtures.mod(seed: $0, marker: $1) + Array("\($1) trailing garbage".utf8) },
        Fixture(name: "xm", format: .xm) { ChipFixtures.xm(seed: $0, marker: $1) },
        Fixture(name: "s3m", format: .s3m) { ChipFixtures.s3m(seed: $0, marker: $1) },
        Fixture(name: "it", format: .it) { ChipFixtures.it(seed: $0, marker: $1) },
    ]

    static var policy: ChipRenderPolicy {
        var p = ChipRenderPolicy()
        p.maxSeconds = 5
        p.sidSeconds = 5
        return p
    }

    /// Whether `bytes` hold `marker` as ASCII or as UTF-16LE (GD3 tags).
    static func holds(_ bytes: [UInt8], _ marker: String) -> Bool {
        let ascii = Array(marker.utf8)
        let utf16 = marker.utf16.flatMap { [UInt8($0 & 0xFF), UInt8($0 >> 8)] }
        return [ascii, utf16].contains { needle in
            bytes.count >= needle.count && (0...(bytes.count - needle.count)).contains { bytes[$0..<($0 + needle.count)].elementsEqual(needle) }
        }
    }

    static func strip(_ bytes: [UInt8], _ format: ChipFormat) throws -> [UInt8] {
        try #require(try ChipCanonicalForm.stripped(bytes, format: format))
    }

    static func energy(_ samples: [Float]) -> Double { samples.reduce(0) { $0 + Double($1 * $1) } / Double(max(1, samples.count)) }

    @Test(arguments: fixtures) func markerIsGoneAndFileShrinksOrStays(_ f: Fixture) throws {
        let original = f.make(1, "alice")
        #expect(Self.holds(original, "alice"), "the fixture carries no marker")
        let stripped = try Self.strip(original, f.format)
        #expect(!Self.holds(stripped, "alice"), "\(f) keeps the marker")
        #expect(stripped.count <= original.count)
        #expect(ChipFormat.sniff(Array(stripped.prefix(ChipFormat.headerLength)), fileName: "x") == f.format)
    }

    @Test(arguments: fixtures) func onlyMetadataDifferencesStripAlike(_ f: Fixture) throws {
        let alice = try Self.strip(f.make(1, "alice"), f.format)
        #expect(alice == (try Self.strip(f.make(1, "bob"), f.format)), "\(f): metadata changes the stripped form")
        #expect(alice != (try Self.strip(f.make(2, "alice"), f.format)), "\(f): different music strips alike")
        #expect(alice == (try Self.strip(alice, f.format)), "\(f): stripping is not idempotent")
    }

    @Test(arguments: fixtures) func strippedFormRendersTheSamePCM(_ f: Fixture) throws {
        let original = f.make(1, "alice")
        let stripped = try Self.strip(original, f.format)
        let a = try ChipRenderer.render(original, format: f.format, policy: Self.policy)
        let b = try ChipRenderer.render(stripped, format: f.format, policy: Self.policy)
        #expect(a.samples.count == b.samples.count, "\(f): \(a.frames) vs \(b.frames) frames")
        #expect(a.samples == b.samples, "\(f): the stripped form renders differently")
        #expect(a.subtunes == b.subtunes)
        #expect(Self.energy(a.samples) > 1e-4, "\(f) renders silence")
    }

    /// A GD3 tag is all a tagged VGM adds: stripping a tagged log gives the untagged log.
    @Test func vgmWithoutItsTagIsTheUntaggedLog() throws {
        let untagged = ChipFixtures.vgm(seed: 3, notes: 4)
        #expect(try Self.strip(ChipFixtures.vgm(seed: 3, notes: 4, marker: "alice"), .vgm) == untagged)
        // A tag that does not end the file is zero-filled in place (and its offset cleared).
        var tagged = ChipFixtures.vgm(seed: 3, notes: 4, marker: "alice")
        let eof = tagged.count
        tagged += [0x66, 0x66, 0x66, 0x66]
        tagged.replaceSubrange(0x04..<0x08, with: withUnsafeBytes(of: UInt32(eof).littleEndian, Array.init))  // data now ends after the padding
        let stripped = try Self.strip(tagged, .vgm)
        #expect(stripped.count == tagged.count && !Self.holds(stripped, "alice") && stripped[0x14..<0x18].allSatisfy { $0 == 0 })
        // Bytes after the end-of-data offset are dropped.
        #expect(try Self.strip(untagged + Array("alice".utf8), .vgm) == untagged)
        #expect(throws: ChipError.self) { try ChipCanonicalForm.stripped(Array(untagged.prefix(0x30)), format: .vgm) }
    }

    @Test func nsf2MetadataIsDroppedAndNSFeKeepsOnlyPlaybackChunks() throws {
        let nsf2 = ChipFixtures.nsf(seed: 1, marker: "alice", nsf2: true)
        let stripped = try Self.strip(nsf2, .nsf)
        #expect(stripped.count == 0x80 + 0x80 && stripped[0x7D..<0x80].allSatisfy { $0 == 0 })
        // NSF2 with the "metadata required" flag: no canonical form.
        var required = nsf2
        required[0x7C] |= 0x80
        #expect(try ChipCanonicalForm.stripped(required, format: .nsf) == nil)
        // NSFe: INFO, DATA, time, NEND remain, in order.
        let nsfe = try Self.strip(ChipFixtures.nsfe(seed: 1, marker: "alice"), .nsfe)
        var ids: [String] = []
        var p = 4
        while p + 8 <= nsfe.count {
            let size = Int(nsfe[p]) | Int(nsfe[p + 1]) << 8 | Int(nsfe[p + 2]) << 16 | Int(nsfe[p + 3]) << 24
            ids.append(String(decoding: nsfe[(p + 4)..<(p + 8)], as: UTF8.self))
            p += 8 + size
        }
        #expect(ids == ["INFO", "DATA", "time", "NEND"] && p == nsfe.count)
        // An unknown chunk the spec marks as required (uppercase): no canonical form.
        let original = ChipFixtures.nsfe(seed: 1)
        let unknown = Array(original.prefix(4)) + [1, 0, 0, 0] + Array("ZZZZ".utf8) + [7] + Array(original.dropFirst(4))
        #expect(try ChipCanonicalForm.stripped(unknown, format: .nsfe) == nil)
        let optional = Array(original.prefix(4)) + [1, 0, 0, 0] + Array("zzzz".utf8) + [7] + Array(original.dropFirst(4))
        #expect(try ChipCanonicalForm.stripped(optional, format: .nsfe) == (try Self.strip(original, .nsfe)))
    }

    @Test func spcKeepsTheSnapshotAndSongLengthOnly() throws {
        let original = ChipFixtures.spc(seed: 1, marker: "alice")
        let stripped = try Self.strip(original, .spc)
        #expect(original.count > 0x1_0200 && stripped.count == 0x1_0200)
        #expect(stripped[0x2E..<0xA9].allSatisfy { $0 == 0 } && stripped[0xAC..<0x100].allSatisfy { $0 == 0 })
        #expect(Array(stripped[0xA9..<0xAC]) == Array("004".utf8) && stripped[0x23] == 26)
        #expect(stripped[0x100..<0x1_0180] == original[0x100..<0x1_0180])
        #expect(try ChipRenderer.render(stripped, format: .spc, policy: Self.policy).frames == 4 * 44_100)
    }

    /// Bytes no player reads are blanked too: an instrument header's 15 reserved bytes, and the
    /// header body of an instrument without samples (what `--include-source` publishes).
    @Test func xmReservedInstrumentBytesAreBlanked() throws {
        let plain = ChipFixtures.xm(seed: 2)
        // The first instrument header: after the header and the patterns.
        func le(_ at: Int, _ n: Int) -> Int { (0..<n).reduce(0) { $0 | Int(plain[at + $1]) << (8 * $1) } }
        var p = 60 + le(60, 4)
        for _ in 0..<le(70, 2) { p += le(p, 4) + le(p + 7, 2) }
        #expect(le(p, 4) == 263 && le(p + 27, 2) > 0, "the fixture's first instrument has samples and a full header")
        var marked = plain
        marked.replaceSubrange((p + 248)..<(p + 263), with: Array("alice@reserved.".utf8))
        let stripped = try Self.strip(marked, .xm)
        #expect(stripped == (try Self.strip(plain, .xm)))
        #expect(stripped[(p + 248)..<(p + 263)].allSatisfy { $0 == 0 })
        #expect(try ChipRenderer.render(stripped, format: .xm, policy: Self.policy).samples == ChipRenderer.render(marked, format: .xm, policy: Self.policy).samples)
    }

    @Test func xmTrailersAreEmptiedOrDroppedAndOpenMPTSettingsRefuse() throws {
        let plain = ChipFixtures.xm(seed: 1)
        let marked = ChipFixtures.xm(seed: 1, marker: "alice")
        let stripped = try Self.strip(marked, .xm)
        // The text, PNAM and CNAM chunks stay, empty.
        #expect(Array(stripped.suffix(24)) == Array("text\0\0\0\0PNAM\0\0\0\0CNAM\0\0\0\0".utf8))
        #expect(stripped.count == plain.count + 24)
        // Garbage after the samples is dropped; a MIDI macro chunk or an extended-property chunk
        // cannot be stripped with certainty.
        #expect(try Self.strip(plain + [0xFF, 0] + Array("alice".utf8), .xm) == (try Self.strip(plain, .xm)))
        #expect(try ChipCanonicalForm.stripped(plain + Array("MIDI".utf8) + [4, 0, 0, 0, 1, 2, 3, 4], format: .xm) == nil)
        #expect(try ChipCanonicalForm.stripped(plain + Array("STPM".utf8) + [0, 0, 0, 0], format: .xm) == nil)
        // A FastTracker 2 tracker name stays (libopenmpt plays FT2 files its own way).
        var ft2 = plain
        ft2.replaceSubrange(38..<58, with: Array("FastTracker v2.00   ".utf8))
        let ft2Stripped = try Self.strip(ft2, .xm)
        #expect(Array(ft2Stripped[38..<58]) == Array("FastTracker v2.00   ".utf8))
        #expect(try ChipRenderer.render(ft2Stripped, format: .xm, policy: Self.policy).samples == ChipRenderer.render(ft2, format: .xm, policy: Self.policy).samples)
        // FastTracker 2 pads titles with spaces; libopenmpt reads a title without NUL as FT2's:
        // the blank title keeps that.
        ft2.replaceSubrange(17..<37, with: Array("A TITLE WITHOUT NULS".utf8))
        let padded = try Self.strip(ft2, .xm)
        #expect(padded[17..<37].allSatisfy { $0 == 0x20 })
        #expect(try ChipRenderer.render(padded, format: .xm, policy: Self.policy).samples == ChipRenderer.render(ft2, format: .xm, policy: Self.policy).samples)
    }

    static func le(_ bytes: [UInt8], _ offset: Int, _ width: Int) -> Int {
        (0..<width).reduce(0) { $0 | Int(bytes[offset + $1]) << (8 * $1) }
    }

    @Test func s3mGapsAndTrailersGoAndUnplayableLayoutsRefuse() throws {
        let plain = ChipFixtures.s3m(seed: 1)
        let stripped = try Self.strip(ChipFixtures.s3m(seed: 1, marker: "alice"), .s3m)
        // The trailer is dropped; the gap before the sample data (the file's last 64 bytes) stays, zeroed.
        #expect(stripped.count == plain.count && stripped[0..<28].allSatisfy { $0 == 0 })
        #expect(Array(stripped.suffix(64)) == Array(plain.suffix(64)))
        #expect(try Self.strip(plain, .s3m) == stripped)
        // A sample parapointer past the end: no canonical form; a truncated header throws.
        var outside = plain
        outside.replaceSubrange(98..<100, with: [0xFF, 0x0F])
        #expect(try ChipCanonicalForm.stripped(outside, format: .s3m) == nil)
        #expect(throws: ChipError.self) { try ChipCanonicalForm.stripped(Array(plain.prefix(100)), format: .s3m) }
        // A sample header the player also reads as the panning table of a used channel: its
        // filename steers playback, so it cannot be blanked.
        // Here the first sample header moves to 128, into the table's last entries (from 106).
        var overlapping = plain
        overlapping.replaceSubrange(98..<100, with: [8, 0])
        #expect(try ChipCanonicalForm.stripped(overlapping, format: .s3m) != nil)  // entries of unused channels do not count
        overlapping[64 + 25] = 0  // channel 26 on: its entry (at 131) lies in the sample's filename
        #expect(try ChipCanonicalForm.stripped(overlapping, format: .s3m) == nil)
    }

    @Test func itNamesMessageHistoryAndExtensionsAreBlankedAndPluginsRefuse() throws {
        let marked = ChipFixtures.it(seed: 1, marker: "alice")
        let stripped = try Self.strip(marked, .it)
        let messageOffset = Self.le(marked, 56, 4)
        #expect(Self.le(marked, 54, 2) > 0 && Self.le(stripped, 54, 2) == 0 && Self.le(stripped, 56, 4) == messageOffset)
        #expect(stripped[messageOffset..<(messageOffset + 64)].allSatisfy { $0 == 0 })
        // The edit history keeps its count, loses its entries.
        #expect(Self.le(stripped, 218, 2) == 1 && stripped[220..<228].allSatisfy { $0 == 0 } && marked[220..<228].contains { $0 != 0 })
        // PNAM and CNAM keep their sizes; the extensions keep their fields, names and author zeroed.
        #expect(Array(stripped[228..<236]) == Array(marked[228..<236]) && stripped[236..<300].allSatisfy { $0 == 0 })
        let plain = ChipFixtures.it(seed: 1)
        #expect(stripped.count == plain.count)
        let tail = Array(stripped.suffix(4 + 6 + 64 + 6 + 4 + 4 + 6 + 4 + 6 + 32))
        #expect(Array(tail[0..<10]) == Array("XTPM..[n".utf8) + [32, 0] && tail[10..<74].allSatisfy { $0 == 0 })
        #expect(Array(tail.suffix(38).prefix(6)) == Array("AUTH".utf8) + [32, 0] && tail.suffix(32).allSatisfy { $0 == 0 })
        // Plugin data (with plugin names) before the first structure, an unknown song-extension
        // field, or an OpenMPT 1.17 MPTM-in-IT version: no canonical form.
        var plugin = plain
        plugin.replaceSubrange(348..<364, with: Array("FX00".utf8) + [8, 0, 0, 0] + Array("alice fx".utf8))
        #expect(try ChipCanonicalForm.stripped(plugin, format: .it) == nil)
        var channelPlugins = plain
        channelPlugins.replaceSubrange(348..<364, with: Array("CHFX".utf8) + [8, 0, 0, 0] + [1, 0, 0, 0, 2, 0, 0, 0])
        #expect(try Array(Self.strip(channelPlugins, .it)[348..<364]) == Array(channelPlugins[348..<364]))
        #expect(try ChipCanonicalForm.stripped(plain + Array("ZZZZ".utf8) + [2, 0, 7, 7], format: .it) == nil)
        var mptm = plain
        mptm.replaceSubrange(40..<42, with: [0x89, 0x08])
        #expect(try ChipCanonicalForm.stripped(mptm, format: .it) == nil)
        #expect(throws: ChipError.self) { try ChipCanonicalForm.stripped(Array(plain.prefix(200)), format: .it) }
    }

    @Test func modLayoutsResolvedByFileSizeHaveNoCanonicalForm() throws {
        var mod = ChipFixtures.mod(seed: 1)
        mod[952 + 100] = 200  // a pattern number of 128 or more in the order list
        #expect(try ChipCanonicalForm.stripped(mod, format: .mod) == nil)
        var flt8 = ChipFixtures.mod(seed: 1)
        flt8.replaceSubrange(1_080..<1_084, with: Array("FLT8".utf8))
        #expect(try ChipCanonicalForm.stripped(flt8, format: .mod) == nil)
        #expect(throws: ChipError.self) { try ChipCanonicalForm.stripped(Array(ChipFixtures.mod(seed: 1).prefix(1_500)), format: .mod) }
        // Short sample data is kept as far as it goes.
        let short = Array(ChipFixtures.mod(seed: 1, marker: "alice").dropLast(10))
        let stripped = try Self.strip(short, .mod)
        #expect(stripped.count == short.count && !Self.holds(stripped, "alice"))
    }

    @Test func formatsWithoutACanonicalForm() throws {
        for format in [ChipFormat.mptm, .hes, .kss, .ay, .sap, .gym, .mtm, .med] {
            #expect(!ChipCanonicalForm.canStrip(format), "\(format)")
            #expect(try ChipCanonicalForm.stripped(ChipFixtures.mod(seed: 1), format: format) == nil)
        }
        for format in [ChipFormat.sid, .nsf, .nsfe, .gbs, .vgm, .vgz, .spc, .mod, .xm, .s3m, .it] { #expect(ChipCanonicalForm.canStrip(format)) }
        #expect(throws: ChipError.self) { try ChipCanonicalForm.stripped(ChipFixtures.mod(seed: 1), format: .vgm) }
    }

    /// Property: truncated and mutated files strip or fail with `ChipError`, never trap, and
    /// stripping never grows a file.
    @Test(arguments: fixtures) func hostileInputStripsOrFailsCleanly(_ f: Fixture) {
        let original = f.make(1, "alice")
        var rng = SplitMix64(seed: 77)
        var inputs: [[UInt8]] = stride(from: 0, to: original.count, by: 7).map { Array(original.prefix($0)) }
        for round in 0..<300 {
            var bytes = original
            for _ in 0...(round % 4) {
                // Half the mutations hit the first 512 bytes, where the headers are.
                let limit = round % 2 == 0 ? min(512, bytes.count) : bytes.count
                bytes[Int(rng.next() % UInt64(limit))] = UInt8(truncatingIfNeeded: rng.next())
            }
            inputs.append(bytes)
        }
        var stripped = 0
        for input in inputs {
            do {
                if let out = try ChipCanonicalForm.stripped(input, format: f.format) {
                    stripped += 1
                    #expect(out.count <= input.count, "\(f): stripping grew a file")
                }
            } catch {
                continue  // typed throws: a ChipError, the allowed failure
            }
        }
        #expect(stripped > 0, "\(f): no hostile input stripped")
    }
}
