import GenkiChip
import GenkiIngest
import Testing

@Suite struct ContentSnifferTests {
    private func header(_ s: String, pad: Int = 16) -> [UInt8] { Array(s.utf8) + [UInt8](repeating: 0, count: pad) }

    @Test func recognisesContainersByMagic() {
        #expect(ContentSniffer.sniff(header: header("RIFF\0\0\0\0WAVE"), fileName: "x.bin") == .audio(container: "wav"))
        #expect(ContentSniffer.sniff(header: header("fLaC"), fileName: "noext") == .audio(container: "flac"))
        #expect(ContentSniffer.sniff(header: header("OggS"), fileName: "a.txt") == .audio(container: "ogg"))
        #expect(ContentSniffer.sniff(header: header("ID3"), fileName: "a") == .audio(container: "mp3"))
        #expect(ContentSniffer.sniff(header: header("FORM\0\0\0\0AIFF"), fileName: "a") == .audio(container: "aiff"))
        #expect(ContentSniffer.sniff(header: [0xFF, 0xFB, 0x90, 0x64], fileName: "a") == .audio(container: "mp3"))
        #expect(ContentSniffer.sniff(header: header("MThd"), fileName: "song.wav") == .midi)
        #expect(ContentSniffer.sniff(header: header("RIFF\0\0\0\0RMID"), fileName: "a.rmi") == .midi)
    }

    @Test func extensionOnlyClaimsAreFlagged() {
        #expect(ContentSniffer.sniff(header: header("hello"), fileName: "dir/a.WAV") == .claimsAudio(extension: "wav"))
        #expect(ContentSniffer.sniff(header: [], fileName: "a.flac") == .claimsAudio(extension: "flac"))
        #expect(ContentSniffer.sniff(header: header("hello"), fileName: "a.mid") == .claimsMIDI(extension: "mid"))
        #expect(ContentSniffer.sniff(header: header("hello"), fileName: "notes.txt") == .other)
        #expect(ContentSniffer.sniff(header: header("hello"), fileName: ".wav") == .other)
    }

    @Test func invalidMPEGSyncIsNotAudio() {
        // Frame sync bits but a reserved version and bitrate 0xF.
        #expect(ContentSniffer.sniff(header: [0xFF, 0xEF, 0xF0, 0x00], fileName: "x") == .other)
    }

    @Test func fileExtensionTakesTheLastComponent() {
        #expect(ContentSniffer.fileExtension("a.b/c") == "")
        #expect(ContentSniffer.fileExtension("a/b.tar.GZ") == "gz")
        #expect(ContentSniffer.fileExtension(".hidden") == "")
    }

    /// Formats genki cannot decode are named by content whatever the file is called (and by
    /// extension when the content says nothing), so each is skipped with a reason; tracker
    /// modules and chip music go to their renderers, by content first and extension second.
    @Test func unsupportedMusicFormatsAreNamed() {
        var mod = [UInt8](repeating: 0, count: 1_084)
        mod.replaceSubrange(1_080..<1_084, with: Array("M.K.".utf8))
        var s3m = [UInt8](repeating: 0, count: 64)
        s3m.replaceSubrange(44..<48, with: Array("SCRM".utf8))
        let cases: [([UInt8], UnsupportedMedia)] = [
            (header("\0\0\0\u{20}ftypM4A "), .aac), ([0xFF, 0xF1, 0x50, 0x80], .aac),
            ([0x30, 0x26, 0xB2, 0x75, 0x8E, 0x66, 0xCF, 0x11, 0, 0], .wma), ([0x1A, 0x45, 0xDF, 0xA3, 0], .matroska),
            (header("MAC "), .ape), (header("wvpk"), .wavPack), (header("THX\u{1}"), .chipTracker(.ahx)), (header("HVL\u{0}"), .chipTracker(.hively)),
            (header("cyd!song"), .chipTracker(.klystrack)), (header("BambooTrackerModule"), .chipTracker(.bambooTracker)),
        ]
        for (bytes, media) in cases {
            #expect(ContentSniffer.sniff(header: bytes, fileName: "x.bin") == .unsupported(media), "\(media)")
            #expect(!media.reason.isEmpty)
        }
        let chips: [([UInt8], ChipFormat)] = [
            (header("Extended Module: x"), .xm), (header("IMPM"), .it), (s3m, .s3m), (mod, .mod), (header("PSID"), .sid), (header("RSID"), .sid),
            (header("NESM\u{1A}"), .nsf), (header("NSFE"), .nsfe), (header("Vgm "), .vgm), (header("SNES-SPC700 Sound File"), .spc),
            (header("GBS\u{01}"), .gbs), (header("HESM"), .hes), (header("KSCC"), .kss), (header("ZXAYEMUL"), .ay), (header("SAP\r\n"), .sap),
        ]
        for (bytes, format) in chips { #expect(ContentSniffer.sniff(header: bytes, fileName: "x.bin") == .chip(format), "\(format)") }
        #expect(ContentSniffer.sniff(header: [0x1F, 0x8B, 8, 0], fileName: "song.VGZ") == .chip(.vgz))
        #expect(ContentSniffer.sniff(header: header("junk"), fileName: "a.m4a") == .unsupported(.aac))
        // A signature-less (15-sample) MOD is known by its name; libopenmpt then decides.
        #expect(ContentSniffer.sniff(header: header("junk"), fileName: "tune.mod") == .chip(.mod))
        #expect(ContentSniffer.sniff(header: header("junk"), fileName: "tune.669") == .chip(.s669))
        #expect(ContentSniffer.sniff(header: header("junk"), fileName: "tune.sid") == .chip(.sid))
        #expect(UnsupportedMedia.aac.reason.contains("convert to FLAC"))
        #expect(ContentSniffer.sniff(header: header("junk"), fileName: "song.hvl") == .unsupported(.chipTracker(.hively)))
        #expect(UnsupportedMedia.chipTracker(.klystrack).reason.hasPrefix("Klystrack song: "))
        // Real audio magic wins over an unsupported extension.
        #expect(ContentSniffer.sniff(header: header("fLaC"), fileName: "a.m4a") == .audio(container: "flac"))
    }
}
