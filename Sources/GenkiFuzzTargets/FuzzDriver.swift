#if GENKI_LIBFUZZER
import CLibFuzzer

/// What every libFuzzer harness executable does around its two C entry points (each executable
/// must define `LLVMFuzzerTestOneInput` and its own `<module>_main` itself, so only these bodies
/// are shared). Compiled in the fuzz build only (-D GENKI_LIBFUZZER).
extension FuzzTarget {
    /// One input, as libFuzzer hands it over (an empty input may come with no pointer); every
    /// outcome is fine, only a trap is a finding.
    public func fuzzOne(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
        if let data, size > 0 { _ = run(data, size) } else { _ = run([]) }
        return 0
    }

    /// Hands the process over to libFuzzer's driver, which calls `callback` (the executable's
    /// `LLVMFuzzerTestOneInput`) for each input.
    public static func runDriver(
        _ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?,
        _ callback: @convention(c) (UnsafePointer<UInt8>?, Int) -> CInt
    ) -> CInt {
        var argc = argc
        var argv = argv
        return LLVMFuzzerRunDriver(&argc, &argv, callback)
    }
}
#endif
