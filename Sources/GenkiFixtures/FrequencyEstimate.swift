/// Test support: the frequency of a periodic signal from its positive-going zero crossings,
/// each located by linear interpolation between the samples around it.
public enum FrequencyEstimate {
    public static func zeroCrossings<S: Collection>(_ x: S, sampleRate: Int) -> Double where S.Element == Float, S.Index == Int {
        var crossings: [Double] = []
        var i = x.startIndex + 1
        while i < x.endIndex {
            let a = x[i - 1]
            let b = x[i]
            if a < 0 && b >= 0 { crossings.append(Double(i - 1) + Double(-a / (b - a))) }
            i += 1
        }
        guard let first = crossings.first, let last = crossings.last, crossings.count > 2 else { return 0 }
        return Double(crossings.count - 1) / ((last - first) / Double(sampleRate))
    }
}
