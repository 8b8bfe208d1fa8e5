/// Renders one subtune of a tracker module or chip-music file under a fixed policy, through the
/// format's own library (libopenmpt for modules, libgme for chip logs and rips, libsidplayfp
/// for C64 SID tunes).
public enum ChipRenderer {
    /// Renders subtune `subtune` (0-based) of `bytes`, a file of `format`.
    public static func render(
        _ bytes: [UInt8], format: ChipFormat, subtune: Int = 0, policy: ChipRenderPolicy = ChipRenderPolicy()
    ) throws(ChipError) -> ChipRender {
        switch format.engine {
        case .openmpt: return try ModuleRenderer.render(bytes, format: format, subtune: subtune, policy: policy)
        case .gme: return try GMERenderer.render(bytes, format: format, subtune: subtune, policy: policy)
        case .sidplayfp: return try SIDRenderer.render(bytes, format: format, subtune: subtune, policy: policy)
        }
    }
}
