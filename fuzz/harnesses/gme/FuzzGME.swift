// libFuzzer harness for FuzzTarget.gme. fuzz/build.sh builds it with -sanitize=fuzzer and
// -D GENKI_LIBFUZZER; an ordinary build (swift build) makes a replay tool instead.
import Foundation
import GenkiFuzzTargets

#if GENKI_LIBFUZZER
import CLibFuzzer

/// One input, as libFuzzer hands it over; every outcome is fine, only a trap is a finding.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzOne(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    guard let data, size > 0 else {
        _ = FuzzTarget.gme.run([])
        return 0
    }
    _ = FuzzTarget.gme.run(data, size)
    return 0
}

/// The process entry: SwiftPM aliases `main` to `fuzz_gme_main`, which hands over to libFuzzer.
@_cdecl("fuzz_gme_main")
public func fuzzMain(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> CInt {
    var argc = argc
    var argv = argv
    return LLVMFuzzerRunDriver(&argc, &argv, fuzzOne)
}
#else
@main
struct Replay {
    static func main() {
        exit(FuzzReplay.main(.gme))
    }
}
#endif
