import GenkiAudio
import GenkiIngest

/// Decodes a 16-bit mono FLAC member (the form `FLACEncoder` writes and `verify` checks) back
/// to its samples through libsndfile's virtual I/O, so `unpack` can hand the trainer `KEY.wav`.
/// FLAC is lossless: the samples are the ones the shard was built from.
enum FLACDecoder {
    static func decode(_ bytes: [UInt8]) throws(ShardError) -> (samples: [Int16], sampleRate: Int) {
        let decoder: AudioDecoder
        do {
            decoder = try AudioDecoder(source: MemoryByteSource(bytes))
        } catch {
            throw .verification("a FLAC member cannot be decoded: \(error.description)")
        }
        guard decoder.info.channels == 1 else { throw .verification("a FLAC member is not mono") }
        var samples: [Int16] = []
        let block = 1 << 14
        var buffer = [Int16](repeating: 0, count: block)
        while true {
            let n: Int
            do {
                n = try buffer.withUnsafeMutableBufferPointer { p throws(AudioError) -> Int in
                    guard let base = p.baseAddress else { return 0 }
                    return try decoder.read(into: base, frames: block)
                }
            } catch {
                throw .verification("a FLAC member cannot be decoded: \(error.description)")
            }
            if n == 0 { break }
            samples += buffer[0..<n]
        }
        return (samples, decoder.info.sampleRate)
    }
}
