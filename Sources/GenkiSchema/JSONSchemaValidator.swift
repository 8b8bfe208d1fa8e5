import Foundation

/// One way a document breaks its schema.
public struct SchemaViolation: Equatable, Sendable, CustomStringConvertible {
    /// JSON Pointer to the offending value (`""` is the root).
    public let pointer: String
    /// What is wrong.
    public let message: String

    public var description: String { "\(pointer.isEmpty ? "/" : pointer): \(message)" }
}

/// Errors loading schemas.
public enum SchemaError: Error, Equatable, CustomStringConvertible {
    case unreadable(String)
    case unresolvedReference(String)
    case unsupportedKeyword(String)

    public var description: String {
        switch self {
        case .unreadable(let name): return "cannot read schema \(name)"
        case .unresolvedReference(let ref): return "cannot resolve $ref \(ref)"
        case .unsupportedKeyword(let k): return "schema keyword \(k) is not supported by this validator"
        }
    }
}

/// A JSON Schema (draft 2020-12) validator for the subset genki's schemas use: `type`, `enum`,
/// `const`, `properties`, `required`, `additionalProperties`, `items`, `minItems`, `maxItems`,
/// `minimum`, `maximum`, `exclusiveMinimum`, `exclusiveMaximum`, `minLength`, `maxLength`,
/// `pattern`, `oneOf`, `anyOf`, `allOf`, and `$ref` to `#/$defs/…` or to a sibling schema file.
/// Unknown validation keywords are refused at load time rather than silently ignored.
public struct JSONSchemaValidator {
    private let documents: [String: JSONValue]
    private let rootName: String

    private static let annotationKeywords: Set<String> = ["$schema", "$id", "title", "description", "$defs", "$comment", "examples", "default"]
    private static let validationKeywords: Set<String> = [
        "type", "enum", "const", "properties", "required", "additionalProperties", "items", "minItems", "maxItems",
        "minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum", "minLength", "maxLength", "pattern",
        "oneOf", "anyOf", "allOf", "$ref",
    ]

    /// Loads `name` and every schema beside it in `directory`.
    public init(directory: URL, root name: String) throws {
        var documents: [String: JSONValue] = [:]
        let files = (try? FileManager.default.contentsOfDirectory(atPath: directory.path)) ?? []
        for file in files where file.hasSuffix(".json") {
            guard let data = FileManager.default.contents(atPath: directory.appendingPathComponent(file).path),
                let value = try? JSONValue.parse(data)
            else { throw SchemaError.unreadable(file) }
            documents[file] = value
        }
        guard let root = documents[name] else { throw SchemaError.unreadable(name) }
        self.documents = documents
        rootName = name
        try Self.checkKeywords(root)
    }

    private static func checkKeywords(_ schema: JSONValue) throws {
        guard case .object(let o) = schema else { return }
        for (key, value) in o {
            guard annotationKeywords.contains(key) || validationKeywords.contains(key) else {
                throw SchemaError.unsupportedKeyword(key)
            }
            switch key {
            case "properties", "$defs":
                if case .object(let members) = value { for (_, s) in members { try checkKeywords(s) } }
            case "items", "additionalProperties":
                try checkKeywords(value)
            case "oneOf", "anyOf", "allOf":
                if case .array(let list) = value { for s in list { try checkKeywords(s) } }
            default:
                break
            }
        }
    }

    /// Validates a parsed document; an empty result means valid.
    public func validate(_ instance: JSONValue) throws -> [SchemaViolation] {
        guard let root = documents[rootName] else { throw SchemaError.unreadable(rootName) }
        var out: [SchemaViolation] = []
        try check(instance, against: root, document: rootName, pointer: "", into: &out)
        return out
    }

    /// Validates UTF-8 JSON text.
    public func validate(data: Data) throws -> [SchemaViolation] {
        try validate(JSONValue.parse(data))
    }

    private func resolve(_ ref: String, from document: String) throws -> (JSONValue, String) {
        let parts = ref.split(separator: "#", maxSplits: 1, omittingEmptySubsequences: false)
        let file = parts[0].isEmpty ? document : String(parts[0])
        guard var node = documents[file] else { throw SchemaError.unresolvedReference(ref) }
        if parts.count == 2 {
            for token in parts[1].split(separator: "/") {
                guard let next = node[String(token)] else { throw SchemaError.unresolvedReference(ref) }
                node = next
            }
        }
        try Self.checkKeywords(node)
        return (node, file)
    }

    private func check(
        _ value: JSONValue, against schema: JSONValue, document: String, pointer: String, into out: inout [SchemaViolation]
    ) throws {
        if case .bool(let allowed) = schema {
            if !allowed { out.append(SchemaViolation(pointer: pointer, message: "no value is allowed here")) }
            return
        }
        guard case .object(let s) = schema else { return }
        func fail(_ message: String) { out.append(SchemaViolation(pointer: pointer, message: message)) }

        if case .string(let ref)? = s["$ref"] {
            let (target, file) = try resolve(ref, from: document)
            try check(value, against: target, document: file, pointer: pointer, into: &out)
        }
        if let type = s["type"] {
            let names: [String]
            switch type {
            case .string(let n): names = [n]
            case .array(let list): names = list.compactMap { if case .string(let n) = $0 { return n } else { return nil } }
            default: names = []
            }
            if !names.contains(where: value.isOfType) { fail("expected \(names.joined(separator: " or "))") }
        }
        if let c = s["const"], c != value { fail("must equal the schema's const value") }
        if case .array(let options)? = s["enum"], !options.contains(value) { fail("not one of the allowed values") }

        if case .number(let x) = value {
            if case .number(let m)? = s["minimum"], x < m { fail("\(x) < minimum \(m)") }
            if case .number(let m)? = s["maximum"], x > m { fail("\(x) > maximum \(m)") }
            if case .number(let m)? = s["exclusiveMinimum"], x <= m { fail("\(x) ≤ exclusive minimum \(m)") }
            if case .number(let m)? = s["exclusiveMaximum"], x >= m { fail("\(x) ≥ exclusive maximum \(m)") }
        }
        if case .string(let text) = value {
            let length = text.unicodeScalars.count
            if case .number(let m)? = s["minLength"], Double(length) < m { fail("shorter than \(Int(m))") }
            if case .number(let m)? = s["maxLength"], Double(length) > m { fail("longer than \(Int(m))") }
            if case .string(let pattern)? = s["pattern"] {
                let regex = try NSRegularExpression(pattern: pattern)
                let range = NSRange(text.startIndex..., in: text)
                if regex.firstMatch(in: text, range: range) == nil { fail("does not match \(pattern)") }
            }
        }
        if case .array(let items) = value {
            if case .number(let m)? = s["minItems"], Double(items.count) < m { fail("fewer than \(Int(m)) items") }
            if case .number(let m)? = s["maxItems"], Double(items.count) > m { fail("more than \(Int(m)) items") }
            if let itemSchema = s["items"] {
                for (i, item) in items.enumerated() {
                    try check(item, against: itemSchema, document: document, pointer: "\(pointer)/\(i)", into: &out)
                }
            }
        }
        if case .object(let members) = value {
            if case .array(let required)? = s["required"] {
                for case .string(let key) in required where members[key] == nil { fail("missing required \"\(key)\"") }
            }
            let properties: [String: JSONValue]
            if case .object(let p)? = s["properties"] { properties = p } else { properties = [:] }
            for (key, member) in members.sorted(by: { $0.key < $1.key }) {
                let childPointer = pointer + "/" + key
                if let propertySchema = properties[key] {
                    try check(member, against: propertySchema, document: document, pointer: childPointer, into: &out)
                } else if let extra = s["additionalProperties"] {
                    if case .bool(false) = extra {
                        out.append(SchemaViolation(pointer: childPointer, message: "property not allowed"))
                    } else {
                        try check(member, against: extra, document: document, pointer: childPointer, into: &out)
                    }
                }
            }
        }
        if case .array(let all)? = s["allOf"] {
            for sub in all { try check(value, against: sub, document: document, pointer: pointer, into: &out) }
        }
        if case .array(let any)? = s["anyOf"] {
            var passed = false
            for sub in any {
                var scratch: [SchemaViolation] = []
                try check(value, against: sub, document: document, pointer: pointer, into: &scratch)
                if scratch.isEmpty {
                    passed = true
                    break
                }
            }
            if !passed { fail("matches none of anyOf") }
        }
        if case .array(let one)? = s["oneOf"] {
            var matches = 0
            var closest: [SchemaViolation]?
            for sub in one {
                var scratch: [SchemaViolation] = []
                try check(value, against: sub, document: document, pointer: pointer, into: &scratch)
                if scratch.isEmpty { matches += 1 } else if closest == nil || scratch.count < closest?.count ?? 0 { closest = scratch }
            }
            if matches != 1 {
                fail(matches == 0 ? "matches none of oneOf" : "matches \(matches) branches of oneOf")
                if matches == 0, let closest { out.append(contentsOf: closest) }
            }
        }
    }
}
