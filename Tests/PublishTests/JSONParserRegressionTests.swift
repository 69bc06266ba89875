import Foundation
import Testing
import TestSupport

@testable import Publish

/// Replays inputs the QBO Fault fuzz harness (tools/fuzz/qbofault) found.
@Suite("JSON parser regressions")
struct JSONParserRegressionTests {
    @Test func aHighSurrogateFollowedByAnotherEscapeThatIsNotALowSurrogateParsesInsteadOfTrapping() throws {
        // The fuzz finding: `\ud83d\ud00e` subtracted 0xDC00 from 0xD00E and trapped on the underflow.
        let data = try Data(contentsOf: URL(
            fileURLWithPath: RepositoryPaths.root + "/Tests/Fixtures/regressions/json-high-surrogate-without-low.json"))
        let value = try JSONParser.parse(Array(data))
        #expect(try JSONParser.parse(value.bytes) == value)
        _ = QBOFault.parse(status: 400, body: Array(data))

        #expect(try JSONParser.parse(#"["\ud83d\u0041"]"#) == .array([.string("\u{FFFD}A")]))
        #expect(try JSONParser.parse(#"["\ud83d\ud83d\ude00"]"#) == .array([.string("\u{FFFD}😀")]))
        #expect(try JSONParser.parse(#"["\ud83d\ude00"]"#) == .array([.string("😀")]))
        #expect(try JSONParser.parse(#"["\udc00x"]"#) == .array([.string("\u{FFFD}x")]))
    }
}
