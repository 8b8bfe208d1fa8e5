import GenkiCore

/// Errors of the pipeline's own steps (the stages' errors pass through unchanged).
public enum PipelineError: GenkiError, Equatable {
    /// `--against` names neither a registry database nor a finished partition folder.
    case notAnIndex

    public var description: String {
        switch self {
        case .notAnIndex: return "--against needs a registry database or the folder of a finished run (part-R-of-W.done markers)"
        }
    }
}
