import Foundation
import Testing

@testable import EventLog

@Suite struct CanonicalJSONTests {
    struct Inner: Codable, Equatable {
        var zeta: Int
        var alpha: String?
        var list: [Int]
    }

    struct Sample: Codable, Equatable {
        var name: String
        var amount: Money
        var optional: String?
        var flag: Bool
        var count: Int64
        var inner: Inner
        var fields: [String: String]
        var items: [Inner]
        var nothing: String? = nil
    }

    static let samples: [Sample] = [
        Sample(name: "Bob's \"Burger\" Joint / Diner", amount: Money("0.30")!, optional: "x", flag: true, count: -5,
               inner: Inner(zeta: 1, alpha: nil, list: [3, 2, 1]), fields: ["Vendor ID": "V-1", "Amount": "12.50", "b": ""],
               items: [Inner(zeta: 2, alpha: "a", list: [])]),
        Sample(name: "tab\there\nnew line\r\u{01}back\\slash", amount: Money("-1234567.89")!, optional: nil, flag: false,
               count: Int64.max, inner: Inner(zeta: 0, alpha: "ü ✓ 日本", list: [0]), fields: [:], items: []),
    ]

    @Test(arguments: samples)
    func matchesFoundationsSortedOutputByteForByte(_ sample: Sample) throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        let foundation = Array(try encoder.encode(sample))
        let ours = try CanonicalJSON.encode(sample)
        #expect(String(decoding: ours, as: UTF8.self) == String(decoding: foundation, as: UTF8.self))
        #expect(try CanonicalJSON.decode(Sample.self, from: ours) == sample)
    }

    @Test func sortsKeysByTheirBytesAndOmitsNilOptionals() throws {
        let ours = String(decoding: try CanonicalJSON.encode(Inner(zeta: 1, alpha: nil, list: [2])), as: UTF8.self)
        #expect(ours == #"{"list":[2],"zeta":1}"#)
        let keys = String(decoding: try CanonicalJSON.encode(["b": 1, "B": 2, "a": 3, "é": 4]), as: UTF8.self)
        #expect(keys == #"{"B":2,"a":3,"b":1,"é":4}"#)
    }

    @Test func escapesControlCharacters() throws {
        let text = String(decoding: try CanonicalJSON.encode(["k": "\u{00}\u{1f}\u{08}\u{0c}"]), as: UTF8.self)
        #expect(text == #"{"k":"\u0000\u001f\b\f"}"#)
    }
}
