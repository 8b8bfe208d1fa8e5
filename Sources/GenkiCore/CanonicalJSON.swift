/// A JSON value with one canonical serialisation: keys sorted by code point, no whitespace.
/// Two policies cover genki's signed and hashed documents:
/// - `.sidecar`: UTF-8 kept as is, only `"`, `\\` and control characters escaped, and every
///   `double` written with a decimal point (2.0, not 2), so loaders that infer column types from
///   the first samples (Hugging Face `datasets` through pyarrow) see one type per field;
/// - `.pythonASCII`: Python's `json.dumps(sort_keys=True, separators=(",", ":"))`, ASCII only
///   with `\\uXXXX` escapes (surrogate pairs beyond the BMP), as the Crynux relay signs requests.
public indirect enum CanonicalJSON: Sendable, Equatable {
    case string(String)
    case double(Double)
    case int(Int)
    case bool(Bool)
    case array([CanonicalJSON])
    case object([String: CanonicalJSON])
    case null

    /// How strings are escaped.
    public enum Policy: Sendable {
        case sidecar
        case pythonASCII
    }

    /// The serialised bytes (UTF-8) under the sidecar policy.
    public var bytes: [UInt8] { Array(text.utf8) }

    /// The serialisation under the sidecar policy.
    public var text: String { text(.sidecar) }

    /// The serialisation under `policy`.
    public func text(_ policy: Policy) -> String {
        switch self {
        case .string(let s): return Self.quote(s, policy)
        case .double(let d): return d.isFinite ? (d == d.rounded() && abs(d) < 1e15 ? String(format: "%.1f", d) : "\(d)") : "null"
        case .int(let i): return String(i)
        case .bool(let b): return b ? "true" : "false"
        case .array(let a): return "[" + a.map { $0.text(policy) }.joined(separator: ",") + "]"
        case .object(let o):
            let keys = o.keys.sorted { $0.unicodeScalars.lexicographicallyPrecedes($1.unicodeScalars) { $0.value < $1.value } }
            return "{" + keys.map { Self.quote($0, policy) + ":" + (o[$0] ?? .null).text(policy) }.joined(separator: ",") + "}"
        case .null: return "null"
        }
    }

    static func quote(_ s: String, _ policy: Policy) -> String {
        var out = "\""
        switch policy {
        case .sidecar:
            for scalar in s.unicodeScalars {
                switch scalar {
                case "\"": out += "\\\""
                case "\\": out += "\\\\"
                case "\n": out += "\\n"
                case "\r": out += "\\r"
                case "\t": out += "\\t"
                default:
                    if scalar.value < 0x20 { out += String(format: "\\u%04x", scalar.value) } else { out.unicodeScalars.append(scalar) }
                }
            }
        case .pythonASCII:
            for unit in s.utf16 {
                switch unit {
                case 0x22: out += "\\\""
                case 0x5C: out += "\\\\"
                case 0x0A: out += "\\n"
                case 0x0D: out += "\\r"
                case 0x09: out += "\\t"
                case 0x08: out += "\\b"
                case 0x0C: out += "\\f"
                case 0x20..<0x7F: out.unicodeScalars.append(Unicode.Scalar(UInt8(unit)))
                default: out += String(format: "\\u%04x", unit)
                }
            }
        }
        return out + "\""
    }
}

extension CanonicalJSON: Encodable, ExpressibleByStringLiteral, ExpressibleByDictionaryLiteral {
    public init(stringLiteral value: String) { self = .string(value) }

    /// An object from literal pairs (a repeated key keeps its last value).
    public init(dictionaryLiteral elements: (String, CanonicalJSON)...) {
        self = .object(Dictionary(elements, uniquingKeysWith: { _, last in last }))
    }

    /// Encodes the value through any `Encoder` (e.g. a `JSONEncoder` for a pretty document whose
    /// bytes need not be canonical, such as the Croissant description).
    public func encode(to encoder: any Encoder) throws {
        var c = encoder.singleValueContainer()
        switch self {
        case .string(let s): try c.encode(s)
        case .double(let d): try c.encode(d)
        case .int(let i): try c.encode(i)
        case .bool(let b): try c.encode(b)
        case .array(let a): try c.encode(a)
        case .object(let o): try c.encode(o)
        case .null: try c.encodeNil()
        }
    }
}
