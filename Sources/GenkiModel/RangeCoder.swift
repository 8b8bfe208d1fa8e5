/// Adaptive frequency counts for a small alphabet, shared in shape by encoder and decoder: both
/// sides update them identically after each symbol, so nothing about the model is stored.
struct AdaptiveModel {
    private(set) var counts: [UInt32]
    private(set) var total: UInt32
    static let increment: UInt32 = 24
    static let limit: UInt32 = 1 << 16

    init(symbols: Int) {
        counts = [UInt32](repeating: 1, count: symbols)
        total = UInt32(symbols)
    }

    /// Cumulative count below `symbol`.
    func start(of symbol: Int) -> UInt32 {
        var s: UInt32 = 0
        for i in 0..<symbol { s += counts[i] }
        return s
    }

    mutating func update(_ symbol: Int) {
        counts[symbol] += Self.increment
        total += Self.increment
        if total > Self.limit {
            total = 0
            for i in counts.indices {
                counts[i] = (counts[i] + 1) / 2
                total += counts[i]
            }
        }
    }
}

/// A byte-oriented range encoder (carry propagated through a cached byte, as in LZMA's coder)
/// for symbols with adaptive frequencies.
struct RangeEncoder {
    private var low: UInt64 = 0
    private var range: UInt32 = 0xFFFF_FFFF
    private var cache: UInt8 = 0
    private var cacheSize = 1
    private(set) var bytes: [UInt8] = []

    mutating func encode(_ symbol: Int, with model: inout AdaptiveModel) {
        let r = range / model.total
        low += UInt64(model.start(of: symbol)) * UInt64(r)
        range = model.counts[symbol] * r
        while range < 1 << 24 {
            range <<= 8
            shiftLow()
        }
        model.update(symbol)
    }

    private mutating func shiftLow() {
        if low < 0xFF00_0000 || low >= 1 << 32 {
            let carry = UInt8(truncatingIfNeeded: low >> 32)
            var pending = cache
            repeat {
                bytes.append(pending &+ carry)
                pending = 0xFF
                cacheSize -= 1
            } while cacheSize != 0
            cache = UInt8(truncatingIfNeeded: low >> 24)
        }
        cacheSize += 1
        low = (low & 0x00FF_FFFF) << 8
    }

    /// Flushes the coder state; the bytes are then complete.
    mutating func finish() -> [UInt8] {
        for _ in 0..<5 { shiftLow() }
        return bytes
    }
}

/// The matching decoder. Reading past the end of the input yields zero bytes and sets `overran`,
/// so a truncated stream is detected instead of trapping.
struct RangeDecoder {
    private var code: UInt32 = 0
    private var range: UInt32 = 0xFFFF_FFFF
    private let input: [UInt8]
    private var position: Int
    private(set) var overran = false

    /// Starts decoding `input` at `offset` (the encoder's first byte is always 0 and is skipped).
    init(_ input: [UInt8], offset: Int) {
        self.input = input
        position = offset + 1
        for _ in 0..<4 { code = (code << 8) | UInt32(nextByte()) }
    }

    private mutating func nextByte() -> UInt8 {
        guard position < input.count else {
            // The encoder's flush writes 4 bytes past the last symbol; more than that is an overrun.
            if position >= input.count + 4 { overran = true }
            position += 1
            return 0
        }
        defer { position += 1 }
        return input[position]
    }

    mutating func decode(with model: inout AdaptiveModel) -> Int {
        let r = range / model.total
        let value = min(model.total - 1, code / r)
        var symbol = 0
        var start: UInt32 = 0
        while symbol < model.counts.count - 1 && start + model.counts[symbol] <= value {
            start += model.counts[symbol]
            symbol += 1
        }
        code -= start * r
        range = model.counts[symbol] * r
        while range < 1 << 24 {
            range <<= 8
            code = (code << 8) | UInt32(nextByte())
        }
        model.update(symbol)
        return symbol
    }
}
