#include "sidshim.h"

#include <sidplayfp/SidConfig.h>
#include <sidplayfp/SidInfo.h>
#include <sidplayfp/SidTune.h>
#include <sidplayfp/SidTuneInfo.h>
#include <sidplayfp/builders/residfp.h>
#include <sidplayfp/sidplayfp.h>

#include <cstdlib>
#include <cstring>
#include <mutex>
#include <new>

namespace {

// libsidplayfp's mixer dithers with the C library's rand(), whose state is process-wide: renders
// are serialised and each starts from the same seed, so a tune always gives the same samples.
std::mutex renderLock;

genki_sid_result fail(int32_t status, const char *message) {
    genki_sid_result r{};
    r.status = status;
    std::strncpy(r.message, message ? message : "", sizeof(r.message) - 1);
    return r;
}

}  // namespace

extern "C" genki_sid_result genki_sid_probe(const uint8_t *data, size_t size) {
    if (data == nullptr || size == 0 || size > 0xFFFFFFFFu) return fail(1, "empty or oversized tune");
    try {
        SidTune tune(data, static_cast<uint_least32_t>(size));
        if (!tune.getStatus()) return fail(1, tune.statusString());
        const SidTuneInfo *info = tune.getInfo();
        genki_sid_result r{};
        r.songs = static_cast<int32_t>(info->songs());
        r.start_song = static_cast<int32_t>(info->startSong());
        return r;
    } catch (const std::bad_alloc &) {
        return fail(1, "out of memory");
    } catch (...) {
        return fail(1, "libsidplayfp failed");
    }
}

extern "C" genki_sid_result genki_sid_render(const uint8_t *data, size_t size, int32_t song, int32_t rate, int16_t *out, int64_t frames) {
    if (data == nullptr || size == 0 || size > 0xFFFFFFFFu) return fail(1, "empty or oversized tune");
    if (out == nullptr || frames <= 0 || rate < 8000 || rate > 192000) return fail(3, "bad output buffer or rate");
    std::lock_guard<std::mutex> serialised(renderLock);
    std::srand(1);
    try {
        SidTune tune(data, static_cast<uint_least32_t>(size));
        if (!tune.getStatus()) return fail(1, tune.statusString());
        const unsigned int songs = tune.getInfo()->songs();
        if (song < 1 || static_cast<unsigned int>(song) > songs) {
            genki_sid_result r = fail(2, "no such song");
            r.songs = static_cast<int32_t>(songs);
            return r;
        }
        tune.selectSong(static_cast<unsigned int>(song));
        sidplayfp engine;
        ReSIDfpBuilder builder("genki");
        builder.create(engine.info().maxsids());
        if (!builder.getStatus()) return fail(3, builder.error());
        SidConfig config = engine.config();
        config.frequency = static_cast<uint_least32_t>(rate);
        config.playback = SidConfig::STEREO;
        config.samplingMethod = SidConfig::INTERPOLATE;
        config.fastSampling = false;
        config.powerOnDelay = 0;
        config.defaultC64Model = SidConfig::PAL;
        config.sidEmulation = &builder;
        if (!engine.config(config)) return fail(3, engine.error());
        if (!engine.load(&tune)) return fail(4, engine.error());
        genki_sid_result r{};
        r.songs = static_cast<int32_t>(songs);
        r.start_song = static_cast<int32_t>(tune.getInfo()->startSong());
        const int64_t block = 4096;
        while (r.frames < frames) {
            const int64_t want = (frames - r.frames) < block ? (frames - r.frames) : block;
            const uint_least32_t samples = static_cast<uint_least32_t>(2 * want);
            const uint_least32_t got = engine.play(out + 2 * r.frames, samples);
            if (got < samples && !engine.isPlaying()) {
                genki_sid_result e = fail(5, engine.error());
                e.songs = r.songs;
                e.frames = r.frames + got / 2;
                return e;
            }
            r.frames += got / 2;
            if (got == 0) break;
        }
        return r;
    } catch (const std::bad_alloc &) {
        return fail(1, "out of memory");
    } catch (...) {
        return fail(5, "libsidplayfp failed");
    }
}
