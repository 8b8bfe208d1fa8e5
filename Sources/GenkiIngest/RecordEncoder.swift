import Foundation
import GenkiCore

/// Encodes records as compact, key-sorted JSON (one line each), so equal records are equal bytes.
public struct RecordEncoder {
    private let encoder: JSONEncoder

    public init() {
        encoder = JSONOutput.encoder()
    }

    /// One JSON object without a trailing newline.
    public func encode<T: Encodable>(_ value: T) throws -> Data {
        try encoder.encode(value)
    }
}
