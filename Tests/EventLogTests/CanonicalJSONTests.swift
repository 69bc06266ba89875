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

    /// The canonical bytes are pinned: replay compares them and the chain hashes them.
    @Test func writesThePinnedCanonicalBytes() throws {
        let first = String(decoding: try CanonicalJSON.encode(Self.samples[0]), as: UTF8.self)
        #expect(first == #"{"amount":"0.30","count":-5,"fields":{"Amount":"12.50","Vendor ID":"V-1","b":""},"flag":true,"inner":{"list":[3,2,1],"zeta":1},"items":[{"alpha":"a","list":[],"zeta":2}],"name":"Bob's \"Burger\" Joint / Diner","optional":"x"}"#)
        let second = String(decoding: try CanonicalJSON.encode(Self.samples[1]), as: UTF8.self)
        #expect(second == #"{"amount":"-1234567.89","count":9223372036854775807,"fields":{},"flag":false,"inner":{"alpha":"ü ✓ 日本","list":[0],"zeta":0},"items":[],"name":"tab\there\nnew line\r\u0001back\\slash"}"#)
    }

    @Test(arguments: samples)
    func roundTrips(_ sample: Sample) throws {
        #expect(try CanonicalJSON.decode(Sample.self, from: try CanonicalJSON.encode(sample)) == sample)
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
