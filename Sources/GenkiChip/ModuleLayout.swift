/// The byte ranges of a module a player reads (kept) and its text fields (blanked), collected
/// while the strippers walk a file's structures. The stripped file keeps the kept bytes, zeroes
/// every other byte (text, gaps, unreferenced data) and ends after the last kept byte.
struct ModuleLayout {
    let count: Int
    private var kept: [Range<Int>] = []
    private var text: [Range<Int>] = []
    /// The stripped file reaches at least this far (an offset a player seeks to must stay valid).
    private var reach = 0
    /// Work left (pattern bytes walked, sample blocks decoded, ranges noted): hostile files whose
    /// structures overlap many times over give up instead of costing more than their size.
    private(set) var budget: Int

    init(count: Int) {
        self.count = count
        budget = 32 * count + 1_000_000
    }

    /// The part of `offset..<offset+length` inside the file (values are file fields below 2^33,
    /// so the sum cannot overflow).
    private func clamped(_ offset: Int, _ length: Int) -> Range<Int> {
        let start = min(max(0, offset), count)
        return start..<(max(0, length) > count - start ? count : start + max(0, length))
    }

    mutating func keep(_ offset: Int, _ length: Int) {
        budget -= 1
        let r = clamped(offset, length)
        if !r.isEmpty { kept.append(r) }
    }

    mutating func blank(_ offset: Int, _ length: Int) {
        budget -= 1
        let r = clamped(offset, length)
        if !r.isEmpty { text.append(r) }
    }

    /// The stripped file keeps at least `offset` bytes (capped at the file's size).
    mutating func reach(_ offset: Int) { reach = max(reach, min(max(0, offset), count)) }

    /// Spends `work` units; false once the budget is gone.
    mutating func spend(_ work: Int) -> Bool {
        budget -= work
        return budget >= 0
    }

    /// The stripped bytes: kept ranges copied, everything else zero, cut after the last kept
    /// byte. Nil when a text field overlaps kept bytes (blanking it would change what plays) or
    /// the budget ran out.
    func apply(to bytes: [UInt8]) -> [UInt8]? {
        guard budget >= 0, bytes.count == count else { return nil }
        let merged = kept.sorted { $0.lowerBound < $1.lowerBound }.reduce(into: [Range<Int>]()) { out, r in
            if let last = out.last, r.lowerBound <= last.upperBound {
                out[out.count - 1] = last.lowerBound..<max(last.upperBound, r.upperBound)
            } else {
                out.append(r)
            }
        }
        for t in text {
            // The first merged range ending after t's start is the only one that can overlap it.
            var low = 0
            var high = merged.count
            while low < high {
                let mid = (low + high) / 2
                if merged[mid].upperBound <= t.lowerBound { low = mid + 1 } else { high = mid }
            }
            if low < merged.count, merged[low].lowerBound < t.upperBound { return nil }
        }
        var out = [UInt8](repeating: 0, count: max(reach, merged.last?.upperBound ?? 0))
        for r in merged { out.replaceSubrange(r, with: bytes[r]) }
        return out
    }
}
