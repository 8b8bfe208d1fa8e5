import Testing
@testable import GenkiShards

/// A raw header with arbitrary fields (checksum fixed up), for hostile archives.
func rawHeader(name: String, size: Int, type: UInt8 = UInt8(ascii: "0"), sizeField: String? = nil) -> [UInt8] {
    var h = TarArchive.header(name: "placeholder", size: size)
    for i in 0..<100 { h[i] = 0 }
    for (i, b) in name.utf8.prefix(100).enumerated() { h[i] = b }
    h[156] = type
    if let sizeField {
        for i in 124..<136 { h[i] = 0 }
        for (i, b) in sizeField.utf8.prefix(12).enumerated() { h[124 + i] = b }
    }
    for i in 148..<156 { h[i] = UInt8(ascii: " ") }
    let sum = String(h.reduce(0) { $0 + Int($1) }, radix: 8)
    for (i, b) in (String(repeating: "0", count: 6 - sum.count) + sum).utf8.enumerated() { h[148 + i] = b }
    h[154] = 0
    return h
}

@Suite struct TarArchiveTests {
    @Test func writtenArchivesReadBackNormalised() throws {
        let archive = TarArchive.member(name: "0123456789abcdef0123456789abcdef.json", data: Array("{}".utf8))
            + TarArchive.member(name: "0123456789abcdef0123456789abcdef.wav", data: [UInt8](repeating: 1, count: 1_000)) + TarArchive.end
        #expect(archive.count % 512 == 0)
        let members = try TarArchive.read(archive)
        #expect(members.map(\.name) == ["0123456789abcdef0123456789abcdef.json", "0123456789abcdef0123456789abcdef.wav"])
        #expect(members.allSatisfy { $0.normalised })
        #expect(members[1].data == [UInt8](repeating: 1, count: 1_000))
    }

    @Test func hostileArchivesAreRejectedWithAReason() {
        let body = [UInt8](repeating: 0, count: 512)
        let cases: [(String, [UInt8], String)] = [
            ("traversal", rawHeader(name: "../../etc/passwd", size: 0) + TarArchive.end, "unsafe member name"),
            ("absolute", rawHeader(name: "/etc/passwd", size: 0) + TarArchive.end, "unsafe member name"),
            ("symlink", rawHeader(name: "a.wav", size: 0, type: UInt8(ascii: "2")) + TarArchive.end, "symbolic link"),
            ("hardlink", rawHeader(name: "a.wav", size: 0, type: UInt8(ascii: "1")) + TarArchive.end, "hard link"),
            ("directory", rawHeader(name: "d/", size: 0, type: UInt8(ascii: "5")) + TarArchive.end, "directory"),
            ("pax", rawHeader(name: "p", size: 0, type: UInt8(ascii: "x")) + TarArchive.end, "PAX"),
            ("oversize", rawHeader(name: "a.wav", size: 0, sizeField: "77777777777") + body + TarArchive.end, "larger than"),
            ("truncated data", rawHeader(name: "a.wav", size: 4_096) + body, "truncated member"),
            ("no end", TarArchive.member(name: "a.json", data: [1]), "truncated archive"),
        ]
        for (label, bytes, reason) in cases {
            do {
                _ = try TarArchive.read(bytes)
                Issue.record("\(label) was accepted")
            } catch {
                #expect(error.description.contains(reason), "\(label): \(error.description)")
            }
        }
        var corrupt = TarArchive.member(name: "a.json", data: [1]) + TarArchive.end
        corrupt[10] ^= 0xFF
        #expect(throws: ShardError.self) { try TarArchive.read(corrupt) }
    }
}
