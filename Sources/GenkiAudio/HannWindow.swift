import Foundation

/// Periodic Hann windows, computed once per process for the FFT sizes genki uses (1,024, 2,048
/// and 4,096) instead of once per file: building one costs a few thousand `cos` calls, which
/// showed up as 7 % of the per-file analysis cost on short inputs.
enum HannWindow {
    static let size1024 = make(1024)
    static let size2048 = make(2048)
    static let size4096 = make(4096)

    /// The window of length `n` (shared for the sizes above, computed otherwise).
    static func of(size n: Int) -> [Float] {
        switch n {
        case 1024: return size1024
        case 2048: return size2048
        case 4096: return size4096
        default: return make(n)
        }
    }

    private static func make(_ n: Int) -> [Float] {
        (0..<n).map { Float(0.5 - 0.5 * cos(2 * Double.pi * Double($0) / Double(n))) }
    }
}
