import Foundation
import GenkiAudio
import GenkiFingerprint
import GenkiFixtures
import GenkiIngest
import GenkiModel
import Testing

@Suite struct AudioFingerprintTests {
    static let seconds = 12.0
    static let pieces = (0..<4).map { ChiptuneSynth.Piece(seed: UInt64(9_100 + $0), duration: seconds, sampleRate: 22_050, channels: 1) }

    /// The small grid of `make bench`'s robustness benchmark: every distortion of every piece
    /// scores at or above the threshold against its original and below it against the others.
    @Test(arguments: AudioDistortion.grid.map(\.description))
    func distortedCopiesMatchAndOthersDoNot(distortionName: String) throws {
        let distortion = try #require(AudioDistortion.grid.first { $0.description == distortionName })
        let originals = try Self.pieces.map { try AudioFingerprinter.fingerprint(mono: ChiptuneSynth().render($0), sampleRate: 22_050) }
        for (i, piece) in Self.pieces.enumerated() {
            let (x, rate) = try distortion.render(piece)
            let copy = try AudioFingerprinter.fingerprint(mono: x, sampleRate: rate)
            for (j, original) in originals.enumerated() {
                let score = AudioMatcher.compare(copy, original).score
                if i == j {
                    #expect(score >= AudioMatcher.threshold, "\(distortionName): piece \(i) scores \(score)")
                    let screen = AudioMatcher.screen(.init(copy), .init(original))
                    #expect(screen >= AudioMatcher.screenThreshold, "\(distortionName): piece \(i) screens at \(screen)")
                } else {
                    #expect(score < AudioMatcher.threshold, "\(distortionName): piece \(i) vs \(j) scores \(score)")
                }
            }
        }
    }

    @Test func pitchShiftIsFoundAtTheRightBinShift() throws {
        let piece = Self.pieces[0]
        let a = try AudioFingerprinter.fingerprint(mono: ChiptuneSynth().render(piece), sampleRate: 22_050)
        var up = piece
        up.transpose = 1
        let b = try AudioFingerprinter.fingerprint(mono: ChiptuneSynth().render(up), sampleRate: 22_050)
        let match = AudioMatcher.compare(a, b)
        // One semitone is 3 bins, 6 half-bins; the sign says which way.
        #expect(abs(match.shift) == 6, "\(match)")
        #expect(AudioMatcher.compare(b, a).shift == -match.shift)
    }

    @Test func selfSimilaritySymmetryAndSilence() throws {
        let a = try AudioFingerprinter.fingerprint(mono: ChiptuneSynth().render(Self.pieces[1]), sampleRate: 22_050)
        let b = try AudioFingerprinter.fingerprint(mono: ChiptuneSynth().render(Self.pieces[2]), sampleRate: 22_050)
        #expect(AudioMatcher.compare(a, a).score > 0.999)
        #expect(AudioMatcher.compare(a, b).score == AudioMatcher.compare(b, a).score)
        let silence = try AudioFingerprinter.fingerprint(mono: [Float](repeating: 0, count: 22_050 * 5), sampleRate: 22_050)
        #expect(silence.dequantised().allSatisfy { $0 == 0 })
        #expect(AudioMatcher.compare(silence, a).score == 0)
        #expect(AudioMatcher.compare(AudioFingerprint(symbols: []), a).score == 0)
        // Clips shorter than one window are never near-duplicates of anything, even themselves.
        let short = AudioFingerprint(symbols: Array(a.frames.prefix(AudioFingerprint.bins * (AudioMatcher.minimumFrames - 1))))
        #expect(AudioMatcher.compare(short, short).score == 0)
    }

    @Test func fingerprintIsCompactAndDeterministic() throws {
        let x = ChiptuneSynth().render(Self.pieces[3])
        let a = try AudioFingerprinter.fingerprint(mono: x, sampleRate: 22_050)
        let b = try AudioFingerprinter.fingerprint(mono: x, sampleRate: 22_050)
        #expect(a == b)
        let expectedFrames = Self.seconds * AudioFingerprint.framesPerSecond
        #expect(abs(Double(a.frameCount) - expectedFrames) <= 2)
        #expect(a.frames.count == a.frameCount * AudioFingerprint.bins)
    }
}
