import Foundation
import GenkiChip
import GenkiFixtures
import GenkiPipeline
import Testing

@testable import GenkiShards

/// `genki shard --include-source` (issue 16): a chip sample carries the file its audio was
/// rendered from, in metadata-free canonical form, and nothing else of it.
@Suite struct ChipSourceShardTests {
    /// The inputs: one file of every strippable format with a marker in every text field, a
    /// module with two subsongs, and an XM whose tracker name genki cannot map (no canonical form).
    /// Sources ride along for tracker modules only (`ChipSourceMember`).
    static func inputs(marker: String) -> [(name: String, bytes: [UInt8], format: ChipFormat)] {
        var odd = ChipFixtures.xm(seed: 21)
        for (k, b) in Array("OpenMPT (own build)!".utf8).enumerated() { odd[38 + k] = b }  // the tracker name field
        return [
            ("tune.mod", ChipFixtures.mod(seed: 7, marker: marker), .mod),
            ("two.mod", ChipFixtures.mod(seed: 8, patterns: 2, subsongs: true, marker: marker), .mod),
            ("log.vgm", ChipFixtures.vgm(seed: 7, marker: marker), .vgm), ("c64.sid", ChipFixtures.psid(seed: 7, marker: marker), .sid),
            ("a.xm", ChipFixtures.xm(seed: 7, marker: marker), .xm), ("b.nsf", ChipFixtures.nsf(seed: 7, marker: marker), .nsf),
            ("c.nsfe", ChipFixtures.nsfe(seed: 7, marker: marker), .nsfe), ("d.gbs", ChipFixtures.gbs(seed: 7, marker: marker), .gbs),
            ("e.spc", ChipFixtures.spc(seed: 7, marker: marker), .spc), ("f.s3m", ChipFixtures.s3m(seed: 12, marker: marker), .s3m),
            ("g.it", ChipFixtures.it(seed: 13, marker: marker), .it), ("odd.xm", odd, .xm),
        ]
    }

    static func build(_ files: [(name: String, bytes: [UInt8], format: ChipFormat)], into dir: URL, out: URL) async throws -> ShardReport {
        for f in files { try Data(f.bytes).write(to: dir.appendingPathComponent(f.name)) }
        var o = options(jobs: 2)
        o.minimumSeconds = 1
        o.includeSource = true
        return try await ShardPipeline.build(paths: [dir.path], out: out, secret: testSecret, options: o)
    }

    /// Members of shard 0 by sample key.
    static func samples(_ out: URL) throws -> [String: [String: [UInt8]]] {
        var out2: [String: [String: [UInt8]]] = [:]
        for m in try ShardBuilder.readShard(out.appendingPathComponent(ShardBuilder.shardName("genki", 0))) {
            out2[String(m.name.prefix(32)), default: [:]][String(m.name.dropFirst(33))] = m.data
        }
        return out2
    }

    @Test func eachChipSampleCarriesItsFileStrippedAndNoText() async throws {
        let dir = try temporaryDirectory()
        let out = try temporaryDirectory()
        let unpacked = try temporaryDirectory().appendingPathComponent("flat")
        defer { for d in [dir, out, unpacked.deletingLastPathComponent()] { try? FileManager.default.removeItem(at: d) } }
        let marker = "SRCMARK\(UInt32.random(in: 100_000...999_999))"
        let files = Self.inputs(marker: marker)
        // VGM's GD3 tag holds UTF-16LE text.
        let wide = marker.utf16.flatMap { [UInt8(truncatingIfNeeded: $0), UInt8(truncatingIfNeeded: $0 >> 8)] }
        func carries(_ bytes: [UInt8]) -> Bool { contains(bytes, marker) || contains(bytes, bytes: wide) }
        for f in files where f.name != "odd.xm" {
            let marked = carries(f.bytes)
            #expect(marked, "\(f.name) carries no marker")
        }
        let report = try await Self.build(files, into: dir, out: out)
        #expect(report.samples == 13 && report.failed.isEmpty, "\(report.samples) \(report.failed)")
        let leftOut = ["b.nsf", "c.nsfe", "c64.sid", "d.gbs", "e.spc", "log.vgm", "odd.xm"]
        #expect(report.sourceLeftOut.map { URL(fileURLWithPath: $0).lastPathComponent }.sorted() == leftOut)
        // Every member a source may be: the canonical form of one input, under its format's extension.
        var expected: [[UInt8]: (name: String, ext: String)] = [:]
        for f in files {
            if !leftOut.contains(f.name), let stripped = try ChipCanonicalForm.stripped(f.bytes, format: f.format) { expected[stripped] = (f.name, f.format.rawValue) }
        }
        #expect(expected.count == files.count - leftOut.count)
        var carried: [String: [Int]] = [:]  // input name → subtunes of its samples
        let samples = try Self.samples(out)
        for (key, members) in samples {
            let sources = members.keys.filter { ChipSourceMember.format(extension: $0) != nil }
            let sidecar = try Forge.sidecar(try #require(members["json"]))
            guard let ext = sources.first else {
                #expect(sidecar.genki.subtune == nil, "\(key): a subtune without a source")
                continue
            }
            #expect(sources.count == 1 && members["wav"] != nil)
            let source = try #require(members[ext])
            let origin = try #require(expected[source], "\(key).\(ext) is no input's canonical form")
            #expect(origin.ext == ext)
            carried[origin.name, default: []].append(try #require(sidecar.genki.subtune))
        }
        #expect(carried.count == files.count - leftOut.count, "inputs with a source member: \(carried.keys.sorted())")
        #expect(carried["two.mod"]?.sorted() == [1, 2] && carried["tune.mod"] == [1])
        let folder = try folderBytes(out)
        let leaked = carries(folder) || contains(folder, "SRCMARK")
        #expect(!leaked)
        let verified = ShardVerifier.verify(directory: out)
        #expect(verified.passed, "\(verified.problems.prefix(3))")
        #expect(try ShardUnpacker.unpack(directory: out, to: unpacked) == 13)
    }

    /// Folders that lie about a source member fail `verify`, each with its reason, and `unpack`
    /// refuses them.
    @Test func verifyRefusesASourceThatIsNotMetadataFree() async throws {
        let dir = try temporaryDirectory()
        let template = try temporaryDirectory()
        defer { for d in [dir, template] { try? FileManager.default.removeItem(at: d) } }
        let marker = "LIEMARK\(UInt32.random(in: 100_000...999_999))"
        let original = ChipFixtures.mod(seed: 7, marker: marker)
        let report = try await Self.build([("tune.mod", original, .mod)], into: dir, out: template)
        #expect(report.samples == 1)
        #expect(ShardVerifier.verify(directory: template).passed)
        let key = try #require(try Self.samples(template).keys.first)
        let lies: [(String, String, (inout [(name: String, data: [UInt8])]) throws -> Void)] = [
            (
                "the source as the user had it, text and all", "metadata-free canonical form",
                { members in
                    for i in members.indices where members[i].name.hasSuffix(".mod") { members[i].data = original }
                }
            ),
            (
                "a second source member", "more than one chip source member",
                { members in
                    let xm = try #require(try ChipCanonicalForm.stripped(ChipFixtures.xm(seed: 3), format: .xm))
                    members.append((key + ".xm", xm))
                }
            ),
            (
                "a source whose sidecar names no subtune", "genki.subtune",
                { members in
                    for i in members.indices where members[i].name.hasSuffix(".json") {
                        var sidecar = try Forge.sidecar(members[i].data)
                        sidecar.genki.subtune = nil
                        members[i].data = sidecar.canonicalJSON.bytes
                    }
                }
            ),
            (
                "a SID source (its program may hold text)", "member name is not KEY.EXT",
                { members in
                    let sid = try #require(try ChipCanonicalForm.stripped(ChipFixtures.psid(seed: 3), format: .sid))
                    members.append((key + ".sid", sid))
                }
            ),
            (
                "a VGM source (its command stream is kept whole)", "member name is not KEY.EXT",
                { members in
                    let vgm = try #require(try ChipCanonicalForm.stripped(ChipFixtures.vgm(seed: 3), format: .vgm))
                    members.append((key + ".vgm", vgm))
                }
            ),
            (
                "a sidecar naming a subtune with no source", "genki.subtune",
                { members in
                    members.removeAll { $0.name.hasSuffix(".mod") }
                }
            ),
            (
                "a source member that is not the format it says", "not a readable MOD",
                { members in
                    for i in members.indices where members[i].name.hasSuffix(".mod") { members[i].data = Array(members[i].data.prefix(600)) }
                }
            ),
        ]
        for (what, reason, edit) in lies {
            let folder = try temporaryDirectory()
            let flat = try temporaryDirectory().appendingPathComponent("flat")
            defer { for d in [folder, flat.deletingLastPathComponent()] { try? FileManager.default.removeItem(at: d) } }
            for name in try FileManager.default.contentsOfDirectory(atPath: template.path) {
                try FileManager.default.copyItem(at: template.appendingPathComponent(name), to: folder.appendingPathComponent(name))
            }
            try FolderLies.editShard(folder, 0, edit)
            let verified = ShardVerifier.verify(directory: folder)
            #expect(!verified.passed, "\(what) passed verify")
            #expect(verified.problems.contains { $0.reason.contains(reason) }, "\(what): \(verified.problems.prefix(3))")
            #expect(throws: ShardError.self, "\(what) was unpacked") { try ShardUnpacker.unpack(directory: folder, to: flat) }
        }
    }
}
