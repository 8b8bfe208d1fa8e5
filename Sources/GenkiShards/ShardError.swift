import GenkiCore

/// Why a shard operation failed. Messages never carry input paths or secrets.
public enum ShardError: Error, Equatable, GenkiError {
    /// A tar archive that is malformed or hostile (the reason says which rule it broke).
    case badArchive(String)
    /// The secret file is missing, unreadable, malformed or too open.
    case secret(String)
    /// Writing an output failed.
    case write(String)
    /// Sealing or opening an encrypted shard failed (wrong key or tampered bytes).
    case crypto(String)
    /// A shard folder that does not match its manifest, checksums or rules.
    case verification(String)

    public var description: String {
        switch self {
        case .badArchive(let m): return "bad tar archive: \(m)"
        case .secret(let m): return "secret file: \(m)"
        case .write(let m): return "cannot write: \(m)"
        case .crypto(let m): return "encryption: \(m)"
        case .verification(let m): return "verification failed: \(m)"
        }
    }
}
