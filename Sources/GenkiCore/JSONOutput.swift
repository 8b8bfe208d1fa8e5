import Foundation

/// genki's one JSON encoder configuration for what it writes: keys sorted and slashes left
/// unescaped, so equal values are equal bytes. Compact (one line: records, manifests, partition
/// files, worker messages) or pretty (files people read: the dataset card, Croissant, the sealed
/// manifest and recipient file).
public enum JSONOutput {
    /// A new encoder (JSONEncoder is not thread-safe to share while configured differently).
    public static func encoder(pretty: Bool = false) -> JSONEncoder {
        let encoder = JSONEncoder()
        encoder.outputFormatting = pretty ? [.sortedKeys, .prettyPrinted, .withoutEscapingSlashes] : [.sortedKeys, .withoutEscapingSlashes]
        return encoder
    }
}
