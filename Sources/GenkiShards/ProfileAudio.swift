import GenkiAudio
import GenkiChip
import GenkiIngest

/// Decodes a file to mono 16-bit PCM at a profile's rate (the audio a shard carries).
public enum ProfileAudio {
    /// The whole file as mono 16-bit PCM at `profile`'s rate; NaN/∞ samples become 0, and a
    /// stream with samples beyond ±`Downmix.sampleLimit` is refused as corrupt.
    public static func pcm16(path: String, profile: IngestProfile) throws(AudioError) -> [Int16] {
        let decoder = try AudioDecoder(path: path)
        let channels = decoder.info.channels
        let resampler = try Resampler(inputRate: decoder.info.sampleRate, outputRate: profile.sampleRate, quality: profile.quality)
        let blockFrames = 8192
        var interleaved = [Float](repeating: 0, count: blockFrames * channels)
        var mono = [Float](repeating: 0, count: blockFrames)
        var out: [Float] = []
        while true {
            let n = try interleaved.withUnsafeMutableBufferPointer { (p) throws(AudioError) -> Int in
                guard let base = p.baseAddress else { return 0 }
                return try decoder.read(into: base, frames: blockFrames)
            }
            if n == 0 { break }
            let screening = interleaved.withUnsafeMutableBufferPointer { i in
                mono.withUnsafeMutableBufferPointer { m -> Downmix.Screening in
                    guard let ib = i.baseAddress, let mb = m.baseAddress else { return Downmix.Screening() }
                    // Screen before the downmix: a channel sum of huge samples could overflow.
                    let screening = Downmix.screen(ib, count: n * channels)
                    Downmix.mono(ib, channels: channels, frames: n, into: mb)
                    return screening
                }
            }
            if screening.beyondLimit > 0 {
                throw .decode("corrupt float samples: \(screening.beyondLimit) beyond ±2^24 full scale")
            }
            try mono.withUnsafeBufferPointer { (m) throws(AudioError) in
                guard let base = m.baseAddress else { return }
                try resampler.process(base, count: n) { out.append(contentsOf: $0) }
            }
        }
        try resampler.finish { out.append(contentsOf: $0) }
        return Downmix.pcm16(out)
    }

    /// A chip render (`ChipRenderer`) as mono 16-bit PCM at `profile`'s rate.
    public static func pcm16(render: ChipRender, profile: IngestProfile) throws(AudioError) -> [Int16] {
        let resampler = try Resampler(inputRate: render.sampleRate, outputRate: profile.sampleRate, quality: profile.quality)
        var mono = [Float](repeating: 0, count: render.frames)
        render.samples.withUnsafeBufferPointer { input in
            mono.withUnsafeMutableBufferPointer { output in
                guard let i = input.baseAddress, let o = output.baseAddress else { return }
                Downmix.mono(i, channels: render.channels, frames: render.frames, into: o)
            }
        }
        var out: [Float] = []
        try mono.withUnsafeBufferPointer { (m) throws(AudioError) in
            guard let base = m.baseAddress else { return }
            try resampler.process(base, count: render.frames) { out.append(contentsOf: $0) }
        }
        try resampler.finish { out.append(contentsOf: $0) }
        return Downmix.pcm16(out)
    }
}
