import GenkiAudio
import GenkiModel

extension IngestRecord {
    /// The catalog item of a successful record: identity, signal traits and in-memory
    /// fingerprints (nil for errors and records without hashes).
    public var catalogItem: CatalogItem? {
        guard isOK, let fileHash = fileXXH3 else { return nil }
        var item: CatalogItem
        if let midi {
            item = CatalogItem(
                path: path, kind: .midi, fileHash: fileHash, contentHash: midi.canonicalXXH3, durationSeconds: midi.durationSeconds,
                quality: keepQuality, symbolic: fingerprints?.symbolic
            )
            item.rendered = fingerprints?.rendered
        } else if let pcm = pcmXXH3, let format {
            item = CatalogItem(
                path: path, kind: .audio, fileHash: fileHash, contentHash: pcm, durationSeconds: format.durationSeconds,
                quality: keepQuality, audio: fingerprints?.audio
            )
            item.symbolic = fingerprints?.symbolic  // tracker modules: their patterns' notes
            item.lossless = AudioFormatNames.exactCodecNames.contains(format.codec)
            if let floor = quality?.noiseFloorDBFS, let rms = quality?.rmsDBFS { item.noiseFloorBelowRMS = floor - rms }
        } else {
            return nil
        }
        item.sizeBytes = sizeBytes ?? 0
        item.sampleRate = format?.sampleRate
        item.channels = format?.channels
        item.codec = format?.codec
        item.loudnessLUFS = quality?.loudnessLUFS
        item.clippingRatio = quality?.clippingRatio
        item.silenceRatio = quality?.silenceRatio
        item.bandwidthHz = quality?.bandwidthHz
        return item
    }

    /// The keep-policy quality: for audio, lossless over lossy, wider bandwidth, higher rate,
    /// less clipping and silence, longer (up to a minute); for MIDI, more notes and fewer repairs.
    public var keepQuality: Double {
        if let midi {
            return Double(midi.notes) - 10 * Double(warnings?.count ?? 0)
        }
        guard let format, let q = quality else { return 0 }
        let lossless = AudioFormatNames.exactCodecNames.contains(format.codec)
        return (lossless ? 100 : 0) + (q.bandwidthHz ?? 0) / 1_000 + Double(format.sampleRate) / 10_000
            - 100 * q.clippingRatio - 10 * q.silenceRatio + min(format.durationSeconds, 60) / 60
    }
}
