import Foundation
import GenkiAudio
import GenkiFingerprint
import GenkiModel
import Testing

/// A deterministic "melody": one tone per 200 ms note with two harmonics, notes from a seeded
/// generator, at the picker's rate. `semitones` shifts every note.
private func melody(seconds: Double, seed: UInt64, semitones: Double = 0) -> [Float] {
    let rate = SpectralPeakPicker.sampleRate
    let count = Int(seconds * rate)
    var state = seed
    func next() -> UInt64 {
        state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
        return state >> 33
    }
    let noteLength = Int(0.2 * rate)
    var out = [Float](repeating: 0, count: count)
    var phase = [0.0, 0.0, 0.0]
    var frequency = 440.0
    for i in 0..<count {
        if i % noteLength == 0 {
            // Notes between C4 and C6, on the equal-tempered grid.
            frequency = 261.63 * pow(2, (Double(next() % 24) + semitones) / 12)
        }
        var v = 0.0
        for h in 0..<3 {
            phase[h] += 2 * Double.pi * frequency * Double(h + 1) / rate
            v += sin(phase[h]) * [0.5, 0.2, 0.1][h]
        }
        out[i] = Float(v)
    }
    return out
}

private func peaks(_ samples: [Float], block: Int) -> [AudioPeak] {
    let picker = SpectralPeakPicker()
    samples.withUnsafeBufferPointer { p in
        var offset = 0
        while offset < p.count {
            let n = min(block, p.count - offset)
            picker.process(UnsafeBufferPointer(rebasing: p[offset..<(offset + n)]))
            offset += n
        }
    }
    picker.finish()
    return picker.peaks
}

@Suite struct SpectralPeakPickerTests {
    @Test func decibelsMatchLog10() {
        // Powers over 16 decades, including exact powers of two and values next to √2 (the
        // mantissa reduction's boundary).
        var values: [Float] = [1, 2, 0.5, 1.414_213_5, 1.414_213_7, 1e-8, 1e-12, 3.3e5, 7.1e-3]
        var x: Float = 1e-10
        while x < 1e6 {
            values.append(x)
            x *= 1.37
        }
        while values.count % 8 != 0 { values.append(1) }
        for start in stride(from: 0, to: values.count, by: 8) {
            let lanes = SIMD8<Float>(values[start..<(start + 8)])
            let db = SpectralPeakPicker.decibels(lanes)
            for lane in 0..<8 {
                let exact = 10 * log10(Double(lanes[lane]))
                #expect(abs(Double(db[lane]) - exact) < 1e-4, "power \(lanes[lane])")
            }
        }
    }

    @Test func peaksDoNotDependOnBlockSize() {
        let x = melody(seconds: 12, seed: 7)
        let reference = peaks(x, block: x.count)
        #expect(reference.count > 50)
        for block in [1, 127, 128, 4_096, 50_000] {
            #expect(peaks(x, block: block) == reference, "block \(block)")
        }
    }

    @Test func aTrimmedCopyKeepsThePeaksOfTheSharedPart() {
        let x = melody(seconds: 20, seed: 11)
        let hops = 400  // trim a whole number of hops: the frames line up
        let trimmed = Array(x[(hops * SpectralPeakPicker.hop)...])
        let full = peaks(x, block: 4_096)
        let cut = peaks(trimmed, block: 4_096)
        // Away from both edges (every rule looks at most ±43 frames), the peaks coincide.
        let margin = 100
        let lastFrame = Int(full.last?.frame ?? 0)
        let inner = full.filter { Int($0.frame) >= hops + margin && Int($0.frame) <= lastFrame - margin }
        let shifted = Set(cut.map { AudioPeak(frame: $0.frame + Int32(hops), bin: $0.bin) })
        #expect(inner.count > 50)
        #expect(inner.allSatisfy { shifted.contains($0) })
    }

    @Test func aPitchShiftMovesPeaksByThreeBinsPerSemitone() {
        let x = melody(seconds: 10, seed: 3)
        let up = melody(seconds: 10, seed: 3, semitones: 1)
        let a = peaks(x, block: 4_096)
        let b = Set(peaks(up, block: 4_096))
        // Most peaks reappear exactly three bins (one semitone) higher in the same frame (the
        // rest are harmonics pushed past the map's top, C7, and their neighbours); hardly any
        // stay where they were.
        func found(_ shift: Int) -> Int {
            a.filter { Int($0.bin) + shift < SpectralPeakPicker.binCount && b.contains(AudioPeak(frame: $0.frame, bin: UInt8(Int($0.bin) + shift))) }.count
        }
        let moved = found(3)
        #expect(a.count > 30)
        #expect(Double(moved) >= 0.65 * Double(a.count), "\(moved) of \(a.count)")
        #expect(moved > 4 * found(0))
    }

    @Test func silenceHasNoPeaks() {
        #expect(peaks([Float](repeating: 0, count: 30_000), block: 1_000).isEmpty)
    }
}
