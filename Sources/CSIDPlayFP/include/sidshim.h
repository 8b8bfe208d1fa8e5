#pragma once
// A small C interface over libsidplayfp's C++ API (the library has no C API), so Swift can
// render PSID/RSID tunes. Everything genki needs is here: probe a tune and render one song.
#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/// What a call did. `status`: 0 ok, 1 the tune cannot be read, 2 no such song, 3 the emulator
/// cannot be configured, 4 the tune cannot be loaded, 5 playback failed.
typedef struct genki_sid_result {
    int32_t status;
    /// Songs in the tune and the one it starts with (1-based).
    int32_t songs;
    int32_t start_song;
    /// Stereo frames written.
    int64_t frames;
    /// libsidplayfp's message on failure (NUL-terminated, possibly truncated).
    char message[160];
} genki_sid_result;

/// Reads a tune's song count without playing it.
genki_sid_result genki_sid_probe(const uint8_t *data, size_t size);

/// Renders song `song` (1-based) at `rate` Hz into `out`, interleaved stereo 16-bit, at most
/// `frames` frames: reSIDfp, interpolating resampler, power-on delay 0 (deterministic), PAL
/// and the tune's own SID model unless it names none. Renders are serialised within a process
/// and reseed the C library's rand() (libsidplayfp dithers with it), so they are reproducible.
genki_sid_result genki_sid_render(const uint8_t *data, size_t size, int32_t song, int32_t rate, int16_t *out, int64_t frames);

#ifdef __cplusplus
}
#endif
