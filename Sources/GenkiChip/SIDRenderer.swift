import CSIDPlayFP

/// Renders C64 PSID/RSID tunes through libsidplayfp (reSIDfp, PAL, power-on delay 0 and a fixed
/// dither seed, so the same tune always gives the same samples; SID renders in one process run
/// one at a time). SID tunes state no length: each song plays
/// `ChipRenderPolicy.sidSeconds` and fades out over its last `fadeSeconds`.
enum SIDRenderer {
    static func render(_ bytes: [UInt8], format: ChipFormat, subtune: Int, policy: ChipRenderPolicy) throws(ChipError) -> ChipRender {
        let songs = try songs(bytes)
        guard (0..<songs).contains(subtune) else { throw .subtune(subtune, of: songs) }
        let rate = policy.sampleRate
        let frames = Int(min(policy.sidSeconds, policy.maxSeconds) * Double(rate))
        var pcm = [Int16](repeating: 0, count: 2 * frames)
        let result = bytes.withUnsafeBufferPointer { tune in
            pcm.withUnsafeMutableBufferPointer { out in
                genki_sid_render(tune.baseAddress, tune.count, Int32(subtune + 1), Int32(rate), out.baseAddress, Int64(frames))
            }
        }
        guard result.status == 0 else {
            throw result.status == 2 ? .subtune(subtune, of: Int(result.songs)) : .render(message(result))
        }
        let written = Int(result.frames)
        guard written > 0 else { throw .render("the tune plays no audio") }
        let fade = min(written, Int(policy.fadeSeconds * Double(rate)))
        var samples = [Float](repeating: 0, count: 2 * written)
        for i in 0..<written {
            let gain: Float = i >= written - fade ? Float(written - 1 - i) / Float(max(1, fade)) : 1
            samples[2 * i] = Float(pcm[2 * i]) / 32_768 * gain
            samples[2 * i + 1] = Float(pcm[2 * i + 1]) / 32_768 * gain
        }
        return ChipRender(format: format, subtune: subtune, subtunes: songs, sampleRate: rate, samples: samples)
    }

    /// The songs a tune states, read without playing it.
    static func songs(_ bytes: [UInt8]) throws(ChipError) -> Int {
        let probe = bytes.withUnsafeBufferPointer { genki_sid_probe($0.baseAddress, $0.count) }
        guard probe.status == 0 else { throw .open(message(probe)) }
        return Int(probe.songs)
    }

    /// libsidplayfp's message of a failed call.
    static func message(_ r: genki_sid_result) -> String {
        var m = r.message
        let text = withUnsafeBytes(of: &m) { raw in String(decoding: raw.prefix { $0 != 0 }, as: UTF8.self) }
        return text.isEmpty ? "libsidplayfp status \(r.status)" : text
    }
}
