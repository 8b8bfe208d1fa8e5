/// `SHA256SUMS` as genki writes it: one `<sha256>  <name>` line per file of the layout (the
/// shards, `manifest.jsonl`, `dataset.json`, `croissant.json`), sorted by name, each digest the
/// file's own.
enum ChecksumCheck {
    static let file = "SHA256SUMS"

    /// Reports every way `text` differs from that, given the digests of the files present
    /// (name → SHA-256 hex; nil digest: the layout expects the file but it is missing).
    static func check(_ text: [UInt8]?, digests: [(name: String, sha256: String?)], log: inout ProblemLog) {
        guard let text else {
            log.add(file, nil, "missing")
            return
        }
        guard text.allSatisfy({ $0 == 0x0A || ($0 >= 0x20 && $0 < 0x7F) }) else {
            log.add(file, nil, "holds bytes other than printable ASCII and newlines")
            return
        }
        guard text.isEmpty || text.last == 0x0A else {
            log.add(file, nil, "does not end with a newline")
            return
        }
        let expected = Dictionary(digests.map { ($0.name, $0.sha256) }, uniquingKeysWith: { first, _ in first })
        var listed: [String] = []
        for (number, line) in text.split(separator: 0x0A, omittingEmptySubsequences: false).dropLast().enumerated() {
            let bytes = Array(line)
            guard bytes.count > 66, bytes[64] == 0x20, bytes[65] == 0x20,
                bytes[0..<64].allSatisfy({ ($0 >= 0x30 && $0 <= 0x39) || ($0 >= 0x61 && $0 <= 0x66) })
            else {
                log.add(file, nil, "line \(number + 1) is not `<64 lowercase hex digits>  <name>`")
                continue
            }
            let sum = String(decoding: bytes[0..<64], as: UTF8.self)
            let name = String(decoding: bytes[66...], as: UTF8.self)
            if listed.contains(name) {
                log.add(file, nil, "line \(number + 1) lists \(TarArchive.printable(name)) a second time")
                continue
            }
            listed.append(name)
            guard let actual = expected[name] else {
                log.add(file, nil, "line \(number + 1) lists \(TarArchive.printable(name)), which is not a file of the shard layout")
                continue
            }
            if let actual, actual != sum { log.add(name, nil, "SHA-256 is \(actual), but SHA256SUMS says \(sum) (checksum mismatch)") }
        }
        for entry in digests where !listed.contains(entry.name) {
            log.add(entry.name, nil, "not listed in SHA256SUMS")
        }
        if listed != listed.sorted(by: { Array($0.utf8).lexicographicallyPrecedes(Array($1.utf8)) }) {
            log.add(file, nil, "lines are not sorted by file name")
        }
    }
}
