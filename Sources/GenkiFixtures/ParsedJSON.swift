import Foundation
import GenkiCore

/// A document as Foundation's `JSONSerialization` parses it, as `CanonicalJSON`: booleans are
/// told from numbers by their type, integral numbers become ints and others doubles. For tests
/// that compare genki's writer with a parser or with other tools' vectors.
public func canonicalJSON(parsed any: Any) -> CanonicalJSON {
    switch any {
    case let s as String: return .string(s)
    case let a as [Any]: return .array(a.map(canonicalJSON(parsed:)))
    case let o as [String: Any]: return .object(o.mapValues(canonicalJSON(parsed:)))
    case let b as Bool where type(of: any) == Bool.self: return .bool(b)
    case let n as NSNumber:
        if String(cString: n.objCType) == "c" { return .bool(n.boolValue) }
        return n.doubleValue == n.doubleValue.rounded() ? .int(n.intValue) : .double(n.doubleValue)
    default: return .null
    }
}
