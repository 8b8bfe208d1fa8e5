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
}
