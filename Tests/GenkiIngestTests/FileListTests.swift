import GenkiAudio
import GenkiIngest
import Testing

/// `--files-from`: newline or NUL-separated lists, names kept as bytes.
@Suite struct FileListTests {
    @Test func linesNULsAndRawBytesAreRead() {
        #expect(FileList.paths(in: Array("a.wav\nb/c.flac\n\nd e.ogg\r\n".utf8)) == ["a.wav", "b/c.flac", "d e.ogg"])
        // NUL-separated (find -print0): a newline inside a name stays part of it.
        #expect(FileList.paths(in: Array("x\ny.wav\0z.wav\0".utf8)) == ["x\ny.wav", "z.wav"])
        let latin1: [UInt8] = [0x61, 0xFF, 0x2E, 0x77, 0x61, 0x76]
        #expect(FileList.paths(in: latin1 + [0x0A]) == [FileSystemPath.string(fromBytes: latin1)])
        #expect(FileList.paths(in: []) == [])
    }
}
