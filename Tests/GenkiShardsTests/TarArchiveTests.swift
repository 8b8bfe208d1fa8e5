import Foundation
import GenkiCore
import GenkiFixtures
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
        let archive =
            TarArchive.member(name: "0123456789abcdef0123456789abcdef.json", data: Array("{}".utf8))
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

@Suite struct CanonicalJSONTests {
    @Test func doublesKeepAPointAndStringsAreEscaped() {
        let json = CanonicalJSON.object(["b": .double(2), "a": .double(1.5), "c": .int(3), "s": .string("x\"\\\n\u{01}é/"), "n": .null])
        #expect(json.text == #"{"a":1.5,"b":2.0,"c":3,"n":null,"s":"x\"\\\n\u0001é/"}"#)
        // Property: whatever doubles, the text parses back to the same values.
        var rng = SplitMix64(seed: 3)
        for _ in 0..<200 {
            let d = Double(Int64(bitPattern: rng.next()) % 1_000_000) / Double(1 + rng.next() % 1_000)
            let text = CanonicalJSON.double(d).text
            #expect(Double(text) == d && text.contains("."))
        }
    }
}
