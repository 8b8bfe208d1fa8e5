import CLibOpenMPT

/// Renders tracker modules through libopenmpt: the chosen subsong, played once to its end
/// (no repeat), capped at the policy's length, as float stereo (no dither).
enum ModuleRenderer {
    /// Frames rendered per libopenmpt call.
    static let block = 4_096

    static func render(_ bytes: [UInt8], format: ChipFormat, subtune: Int, policy: ChipRenderPolicy) throws(ChipError) -> ChipRender {
        let module = try open(bytes)
        defer { openmpt_module_destroy(module) }
        let subsongs = Int(openmpt_module_get_num_subsongs(module))
        guard (0..<max(subsongs, 1)).contains(subtune) else { throw .subtune(subtune, of: subsongs) }
        if subsongs > 1 { openmpt_module_select_subsong(module, Int32(subtune)) }
        openmpt_module_set_repeat_count(module, 0)
        openmpt_module_set_render_param(module, OPENMPT_MODULE_RENDER_INTERPOLATIONFILTER_LENGTH, policy.interpolationTaps)
        openmpt_module_set_render_param(module, OPENMPT_MODULE_RENDER_STEREOSEPARATION_PERCENT, policy.stereoSeparation)
        openmpt_module_set_render_param(module, OPENMPT_MODULE_RENDER_MASTERGAIN_MILLIBEL, 0)
        let rate = policy.sampleRate
        let cap = Int(min(policy.maxSeconds, 86_400) * Double(rate))
        // Reserve for the stated duration (bounded by the cap), so long songs grow once.
        let stated = openmpt_module_get_duration_seconds(module)
        let expected = stated.isFinite && stated > 0 ? min(cap, Int(stated * Double(rate)) + block) : block
        var samples: [Float] = []
        samples.reserveCapacity(2 * expected)
        var chunk = [Float](repeating: 0, count: 2 * block)
        while samples.count / 2 < cap {
            let want = min(block, cap - samples.count / 2)
            let got = chunk.withUnsafeMutableBufferPointer { buffer in
                openmpt_module_read_interleaved_float_stereo(module, Int32(rate), want, buffer.baseAddress)
            }
            if got == 0 { break }
            samples += chunk[0..<(2 * got)]
        }
        guard !samples.isEmpty else { throw .render("the module plays no audio") }
        return ChipRender(format: format, subtune: subtune, subtunes: max(subsongs, 1), sampleRate: rate, samples: samples)
    }

    /// Opens a module from memory, silently (libopenmpt logs to stderr by default); the caller
    /// destroys it. Without `walkSubsongs`, libopenmpt skips its walk that finds the subsongs and
    /// their lengths (`load.skip_subsongs_init`), the dearest part of a load: for readers of the
    /// pattern API that ask for neither the subsong count nor a subsong's start. Nothing else is
    /// skipped: skipping samples changes how libopenmpt reads an IT whose last sample is
    /// compressed (it then looks for the extension chunks by another walk), and with them the
    /// channel count and the subsongs.
    static func open(_ bytes: [UInt8], walkSubsongs: Bool = true) throws(ChipError) -> OpaquePointer {
        var error: Int32 = 0
        let module = bytes.withUnsafeBytes { raw in
            "load.skip_subsongs_init".withCString { key in
                "1".withCString { one in
                    let ctls = [openmpt_module_initial_ctl(ctl: key, value: one), openmpt_module_initial_ctl(ctl: nil, value: nil)]
                    return ctls.withUnsafeBufferPointer { list in
                        openmpt_module_create_from_memory2(
                            raw.baseAddress, raw.count, openmpt_log_func_silent, nil, openmpt_error_func_ignore, nil, &error, nil,
                            walkSubsongs ? nil : list.baseAddress)
                    }
                }
            }
        }
        guard let module else { throw .open("libopenmpt does not read it as a module (error \(error))") }
        return module
    }
}
