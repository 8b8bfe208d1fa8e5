import Foundation
import GenkiAudio
import GenkiFixtures
import Testing

/// Bytes in memory, read through libsndfile's virtual I/O (as ingest reads files).
final class MemorySource: AudioByteSource {
    let bytes: [UInt8]
    init(_ bytes: [UInt8]) { self.bytes = bytes }
    var length: Int64 { Int64(bytes.count) }
    func read(into buffer: UnsafeMutableRawPointer, count: Int, at offset: Int64) -> Int {
        guard offset >= 0, offset < length else { return 0 }
        let n = min(count, bytes.count - Int(offset))
        bytes.withUnsafeBytes { buffer.copyMemory(from: $0.baseAddress! + Int(offset), byteCount: n) }
        return n
    }
}

/// Inputs that once ended the whole process (issue 13): each must be a typed error or a result.
@Suite struct HostileInputTests {
    /// libsndfile opens these; genki refuses them. The refusal used to close the handle in the
    /// initialiser and again in `deinit` (`free(): double free`).
    @Test(arguments: [(UInt32(500), UInt16(1), "unsupported sample rate 500 Hz"), (44_100, 300, "unsupported channel count 300")])
    func refusedStreamsAreTypedErrorsClosedOnce(rate: UInt32, channels: UInt16, reason: String) throws {
        let bytes = HostileFixtures.wav(sampleRate: rate, channels: channels)
        let dir = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let path = dir.appendingPathComponent("hostile.wav").path
        try Data(bytes).write(to: URL(fileURLWithPath: path))
        for _ in 0..<20 {
            #expect(throws: AudioError.invalidStream(reason)) { try AudioDecoder(path: path) }
            #expect(throws: AudioError.invalidStream(reason)) { try AudioDecoder(source: MemorySource(bytes)) }
        }
    }

    /// RF64 sizes near `Int64.max` make libsndfile seek past `Int64.max` from the cursor.
    @Test func rf64WithHugeDS64SizesDoesNotOverflowTheSeek() throws {
        var frames = 0
        do {
            let decoder = try AudioDecoder(source: MemorySource(HostileFixtures.rf64()))
            var buffer = [Float](repeating: 0, count: 1_024 * decoder.info.channels)
            while true {
                let n = try buffer.withUnsafeMutableBufferPointer { try decoder.read(into: $0.baseAddress!, frames: 1_024) }
                if n == 0 { break }
                frames += n
            }
        } catch {
            // A typed refusal is as good as a decode: the point is that the process goes on.
        }
        #expect(frames <= 256, "the file holds 256 frames whatever its header claims")
    }

    /// Squares of 1e20 overflow `Float`: the block energy became +∞ and `Int(…)` of its
    /// loudness trapped. NaN and ±∞ input must not trap either.
    @Test(arguments: [Float(1e20), -3e38, .infinity, .nan], [1, 2, 3])
    func loudnessMeterNeverTrapsOnHugeOrNonFiniteSamples(value: Float, channels: Int) {
        var meter = LoudnessMeter(sampleRate: 8_000, channels: channels)
        let block = [Float](repeating: value, count: 4_000 * channels)
        for _ in 0..<4 { block.withUnsafeBufferPointer { meter.process($0.baseAddress!, frames: 4_000) } }
        if let lufs = meter.integratedLoudness { #expect(lufs.isFinite) }
    }

    @Test func screeningZeroesNonFiniteAndClampsHugeSamples() {
        let limit = Downmix.sampleLimit
        // 11 values: 8 through the vector path, 3 through the tail.
        var x: [Float] = [0.5, .nan, 1e20, -1e20, -.infinity, 3, limit, -limit, 2e7, .infinity, -0.25]
        let result = x.withUnsafeMutableBufferPointer { Downmix.screen($0.baseAddress!, count: $0.count) }
        #expect(result == Downmix.Screening(nonFinite: 3, beyondLimit: 3))
        #expect(x == [0.5, 0, limit, -limit, 0, 3, limit, -limit, limit, 0, -0.25])
        var clean: [Float] = [0.1, -0.2, 0.3, 1.5, -7, 0, 0.01, 0.02, 0.03]
        let none = clean.withUnsafeMutableBufferPointer { Downmix.screen($0.baseAddress!, count: $0.count) }
        #expect(none == Downmix.Screening())
    }
}
