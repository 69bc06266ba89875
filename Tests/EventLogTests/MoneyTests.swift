import Testing

@testable import EventLog

@Suite struct MoneyTests {
    @Test func addsTenthsExactly() {
        #expect(Money("0.10")! + Money("0.20")! == Money("0.30")!)
        #expect((Money("0.10")! + Money("0.20")!).description == "0.30")
    }

    @Test func printsCanonicalText() {
        #expect(Money("1234567.89")!.description == "1234567.89")
        #expect(Money("-12.5")!.description == "-12.50")
        #expect(Money("0.01")!.description == "0.01")
        #expect(Money("3")!.description == "3.00")
        #expect(Money("1.23456")!.description == "1.23456")
    }

    @Test func refusesNonDecimalText() {
        for text in ["", "-", ".", "1.2.3", "1e5", "12,50", "$1", "1.234567", "12345678901"] {
            #expect(Money(text) == nil, "\(text)")
        }
    }

    @Test func encodesAsJSONString() throws {
        struct Box: Codable { var amount: Money }
        let bytes = try CanonicalJSON.encode(Box(amount: Money("0.30")!))
        #expect(String(decoding: bytes, as: UTF8.self) == #"{"amount":"0.30"}"#)
        #expect(try CanonicalJSON.decode(Box.self, from: bytes).amount == Money(cents: 30))
    }
}
