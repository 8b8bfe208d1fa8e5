import CFFTW

/// A shared FFTW single-precision real-to-complex plan. FFTW's planner is not thread-safe, so the
/// plan is made once (Swift runs static initialisers exactly once); executing it on per-caller
/// arrays through the new-array interface is thread-safe.
struct FFTPlan: @unchecked Sendable {
    let plan: OpaquePointer
    let size: Int

    static let size1024: FFTPlan? = FFTPlan(size: 1024)
    static let size2048: FFTPlan? = FFTPlan(size: 2048)
    static let size4096: FFTPlan? = FFTPlan(size: 4096)

    /// The shared plan for `size` (1,024, 2,048 or 4,096), or nil for other sizes.
    static func shared(size: Int) -> FFTPlan? {
        switch size {
        case 1024: return size1024
        case 2048: return size2048
        case 4096: return size4096
        default: return nil
        }
    }

    private init?(size: Int) {
        guard let input = fftwf_alloc_real(size), let output = fftwf_alloc_complex(size / 2 + 1) else { return nil }
        defer {
            fftwf_free(input)
            fftwf_free(output)
        }
        guard let plan = fftwf_plan_dft_r2c_1d(Int32(size), input, output, UInt32(FFTW_ESTIMATE)) else { return nil }
        self.plan = plan
        self.size = size
    }
}
