import Foundation

@testable import GenkiShards

/// One way a shard folder can lie, and the words `verify` must give for it.
struct Lie: Sendable, CustomStringConvertible {
    let description: String
    let reason: String
    let apply: @Sendable (URL) throws -> Void
}

/// Hostile folders made from a valid one (issue 13): each must fail `verify` with its reason,
/// and `unpack` must refuse it.
enum FolderLies {
    static let manifestEncoder: JSONEncoder = {
        let e = JSONEncoder()
        e.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return e
    }()

    /// Rewrites manifest line 1 (then SHA256SUMS, as a forger would).
    static func editFirstManifestLine(_ dir: URL, _ edit: (inout ManifestRecord) -> Void) throws {
        var lines = String(decoding: try Forge.bytes(dir, "manifest.jsonl"), as: UTF8.self).split(separator: "\n").map(String.init)
        var record = try JSONDecoder().decode(ManifestRecord.self, from: Data(lines[0].utf8))
        edit(&record)
        lines[0] = String(decoding: try manifestEncoder.encode(record), as: UTF8.self)
        try Forge.write(dir, "manifest.jsonl", Array(lines.map { $0 + "\n" }.joined().utf8))
        try Forge.fixSums(dir)
    }

    static func editCard(_ dir: URL, _ edit: (inout DatasetCard) -> Void) throws {
        var card = try JSONDecoder().decode(DatasetCard.self, from: Data(Forge.bytes(dir, "dataset.json")))
        edit(&card)
        let e = JSONEncoder()
        e.outputFormatting = [.sortedKeys, .prettyPrinted, .withoutEscapingSlashes]
        try Forge.write(dir, "dataset.json", [UInt8](try e.encode(card)) + [0x0A])
        try Forge.fixSums(dir)
    }

    /// Edits shard 0's members, then regenerates every clear file from the shards.
    static func editShard(_ dir: URL, _ i: Int = 0, trailing: [UInt8] = [], _ edit: (inout [(name: String, data: [UInt8])]) throws -> Void) throws {
        var members = try Forge.members(dir, i)
        try edit(&members)
        try Forge.writeShard(dir, i, members, trailing: trailing)
        try Forge.regenerate(dir)
    }

    static func key(_ name: String) -> String { String(name.prefix(32)) }

    /// The members of the first sample in `members` whose extensions satisfy `where`.
    static func firstSample(_ members: [(name: String, data: [UInt8])], where fits: ([String]) -> Bool) -> String? {
        var byKey: [(String, [String])] = []
        for m in members {
            if byKey.last?.0 == key(m.name) { byKey[byKey.count - 1].1.append(String(m.name.dropFirst(33))) } else { byKey.append((key(m.name), [String(m.name.dropFirst(33))])) }
        }
        return byKey.first { fits($0.1) }?.0
    }

    static let all: [Lie] = [
        Lie(description: "manifest with a false SHA-256", reason: "false digest") { dir in
            try editFirstManifestLine(dir) { $0.members["json"]?.sha256 = Forge.sha(Array("forged".utf8)) }
        },
        Lie(description: "manifest with a wrong size", reason: "wrong size") { dir in
            try editFirstManifestLine(dir) { $0.members["json"]?.bytes += 1 }
        },
        Lie(description: "duplicate manifest line", reason: "duplicate manifest line") { dir in
            let text = String(decoding: try Forge.bytes(dir, "manifest.jsonl"), as: UTF8.self)
            try Forge.write(dir, "manifest.jsonl", Array((text + text.split(separator: "\n")[0] + "\n").utf8))
            try Forge.fixSums(dir)
        },
        Lie(description: "card with a false duration", reason: "dataset.json: duration_s is") { dir in
            try editCard(dir) { $0.durationSeconds += 60 }
        },
        Lie(description: "card with a false Merkle root", reason: "dataset.json: merkle_root is") { dir in
            try editCard(dir) { $0.merkleRoot = Forge.sha(Array("forged".utf8)) }
        },
        Lie(description: "trailing data after the end blocks", reason: "trailing data after the end-of-archive blocks") { dir in
            try editShard(dir, trailing: Array("HIDDEN".utf8) + [UInt8](repeating: 0, count: 506)) { _ in }
        },
        Lie(description: "stray .tar not in SHA256SUMS", reason: "extra.tar: stray file") { dir in
            try FileManager.default.copyItem(at: dir.appendingPathComponent(Forge.shard(0)), to: dir.appendingPathComponent("extra.tar"))
        },
        Lie(description: "shard numbered past a gap", reason: "genki-000007.tar: stray shard") { dir in
            try FileManager.default.copyItem(at: dir.appendingPathComponent(Forge.shard(0)), to: dir.appendingPathComponent(Forge.shard(7)))
        },
        Lie(description: "hidden file in the folder", reason: ".notes: stray file") { dir in
            try Forge.write(dir, ".notes", Array("x".utf8))
        },
        Lie(description: "extra sidecar field", reason: "extra sidecar fields: album") { dir in
            try editShard(dir) { members in
                guard let i = members.firstIndex(where: { $0.name.hasSuffix(".json") }) else { return }
                members[i].data = Array("{\"album\":\"Someone\",".utf8) + members[i].data.dropFirst()
            }
        },
        Lie(description: "sidecar with a title", reason: "title, artist or name") { dir in
            try editShard(dir) { members in
                guard let i = members.firstIndex(where: { $0.name.hasSuffix(".json") }) else { return }
                var sidecar = try Forge.sidecar(members[i].data)
                sidecar.title = "My Song"
                members[i].data = sidecar.canonicalJSON.bytes
            }
        },
        Lie(description: "key repeated in another shard", reason: "key repeated: this sample already appeared in genki-000000.tar") { dir in
            let first = try Forge.members(dir, 0)
            let k = key(first[0].name)
            try editShard(dir, 1) { $0 += first.filter { key($0.name) == k } }
        },
        Lie(description: "key repeated within a shard", reason: "key repeated: this sample already appeared earlier in this shard") { dir in
            try editShard(dir) { members in
                let k = key(members[0].name)
                members += members.filter { key($0.name) == k }
            }
        },
        Lie(description: "non-normalised header (link name set)", reason: "non-normalised header (link name") { dir in
            var members = try Forge.members(dir, 0)
            let first = members.removeFirst()
            let pad = [UInt8](repeating: 0, count: (512 - first.data.count % 512) % 512)
            let forged = Forge.header(name: first.name, size: first.data.count, setting: 157..<257, to: Array("x".utf8)) + first.data + pad
            try Forge.write(dir, Forge.shard(0), forged + members.flatMap { TarArchive.member(name: $0.name, data: $0.data) } + TarArchive.end)
            try Forge.regenerate(dir)
        },
        Lie(description: "data hidden in tar padding", reason: "data hidden in the padding") { dir in
            var bytes = try Forge.bytes(dir, Forge.shard(0))
            var offset = 0
            for m in try Forge.members(dir, 0) {
                offset += 512 + m.data.count
                if m.data.count % 512 != 0 { break }
                offset = (offset + 511) / 512 * 512
            }
            bytes[offset] = 0x41
            try Forge.write(dir, Forge.shard(0), bytes)
            try Forge.regenerate(dir)
        },
        Lie(description: "fullwidth member name", reason: "member name is not KEY.EXT") { dir in
            try editShard(dir) { members in
                let k = key(members[0].name)
                let digit = k.unicodeScalars.first?.value ?? 0x30
                // U+FF10… are the fullwidth digits, U+FF41… the fullwidth small letters.
                let wide = digit <= 0x39 ? 0xFF10 + (digit - 0x30) : 0xFF41 + (digit - 0x61)
                let forged = String(Character(Unicode.Scalar(wide) ?? "0")) + k.dropFirst()
                for i in members.indices where key(members[i].name) == k { members[i].name = forged + members[i].name.dropFirst(32) }
            }
        },
        Lie(description: "garbage .mid member", reason: "is not a MIDI file") { dir in
            try editShard(dir) { members in
                guard let i = members.firstIndex(where: { $0.name.hasSuffix(".mid") }) else { throw FixtureFailure.unexpected("no .mid member in shard 0") }
                members[i].data = Array("MThd".utf8) + [UInt8](repeating: 0xEE, count: 60)
            }
        },
        Lie(description: "non-canonical WAV header (stereo)", reason: "header is not genki's canonical") { dir in
            try editShard(dir) { members in
                guard let i = members.firstIndex(where: { $0.name.hasSuffix(".wav") }) else { return }
                members[i].data[22] = 2
            }
        },
        Lie(description: "garbage .flac member", reason: "is not a FLAC stream") { dir in
            try editShard(dir) { members in
                guard let k = firstSample(members, where: { $0 == ["json", "wav"] }),
                    let j = members.firstIndex(where: { $0.name == k + ".json" })
                else { throw FixtureFailure.unexpected("no audio sample in shard 0") }
                var sidecar = try Forge.sidecar(members[j].data)
                sidecar.fileExtension = "flac"
                let replaced: [(name: String, data: [UInt8])] = [(k + ".flac", [UInt8](repeating: 0x42, count: 2_000)), (k + ".json", sidecar.canonicalJSON.bytes)]
                let at = members.firstIndex { key($0.name) == k } ?? 0
                members.removeAll { key($0.name) == k }
                members.insert(contentsOf: replaced, at: at)
            }
        },
    ]
}
