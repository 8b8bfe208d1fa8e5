import CGME

/// Renders chip logs and rips (NSF, VGM, SPC, GBS, …) through libgme: the chosen track at the
/// policy's rate, for its stated length; a track with no stated length plays libgme's play
/// length (intro plus two loops, or 150 s) and fades out at its end. Capped at the policy's
/// length.
enum GMERenderer {
    /// Stereo frames per `gme_play` call.
    static let block = 4_096

    static func render(_ bytes: [UInt8], format: ChipFormat, subtune: Int, policy: ChipRenderPolicy) throws(ChipError) -> ChipRender {
        let rate = policy.sampleRate
        let emu = try open(bytes, rate: rate, seconds: policy.maxSeconds, track: subtune)
        defer { gme_delete(emu) }
        let tracks = Int(gme_track_count(emu))
        guard (0..<tracks).contains(subtune) else { throw .subtune(subtune, of: tracks) }
        var infoPointer: UnsafeMutablePointer<gme_info_t>?
        if let failed = gme_track_info(emu, &infoPointer, Int32(subtune)) { throw .open(String(cString: failed)) }
        guard let info = infoPointer?.pointee else { throw .open("no track information") }
        gme_free_info(infoPointer)
        let stated = info.length > 0
        let milliseconds = min(Double(info.play_length > 0 ? info.play_length : 150_000), policy.maxSeconds * 1_000)
        if let failed = gme_start_track(emu, Int32(subtune)) { throw .render(String(cString: failed)) }
        if !stated { gme_set_fade(emu, Int32(max(0, milliseconds - policy.fadeSeconds * 1_000))) }
        let total = Int(milliseconds / 1_000 * Double(rate))
        var pcm = [Int16](repeating: 0, count: 2 * block)
        var samples: [Float] = []
        samples.reserveCapacity(2 * total)
        while samples.count / 2 < total, gme_track_ended(emu) == 0 {
            let frames = min(block, total - samples.count / 2)
            let failed = pcm.withUnsafeMutableBufferPointer { gme_play(emu, Int32(2 * frames), $0.baseAddress) }
            if let failed { throw .render(String(cString: failed)) }
            for k in 0..<(2 * frames) { samples.append(Float(pcm[k]) / 32_768) }
        }
        guard !samples.isEmpty else { throw .render("the track plays no audio") }
        return ChipRender(format: format, subtune: subtune, subtunes: tracks, sampleRate: rate, samples: samples)
    }

    /// Opens a file in libgme's emulator for output at `rate`, after inflating gzip data
    /// (`GzipInflater`, within its bound) and `GMEPreflight` has checked the bytes for shapes
    /// libgme crashes on when reading track `track`'s information and playing up to `seconds`
    /// of it (nil: when only the track count is read), and, for a cut-short VGM stream, given it
    /// the whole commands only; the caller deletes it and asks about no other track.
    static func open(_ file: [UInt8], rate: Int, seconds: Double = ChipRenderPolicy().maxSeconds, track: Int?) throws(ChipError) -> OpaquePointer {
        let bytes = try GzipInflater.inflatedIfGzip(file)
        guard bytes.count < Int(Int32.max) else { throw .open("file too large") }
        let length = try GMEPreflight.check(bytes, seconds: seconds, track: track)
        var emu: OpaquePointer?
        // libgme copies the bytes it is given.
        let opened = bytes.withUnsafeBytes { raw in gme_open_data(raw.baseAddress, min(length, raw.count), &emu, Int32(rate)) }
        if let opened { throw .open(String(cString: opened)) }
        guard let emu else { throw .open("libgme returned no emulator") }
        return emu
    }
}
