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

    /// What a reader may tell libopenmpt not to load (its `load.skip_*` initial ctls). The pattern
    /// API (channels, orders, patterns, cells) reads the same with any of them skipped.
    enum LoadSkip: String, CaseIterable {
        /// Sample data: only rendering needs it.
        case samples = "load.skip_samples"
        /// Plugins (MPTM/IT with plugin slots): only rendering needs them.
        case plugins = "load.skip_plugins"
        /// The walk that finds subsongs and their lengths, the dearest part of a load; skip it
        /// only when neither the subsong count nor a subsong's start is asked for.
        case subsongsInit = "load.skip_subsongs_init"
    }

    /// Opens a module from memory, silently (libopenmpt logs to stderr by default), loading all of
    /// it but what `skipping` names; the caller destroys it.
    static func open(_ bytes: [UInt8], skipping: [LoadSkip] = []) throws(ChipError) -> OpaquePointer {
        var error: Int32 = 0
        // The ctl keys and values as C strings that live through the call.
        let strings = skipping.flatMap { [$0.rawValue, "1"] }.map { text -> UnsafeMutablePointer<CChar> in
            let utf8 = Array(text.utf8CString)
            let pointer = UnsafeMutablePointer<CChar>.allocate(capacity: utf8.count)
            pointer.initialize(from: utf8, count: utf8.count)
            return pointer
        }
        defer { for pointer in strings { pointer.deallocate() } }
        var ctls = stride(from: 0, to: strings.count, by: 2).map { i in
            openmpt_module_initial_ctl(ctl: UnsafePointer(strings[i]), value: UnsafePointer(strings[i + 1]))
        }
        ctls.append(openmpt_module_initial_ctl(ctl: nil, value: nil))  // the list's terminator
        let module = bytes.withUnsafeBytes { raw in
            ctls.withUnsafeBufferPointer { list in
                openmpt_module_create_from_memory2(
                    raw.baseAddress, raw.count, openmpt_log_func_silent, nil, openmpt_error_func_ignore, nil, &error, nil,
                    list.baseAddress)
            }
        }
        guard let module else { throw .open("libopenmpt does not read it as a module (error \(error))") }
        return module
    }
}
