import Foundation

/// `genki shard unpack DIR OUT`: the flat `KEY.wav` + `KEY.json` folder the upstream
/// genki-dama trainer reads (it lists only `.wav`). FLAC members are decoded (losslessly) to
/// canonical WAV and their sidecar's `file_extension` becomes `wav`, unless `keepFLAC` asks for
/// `KEY.flac` as stored. Samples without audio (MIDI-only) are skipped.
///
/// All or nothing: the folder must pass `ShardVerifier` first, each shard is re-read and must
/// still have the digest that was verified, files are created exclusively (one sample can never
/// replace another) in a temporary folder beside `OUT`, which is renamed into place only when
/// every sample is written. Member names are verified `KEY.EXT` names, so nothing can be
/// written outside `OUT`.
public enum ShardUnpacker {
    /// Unpacks the verified folder at `directory` into `out` (absent or an empty folder);
    /// returns how many samples were written.
    public static func unpack(directory: URL, to out: URL, keepFLAC: Bool = false) throws(ShardError) -> Int {
        let verified = ShardVerifier.verify(directory: directory)
        guard verified.passed else {
            let more = verified.problems.count > 1 ? " (and \(verified.problems.count - 1) more problems)" : ""
            throw .verification("the shard folder does not verify, nothing unpacked: \((verified.problems.first?.description ?? "") + more)")
        }
        let staging = try StagingFolder(for: out)
        do {
            let count = try write(verified: verified, from: directory, into: staging, keepFLAC: keepFLAC)
            try staging.commit()
            return count
        } catch {
            staging.discard()
            throw error
        }
    }

    static func write(verified: ShardVerifier.Result, from directory: URL, into staging: StagingFolder, keepFLAC: Bool) throws(ShardError) -> Int {
        var count = 0
        for (name, digest) in verified.shardDigests.sorted(by: { $0.key < $1.key }) {
            guard let data = FileManager.default.contents(atPath: directory.appendingPathComponent(name).path),
                ShardBuilder.sha256Hex([UInt8](data)) == digest
            else {
                throw .verification("\(name) changed after it was verified, nothing unpacked")
            }
            var samples: [(key: String, files: [String: [UInt8]])] = []
            for m in try TarArchive.readCanonical([UInt8](data)) {
                guard let (key, ext) = ShardScan.split(m.name) else { throw .badArchive("unexpected member name") }
                if samples.last?.key == key { samples[samples.count - 1].files[ext] = m.data } else { samples.append((key, [ext: m.data])) }
            }
            for (key, files) in samples {
                guard let json = files["json"], let ext = ["wav", "flac"].first(where: { files[$0] != nil }), let audio = files[ext] else { continue }
                if ext == "flac" && !keepFLAC {
                    let (wav, sidecar) = try asWAV(flac: audio, sidecar: json)
                    try staging.write(wav, as: key + ".wav")
                    try staging.write(sidecar, as: key + ".json")
                } else {
                    try staging.write(audio, as: key + "." + ext)
                    try staging.write(json, as: key + ".json")
                }
                count += 1
            }
        }
        return count
    }

    /// A verified FLAC member as canonical WAV, with its sidecar saying `wav`.
    static func asWAV(flac: [UInt8], sidecar json: [UInt8]) throws(ShardError) -> (wav: [UInt8], sidecar: [UInt8]) {
        let decoded = try FLACDecoder.decode(flac)
        guard var sidecar = try? JSONDecoder().decode(Sidecar.self, from: Data(json)) else {
            throw .verification("a sidecar changed after it was verified, nothing unpacked")
        }
        sidecar.fileExtension = "wav"
        return (WAVEncoder.encode(decoded.samples, sampleRate: decoded.sampleRate), sidecar.canonicalJSON.bytes)
    }
}
