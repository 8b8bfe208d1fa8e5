#pragma once
// libFuzzer's driver entry (compiler-rt, linked by -sanitize=fuzzer). The harnesses call it from
// their own entry point: SwiftPM links executables with `main` aliased to `<module>_main`, so
// libFuzzer's own main() is never pulled in. Only the fuzz build (-D GENKI_LIBFUZZER) uses it.
#include <stddef.h>
#include <stdint.h>
int LLVMFuzzerRunDriver(int *argc, char ***argv, int (*callback)(const uint8_t *data, size_t size));
