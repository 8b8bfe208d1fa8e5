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
    /// extension when the content says nothing), so each is skipped with a reason.
    @Test func unsupportedMusicFormatsAreNamed() {
        var mod = [UInt8](repeating: 0, count: 1_084)
        mod.replaceSubrange(1_080..<1_084, with: Array("M.K.".utf8))
        var s3m = [UInt8](repeating: 0, count: 64)
        s3m.replaceSubrange(44..<48, with: Array("SCRM".utf8))
        let cases: [([UInt8], UnsupportedMedia)] = [
            (header("\0\0\0\u{20}ftypM4A "), .aac), ([0xFF, 0xF1, 0x50, 0x80], .aac),
            ([0x30, 0x26, 0xB2, 0x75, 0x8E, 0x66, 0xCF, 0x11, 0, 0], .wma), ([0x1A, 0x45, 0xDF, 0xA3, 0], .matroska),
            (header("MAC "), .ape), (header("wvpk"), .wavPack),
            (header("Extended Module: x"), .trackerModule("XM")), (header("IMPM"), .trackerModule("IT")),
            (s3m, .trackerModule("S3M")), (mod, .trackerModule("MOD")),
            (header("PSID"), .chipMusic("SID")), (header("RSID"), .chipMusic("SID")), (header("NESM\u{1A}"), .chipMusic("NSF")),
            (header("NSFE"), .chipMusic("NSFe")), (header("Vgm "), .chipMusic("VGM")), (header("SNES-SPC700 Sound File"), .chipMusic("SPC")),
            (header("GBS\u{01}"), .chipMusic("GBS")), (header("HESM"), .chipMusic("HES")), (header("KSCC"), .chipMusic("KSS")),
            (header("ZXAYEMUL"), .chipMusic("AY")), (header("SAP\r\n"), .chipMusic("SAP")),
        ]
        for (bytes, media) in cases {
            #expect(ContentSniffer.sniff(header: bytes, fileName: "x.bin") == .unsupported(media), "\(media)")
            #expect(!media.reason.isEmpty)
        }
        #expect(ContentSniffer.sniff(header: [0x1F, 0x8B, 8, 0], fileName: "song.VGZ") == .unsupported(.chipMusic("VGZ")))
        #expect(ContentSniffer.sniff(header: header("junk"), fileName: "a.m4a") == .unsupported(.aac))
        #expect(ContentSniffer.sniff(header: header("junk"), fileName: "tune.mod") == .unsupported(.trackerModule("MOD")))
        #expect(UnsupportedMedia.aac.reason.contains("convert to FLAC"))
        // Real audio magic wins over an unsupported extension.
        #expect(ContentSniffer.sniff(header: header("fLaC"), fileName: "a.m4a") == .audio(container: "flac"))
    }
}
