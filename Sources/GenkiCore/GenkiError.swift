/// An error genki reports to its user as one sentence: every library error type conforms, and
/// the command line prints `genki: <description>` and exits 1 for any of them, in one place
/// (`GenkiCommand.main`). Descriptions follow the no-paths rule: they name files by their last
/// component at most, never a user's full path.
public protocol GenkiError: Error, CustomStringConvertible {}
