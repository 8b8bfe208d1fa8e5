import GenkiCore

/// Why a registry operation failed. Messages never carry file paths.
public enum RegistryError: Error, Equatable, GenkiError {
    /// The database could not be opened or migrated.
    case open(String)
    /// SQLite reported an error.
    case database(String)
    /// A named thing (item, dataset, miner) does not exist.
    case notFound(String)
    /// The database holds a schema newer than this genki knows.
    case newerSchema(String)

    public var description: String {
        switch self {
        case .open(let m): return "cannot open registry: \(m)"
        case .database(let m): return "registry error: \(m)"
        case .notFound(let m): return "not in registry: \(m)"
        case .newerSchema(let m): return "registry schema is newer than this genki (\(m))"
        }
    }
}
