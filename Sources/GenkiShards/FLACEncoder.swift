import Foundation
import GenkiAudio

/// 16-bit mono FLAC bytes through libsndfile (lossless: decodes back to the same samples). The
/// stream carries only the encoder's vendor string, no tags and no time, so the same samples
/// give the same bytes.
public enum FLACEncoder {
    public static func encode(_ samples: [Int16], sampleRate: Int) throws(ShardError) -> [UInt8] {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("genki-\(UUID().uuidString).flac")
        defer { try? FileManager.default.removeItem(at: url) }
        do {
            let writer = try AudioWriter(path: url.path, format: .flac16, sampleRate: sampleRate, channels: 1)
            try writer.write(samples.map { Float($0) / 32_768 })
            try writer.close()
        } catch {
            throw .write("FLAC encoding failed: \(error)")
        }
        guard let data = FileManager.default.contents(atPath: url.path) else { throw .write("FLAC encoding produced no file") }
        return [UInt8](data)
    }
}
