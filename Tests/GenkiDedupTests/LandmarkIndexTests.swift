import Foundation
import GenkiDedup
import GenkiFingerprint
import GenkiFixtures
import GenkiIngest
import GenkiModel
import Testing

@Suite struct LandmarkIndexTests {
    static func fingerprint(_ piece: ChiptuneSynth.Piece, _ distortion: AudioDistortion = .gain(decibels: 0)) throws -> AudioFingerprint {
        let (x, rate) = try distortion.render(piece)
        return try AudioFingerprinter.fingerprint(mono: x, sampleRate: rate)
    }

    static let pieces = (0..<8).map { ChiptuneSynth.Piece(seed: UInt64(900 + $0), duration: 20, sampleRate: 22_050, channels: 1) }
    static let originals: [AudioFingerprint] = pieces.compactMap { try? fingerprint($0) }

    static func index() -> LandmarkIndex { LandmarkIndex(originals.enumerated().map { (id: $0.offset, landmarks: $0.element.landmarks) }) }

    /// Every disguise of the grid: the vote finds the copy's original, with the right shift and
    /// scale, and no other original reaches the vote.
    @Test(arguments: [
        AudioDistortion.pitch(semitones: 1), .pitch(semitones: -1), .speed(1.03), .speed(0.97), .tempo(1.05), .tempo(0.95),
        .trimStart(fraction: 0.2), .trimEnd(fraction: 0.2), .gain(decibels: -12), .noise(snr: 20), .resample(rate: 16_000),
    ])
    func theVoteFindsEveryDisguisedCopyAndNothingElse(distortion: AudioDistortion) throws {
        #expect(Self.originals.count == Self.pieces.count)
        let index = Self.index()
        for (k, piece) in Self.pieces.enumerated() {
            let copy = try Self.fingerprint(piece, distortion)
            let candidates = index.query(AudioLandmarks.variants(copy.peaks))
            #expect(candidates.map(\.item) == [k], "\(distortion): candidates \(candidates)")
            guard let c = candidates.first else { continue }
            // The shift and scale map the copy (the query) onto its original.
            switch distortion {
            // (The synthesiser transposes notes but not its noise drums, so a pitch-shifted
            // fixture may vote on the unshifted drums: only speed changes fix the shift.)
            case .pitch: #expect(abs(c.scale - 1) < 0.04)
            case .speed(let f):
                #expect(abs(Double(c.scale) - f) < 0.02, "scale \(c.scale) for speed \(f)")
                #expect(abs(Double(c.shift) + 36 * log2(f)) <= 1.5)
            case .tempo(let f): #expect(abs(Double(c.scale) - f) < 0.02, "scale \(c.scale) for tempo \(f)")
            default: #expect(abs(c.shift) <= 1 && abs(c.scale - 1) < 0.03)
            }
        }
    }

    /// Keys are invariant: a pitch shift moves every peak by whole bins but keeps the keys,
    /// and the stored landmarks are a deterministic function of the peaks.
    @Test func keysIgnoreAPitchShiftOfThePeaks() {
        let peaks = Self.originals[0].peaks
        let shifted = peaks.compactMap { p in p.bin + 6 < AudioPeak.binCount ? AudioPeak(frame: p.frame, bin: p.bin + 6) : nil }
        let original = Set(AudioLandmarks.landmarks(peaks).map(\.key))
        let moved = Set(AudioLandmarks.landmarks(shifted).map(\.key))
        #expect(!original.isEmpty)
        // Peaks pushed off the top of the map take their landmarks with them; the rest keep their keys.
        #expect(Double(original.intersection(moved).count) >= 0.7 * Double(moved.count))
        #expect(AudioLandmarks.landmarks(peaks) == AudioLandmarks.landmarks(peaks))
        // A time-scaled copy of the peaks (×1.25, within the vote's range) shares most keys.
        let stretched = peaks.map { AudioPeak(frame: Int32((Double($0.frame) * 1.25).rounded()), bin: $0.bin) }
        let variants = Set(AudioLandmarks.variants(stretched).map(\.key))
        #expect(Double(original.intersection(variants).count) >= 0.5 * Double(original.count))
    }

    /// Every stored landmark's exact key is among its own query variants.
    @Test func variantsContainTheExactKey() {
        let peaks = Self.originals[1].peaks
        let exact = AudioLandmarks.landmarks(peaks)
        let variants = Set(AudioLandmarks.variants(peaks).map { "\($0.key)/\($0.time)/\($0.pitch)/\($0.span)" })
        for l in exact { #expect(variants.contains("\(l.key)/\(l.time)/\(l.pitch)/\(l.span)")) }
    }

    /// The self-join gives the same pairs whatever the job count, and every pair once.
    @Test func selfJoinIsDeterministicAcrossJobs() async throws {
        var fingerprints = Self.originals
        for piece in Self.pieces.prefix(4) { fingerprints.append(try Self.fingerprint(piece, .speed(1.03))) }
        let items = fingerprints
        let index = LandmarkIndex(items.enumerated().map { (id: $0.offset, landmarks: $0.element.landmarks) })
        let one = await index.selfJoin(count: items.count, jobs: 1) { AudioLandmarks.variants(items[$0].peaks) }
        let three = await index.selfJoin(count: items.count, jobs: 3) { AudioLandmarks.variants(items[$0].peaks) }
        #expect(one.map { [$0.0, $0.1] } == three.map { [$0.0, $0.1] })
        #expect(Set(one.map { [$0.0, $0.1] }) == Set((0..<4).map { [$0, 8 + $0] }))
    }

    /// Keys held by more items than the cap are skipped: a key every item shares votes for nothing.
    @Test func overcrowdedKeysAreSkipped() {
        let common = (0..<20).map { AudioLandmark(key: 42, time: Int32($0 * 10), pitch: 50, span: 20) }
        var index = LandmarkIndex((0..<5).map { (id: $0, landmarks: common) })
        index.maximumPostingsPerKey = 100
        #expect(index.query(common).count == 5)
        index.maximumPostingsPerKey = 99
        #expect(index.query(common).isEmpty)
    }
}
