/// The size of an IT sample's data as libopenmpt reads it: PCM and ADPCM from the length and
/// format, IT 2.14/2.15 compressed data by walking its blocks the way the decoder does.
extension ModuleStripper {
    /// Bytes the player consumes for one sample's data at `offset` (capped at the file's end);
    /// nil when the encoding is one genki does not size, or the budget runs out.
    static func itSampleSize(
        _ f: ChipBytes, at offset: Int, length: Int, flags: Int, convert: Int, cwtv: Int, layout: inout ModuleLayout
    ) -> Int? {
        let available = f.count - offset
        let channels = flags & 4 != 0 && cwtv >= 0x214 ? 2 : 1
        let wide = flags & 2 != 0
        var frames = min(length, 0x1000_0000)
        if flags & 8 != 0 {
            frames = min(frames, available * (8 / channels))
            guard frames > 0 else { return 0 }
            return itCompressedSize(f, at: offset, frames: frames, channels: channels, wide: wide, layout: &layout)
        }
        guard frames > 0 else { return 0 }
        if !wide, convert == 0xFF { return min(available, 16 + (frames + 1) / 2 * channels) }  // ADPCM
        if wide, convert & 8 != 0 { return nil }  // PTM 8-bit delta to 16-bit
        return min(available, frames * (wide ? 2 : 1) * channels)
    }

    /// Walks IT 2.14/2.15 compressed data as libopenmpt's decoder does (per channel, blocks of
    /// 0x8000 bytes of output, each led by its packed size) and returns the bytes it consumes.
    static func itCompressedSize(_ f: ChipBytes, at offset: Int, frames: Int, channels: Int, wide: Bool, layout: inout ModuleLayout) -> Int? {
        let blockFrames = wide ? 0x4000 : 0x8000
        var p = offset
        for _ in 0..<channels {
            var written = 0
            while written < frames, f.count - p >= 2 {
                guard let packed = f.le16(p) else { return nil }
                p += 2
                guard packed > 0 else { continue }
                let size = min(packed, f.count - p)
                guard layout.spend(size) else { return nil }
                written += itDecodedFrames(f.bytes[p..<(p + size)], want: min(frames - written, blockFrames), wide: wide)
                p += size
            }
        }
        return p - offset
    }

    /// How many frames one compressed block yields before its bits or its widths run out.
    static func itDecodedFrames(_ block: ArraySlice<UInt8>, want: Int, wide: Bool) -> Int {
        let defaultWidth = wide ? 17 : 9
        let fetchA = wide ? 4 : 3
        let lowerB = wide ? -8 : -4
        let upperB = wide ? 7 : 3
        var bits = 0
        var buffer = 0
        var index = block.startIndex
        func read(_ n: Int) -> Int? {
            while bits < n {
                guard index < block.endIndex else { return nil }
                buffer |= Int(block[index]) << bits
                index += 1
                bits += 8
            }
            let v = buffer & ((1 << n) - 1)
            buffer >>= n
            bits -= n
            return v
        }
        func changed(_ current: Int, _ fetched: Int) -> Int {
            let w = fetched + 1
            return w >= current ? w + 1 : w
        }
        var width = defaultWidth
        var done = 0
        while done < want {
            guard width <= defaultWidth, let v = read(width) else { return done }
            let top = 1 << (width - 1)
            if width <= 6 {
                if v == top {
                    guard let fetched = read(fetchA) else { return done }
                    width = changed(width, fetched)
                } else {
                    done += 1
                }
            } else if width < defaultWidth {
                if v >= top + lowerB, v <= top + upperB { width = changed(width, v - (top + lowerB)) } else { done += 1 }
            } else if v & top != 0 {
                width = (v & ~top) + 1
            } else {
                done += 1
            }
        }
        return done
    }
}
