import GenkiCore

/// Why a chip file could not be rendered. Descriptions never carry a path.
public enum ChipError: Error, Equatable, GenkiError {
    /// The library refused the file.
    case open(String)
    /// The subtune (0-based, as the renderers take it) does not exist.
    case subtune(Int, of: Int)
    /// Rendering stopped with an error, or produced no audio.
    case render(String)

    public var description: String {
        switch self {
        case .open(let why): return "cannot open: \(why)"
        case .subtune(let n, let count): return "subtune \(n &+ 1) does not exist (the file has \(count))"
        case .render(let why): return "render failed: \(why)"
        }
    }
}
