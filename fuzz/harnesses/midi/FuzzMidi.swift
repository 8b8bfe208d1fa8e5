// libFuzzer harness for FuzzTarget.midi. fuzz/build.sh builds it with -sanitize=fuzzer and
// -D GENKI_LIBFUZZER; an ordinary build (swift build) makes a replay tool instead.
import Foundation
import GenkiFuzzTargets

#if GENKI_LIBFUZZER
/// One input, as libFuzzer hands it over (`FuzzTarget.fuzzOne`).
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzOne(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt { FuzzTarget.midi.fuzzOne(data, size) }

/// The process entry: SwiftPM aliases `main` to `fuzz_midi_main`, which hands over to libFuzzer.
@_cdecl("fuzz_midi_main")
public func fuzzMain(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> CInt {
    FuzzTarget.runDriver(argc, argv, fuzzOne)
}
#else
@main
struct Replay {
    static func main() {
        exit(FuzzReplay.main(.midi))
    }
}
#endif
