import Foundation
import GenkiCore
import GenkiFixtures
import Testing

@Suite struct CanonicalJSONTests {
    static let sample: CanonicalJSON = .object([
        "zeta": .int(-3), "alpha": .double(2), "mid": .array([.bool(true), .null, .double(0.25)]),
        "text": .string("a\"b\\c\nd\u{01}é😀\u{08}"),
    ])

    @Test func sidecarPolicySortsKeysKeepsUTF8AndWritesDoublesWithAPoint() {
        #expect(Self.sample.text == #"{"alpha":2.0,"mid":[true,null,0.25],"text":"a\"b\\c\nd\u0001é😀\u0008","zeta":-3}"#)
        #expect(Self.sample.bytes == Array(Self.sample.text.utf8))
        #expect(CanonicalJSON.double(.nan).text == "null")
    }

    @Test func pythonPolicyEscapesToASCIIWithSurrogatePairs() {
        // json.dumps(..., sort_keys=True, separators=(",", ":")) gives exactly this.
        #expect(Self.sample.text(.pythonASCII) == #"{"alpha":2.0,"mid":[true,null,0.25],"text":"a\"b\\c\nd\u0001\u00e9\ud83d\ude00\b","zeta":-3}"#)
        #expect(Self.sample.text(.pythonASCII).utf8.allSatisfy { $0 < 0x80 })
    }

    @Test func keysSortByCodePointNotByLocale() {
        let doc = CanonicalJSON.object(["b": .int(1), "B": .int(2), "é": .int(3), "a": .int(4), "ab": .int(5)])
        #expect(doc.text == #"{"B":2,"a":4,"ab":5,"b":1,"é":3}"#)
    }

    /// Property: Foundation reads every document the writer makes, under both policies, back
    /// to the same value (strings with every escape, nesting, all kinds).
    @Test func everyDocumentParsesBackToTheSameValue() throws {
        var rng = SystemRandomNumberGenerator()
        func string() -> String {
            let pool: [Unicode.Scalar] = ["a", "Z", "\"", "\\", "\n", "\t", "\u{01}", "\u{08}", "\u{0C}", "\u{1F}", "é", "€", "😀", "\u{7F}", "/"]
            return String(String.UnicodeScalarView((0..<Int.random(in: 0..<10, using: &rng)).map { _ in pool.randomElement(using: &rng) ?? "a" }))
        }
        func random(_ depth: Int) -> CanonicalJSON {
            switch Int.random(in: 0..<(depth > 2 ? 5 : 7), using: &rng) {
            case 0: return .int(Int.random(in: -1_000_000...1_000_000, using: &rng))
            case 1: return .string(string())
            case 2: return .bool(Bool.random(using: &rng))
            case 3: return .double(Double(Int.random(in: -1000...1000, using: &rng)) / 8 + 0.0625)
            case 4: return .null
            case 5: return .array((0..<Int.random(in: 0..<4, using: &rng)).map { _ in random(depth + 1) })
            default: return .object(Dictionary((0..<Int.random(in: 0..<4, using: &rng)).map { _ in (string(), random(depth + 1)) }, uniquingKeysWith: { a, _ in a }))
            }
        }
        for _ in 0..<400 {
            let doc = random(0)
            for policy in [CanonicalJSON.Policy.sidecar, .pythonASCII] {
                let text = doc.text(policy)
                let parsed = try JSONSerialization.jsonObject(with: Data(text.utf8), options: .fragmentsAllowed)
                #expect(canonicalJSON(parsed: parsed) == doc, "\(text)")
            }
        }
    }
}
