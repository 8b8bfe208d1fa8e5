import GenkiCore
import GenkiModel

/// One landmark: a hashed key of a few nearby peaks, invariant to pitch shifts and time
/// scaling, with the anchors the vote needs to check that many shared keys agree.
public struct AudioLandmark: Sendable, Equatable {
    /// The invariant key.
    public var key: UInt32
    /// Anchor peak's frame.
    public var time: Int32
    /// Anchor peak's bin.
    public var pitch: UInt8
    /// Frames from the anchor to the landmark's last peak (its time scale).
    public var span: UInt8

    public init(key: UInt32, time: Int32, pitch: UInt8, span: UInt8) {
        self.key = key
        self.time = time
        self.pitch = pitch
        self.span = span
    }
}

/// Landmark keys from spectral peaks: the hashable, invariant audio key of the candidate index
/// and the audit.
///
/// Each peak anchors landmarks with the next `fanout` peaks that follow it by at least
/// `minimumGap` frames, lie within `maximumSpan` frames and within `maximumInterval` bins. Every
/// choice of `points − 1` of those targets (in time order, each `minimumGap` after the last)
/// forms one landmark. Its key combines only invariants:
/// - the time ratios (tₖ − t₀)/(t_last − t₀), in `ratioCells` cells: unchanged by tempo and
///   speed changes;
/// - the pitch intervals fₖ − f₀ in semitones: unchanged by pitch shifts;
/// - one coarse component: the anchor's octave band.
///
/// Peaks move by up to a frame and a bin between copies, so a component near a cell edge could
/// flip. Stored landmarks keep the exact cell; a query (`variants`) tries every cell the
/// component's tolerance interval touches. Density: a landmark is kept only when its key
/// hashes into the kept share (`keepOneIn`), a rule every copy applies alike.
public enum AudioLandmarks {
    /// Peaks per landmark: the anchor and `points − 1` targets.
    public static let points = 4
    /// Targets considered per anchor.
    public static let fanout = 5
    /// Smallest gap between consecutive peaks of a landmark, and largest anchor-to-last span, in frames.
    public static let minimumGap: Int32 = 3
    public static let maximumSpan: Int32 = 48
    /// Largest interval from the anchor, in bins (one octave).
    public static let maximumInterval = 36
    /// Time-ratio cells.
    public static let ratioCells = 8
    /// A key is kept when its hash is 0 modulo this.
    public static let keepOneIn: UInt32 = 4
    /// Tolerance of peak positions between copies: frames and bins.
    static let frameTolerance: Float = 1
    static let binTolerance = 1
    /// Bins near an octave-band edge (either side) that also probe the neighbouring band.
    static let bandTolerance = 4

    /// The landmarks of `peaks` (sorted by frame, then bin), exact keys only, density-filtered.
    public static func landmarks(_ peaks: [AudioPeak]) -> [AudioLandmark] {
        var out: [AudioLandmark] = []
        forEachCombination(peaks) { anchor, targets in
            let key = Components.exact(anchor: anchor, targets: targets).key
            guard isKept(key) else { return }
            out.append(AudioLandmark(key: key, time: anchor.frame, pitch: anchor.bin, span: UInt8(targets[targets.count - 1].frame - anchor.frame)))
        }
        return out
    }

    /// The landmarks of `peaks` under every key variant their tolerance allows (each kept
    /// variant once per landmark), for querying an index of exact keys.
    public static func variants(_ peaks: [AudioPeak]) -> [AudioLandmark] {
        var out: [AudioLandmark] = []
        forEachCombination(peaks) { anchor, targets in
            let span = UInt8(targets[targets.count - 1].frame - anchor.frame)
            Components.forEachVariant(anchor: anchor, targets: targets) { key in
                if isKept(key) { out.append(AudioLandmark(key: key, time: anchor.frame, pitch: anchor.bin, span: span)) }
            }
        }
        return out
    }

    @inline(__always)
    static func isKept(_ key: UInt32) -> Bool {
        keepOneIn <= 1 || UInt32(truncatingIfNeeded: MinHashSignature.mix(UInt64(key) ^ 0x4C41_4E44)) % keepOneIn == 0
    }

    /// Calls `body` with each anchor and each time-ordered choice of its targets.
    static func forEachCombination(_ peaks: [AudioPeak], _ body: (AudioPeak, [AudioPeak]) -> Void) {
        let need = points - 1
        var targets: [AudioPeak] = []
        var chosen: [AudioPeak] = []
        chosen.reserveCapacity(need)
        for (i, anchor) in peaks.enumerated() {
            targets.removeAll(keepingCapacity: true)
            var j = i + 1
            while j < peaks.count && targets.count < fanout {
                let p = peaks[j]
                let dt = p.frame - anchor.frame
                if dt > maximumSpan { break }
                if dt >= minimumGap && abs(Int(p.bin) - Int(anchor.bin)) <= maximumInterval { targets.append(p) }
                j += 1
            }
            guard targets.count >= need else { continue }
            func choose(from start: Int, last: Int32) {
                if chosen.count == need {
                    body(anchor, chosen)
                    return
                }
                for k in start..<targets.count where targets[k].frame - last >= minimumGap {
                    chosen.append(targets[k])
                    choose(from: k + 1, last: targets[k].frame)
                    chosen.removeLast()
                }
            }
            choose(from: 0, last: anchor.frame)
        }
    }

    /// The quantised components of one landmark and their hash.
    struct Components {
        var ratios: [Int]
        var intervals: [Int]
        var band: Int

        var key: UInt32 {
            var h: UInt64 = 0x6C61_6E64_6D61_726B ^ UInt64(band)
            for r in ratios { h = MinHashSignature.mix(h ^ UInt64(r)) }
            for d in intervals { h = MinHashSignature.mix(h ^ UInt64(bitPattern: Int64(d + 64))) }
            return UInt32(truncatingIfNeeded: h >> 32)
        }

        /// Semitone cell of an interval in bins: cells are centred on whole semitones.
        @inline(__always)
        static func semitone(_ bins: Int) -> Int { Int((Float(bins) / 3).rounded()) }

        static func ratio(_ x: Float) -> Int { min(ratioCells - 1, max(0, Int(x * Float(ratioCells)))) }

        static func exact(anchor: AudioPeak, targets: [AudioPeak]) -> Components {
            let total = Float(targets[targets.count - 1].frame - anchor.frame)
            return Components(
                ratios: targets.dropLast().map { ratio(Float($0.frame - anchor.frame) / total) },
                intervals: targets.map { semitone(Int($0.bin) - Int(anchor.bin)) },
                band: Int(anchor.bin) / AudioPeak.binsPerOctave
            )
        }

        /// Every key whose cells the tolerance intervals of the components touch.
        static func forEachVariant(anchor: AudioPeak, targets: [AudioPeak], _ body: (UInt32) -> Void) {
            let total = Float(targets[targets.count - 1].frame - anchor.frame)
            var options: [[Int]] = []
            for t in targets.dropLast() {
                let gap = Float(t.frame - anchor.frame)
                let lo = ratio((gap - frameTolerance) / (total + frameTolerance))
                let hi = ratio((gap + frameTolerance) / max(1, total - frameTolerance))
                options.append(Array(lo...hi))
            }
            for t in targets {
                let d = Int(t.bin) - Int(anchor.bin)
                let lo = semitone(d - binTolerance)
                let hi = semitone(d + binTolerance)
                options.append(Array(lo...hi))
            }
            let b = Int(anchor.bin)
            let bands = Set([(b - bandTolerance), b, (b + bandTolerance)].map { max(0, min(AudioPeak.binCount - 1, $0)) / AudioPeak.binsPerOctave }).sorted()
            options.append(bands)
            let ratioCount = targets.count - 1
            var pick = [Int](repeating: 0, count: options.count)
            while true {
                let c = Components(
                    ratios: (0..<ratioCount).map { options[$0][pick[$0]] },
                    intervals: (ratioCount..<(options.count - 1)).map { options[$0][pick[$0]] },
                    band: options[options.count - 1][pick[options.count - 1]]
                )
                body(c.key)
                var k = 0
                while k < options.count {
                    pick[k] += 1
                    if pick[k] < options[k].count { break }
                    pick[k] = 0
                    k += 1
                }
                if k == options.count { return }
            }
        }
    }
}
