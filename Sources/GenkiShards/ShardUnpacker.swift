import Foundation

/// `genki shard unpack DIR OUT`: the flat `NAME.wav` (or `.flac`) + `NAME.json` folder the
/// upstream genki-dama trainer reads (NAME is the sample key; samples without audio are skipped).
public enum ShardUnpacker {
    /// Returns how many samples were written.
    public static func unpack(directory: URL, to out: URL) throws(ShardError) -> Int {
        let fm = FileManager.default
        do { try fm.createDirectory(at: out, withIntermediateDirectories: true) } catch { throw .write("the output folder cannot be created") }
        let names = ((try? fm.contentsOfDirectory(atPath: directory.path)) ?? []).filter { $0.hasSuffix(".tar") && !$0.hasPrefix(".") }.sorted()
        var count = 0
        for name in names {
            let members = try ShardBuilder.readShard(directory.appendingPathComponent(name))
            var byKey: [String: [String: [UInt8]]] = [:]
            for m in members {
                let parts = m.name.split(separator: ".", maxSplits: 1).map(String.init)
                guard parts.count == 2, parts[0].allSatisfy(\.isHexDigit), !parts[0].isEmpty else { throw .badArchive("unexpected member name") }
                byKey[parts[0], default: [:]][parts[1]] = m.data
            }
            for (key, files) in byKey.sorted(by: { $0.key < $1.key }) {
                guard let (ext, audio) = files["wav"].map({ ("wav", $0) }) ?? files["flac"].map({ ("flac", $0) }), let json = files["json"] else { continue }
                do {
                    try Data(audio).write(to: out.appendingPathComponent(key + "." + ext))
                    try Data(json).write(to: out.appendingPathComponent(key + ".json"))
                } catch {
                    throw .write("an unpacked file cannot be written")
                }
                count += 1
            }
        }
        return count
    }
}
