import CGME
import CLibOpenMPT

/// Renders one subtune of a tracker module or chip-music file under a fixed policy, through the
/// format's own library (libopenmpt for modules, libgme for chip logs and rips, libsidplayfp
/// for C64 SID tunes).
public enum ChipRenderer {
    /// Renders subtune `subtune` (0-based) of `bytes`, a file of `format`. Throws
    /// `ChipError.render` for a policy value out of range (`ChipRenderPolicy.validate`).
    public static func render(
        _ bytes: [UInt8], format: ChipFormat, subtune: Int = 0, policy: ChipRenderPolicy = ChipRenderPolicy()
    ) throws(ChipError) -> ChipRender {
        try policy.validate()
        switch format.engine {
        case .openmpt: return try ModuleRenderer.render(bytes, format: format, subtune: subtune, policy: policy)
        case .gme: return try GMERenderer.render(bytes, format: format, subtune: subtune, policy: policy)
        case .sidplayfp: return try SIDRenderer.render(bytes, format: format, subtune: subtune, policy: policy)
        }
    }

    /// How many subtunes the file has (at least 1), from the library's own reading of it,
    /// without rendering: a file whose first subtune fails still names its others.
    public static func subtuneCount(_ bytes: [UInt8], format: ChipFormat) throws(ChipError) -> Int {
        switch format.engine {
        case .openmpt:
            let module = try ModuleRenderer.open(bytes)
            defer { openmpt_module_destroy(module) }
            return max(1, Int(openmpt_module_get_num_subsongs(module)))
        case .gme:
            let emu = try GMERenderer.open(bytes, rate: ChipRenderPolicy().sampleRate, track: nil)
            defer { gme_delete(emu) }
            return max(1, Int(gme_track_count(emu)))
        case .sidplayfp:
            return max(1, try SIDRenderer.songs(bytes))
        }
    }
}
