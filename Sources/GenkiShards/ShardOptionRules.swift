/// The values `ShardOptions` accepts; the CLI checks the same rules and exits 2 on a violation.
extension ShardOptions {
    /// Clip lengths in seconds (`--clip`).
    public static let clipRange = 1.0...3_600.0
    /// Longest dataset name (shard names append `-%06d.tar`).
    public static let maxNameLength = 100

    /// Why `name` cannot name a dataset, or nil when it can: a single path component of
    /// `[A-Za-z0-9._-]`, not starting with `.`, at most `maxNameLength` characters. Anything
    /// else could leave the output folder (`../x`), hide the shards, or clash with temporaries.
    public static func nameProblem(_ name: String) -> String? {
        guard !name.isEmpty else { return "it is empty" }
        guard name.utf8.count <= maxNameLength else { return "it is longer than \(maxNameLength) characters" }
        guard name.first != "." else { return "it starts with '.'" }
        let allowed = name.utf8.allSatisfy { byte in
            switch byte {
            case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
                UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "."), UInt8(ascii: "_"), UInt8(ascii: "-"):
                return true
            default:
                return false
            }
        }
        return allowed ? nil : "only letters, digits, '.', '_' and '-' are allowed"
    }

    /// A duration for a message: whole seconds, or the value itself when it does not fit an `Int`.
    static func describe(_ seconds: Double) -> String {
        seconds.isFinite && abs(seconds) < 1e15 ? String(Int(seconds)) : String(seconds)
    }
}
