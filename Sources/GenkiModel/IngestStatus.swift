/// The outcome of ingesting one input. The raw values are the `status` field of ingest records.
public enum IngestStatus: String, Codable, Sendable, CaseIterable {
    /// Analysed; the record carries its measurements.
    case ok
    /// Failed at a stage; the record carries the stage and the reason.
    case error
    /// Passed over on purpose (a format genki does not read yet, a hidden or special file); the
    /// record says why and what to do.
    case skipped
}
