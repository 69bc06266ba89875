import EventLog
import Testing

@testable import Publish

@Suite("Exact JSON numbers and request bodies")
struct JSONValueTests {
    @Test func decodesAmountsExactlyWithoutFloatingPoint() throws {
        let json = try JSONParser.parse(#"{"a":0.1,"b":1234567890.12345,"c":-12.5,"d":2.5E-1,"e":1E+2,"f":"7.30"}"#)
        #expect(json["a"]?.moneyValue == Money("0.10"))
        #expect(json["b"]?.moneyValue == Money("1234567890.12345"))
        #expect(json["c"]?.moneyValue == Money("-12.50"))
        #expect(json["d"]?.moneyValue == Money("0.25"))
        #expect(json["e"]?.moneyValue == Money("100"))
        #expect(json["f"]?.moneyValue == Money("7.30"))
    }

    @Test func refusesAmountsThatWouldNeedRounding() throws {
        #expect(try JSONParser.parse("0.123456").moneyValue == nil)
    }

    @Test func writesMoneyAsAnExactDecimalNumber() {
        let value = JSONValue.object(["Amount": .money(Money("0.30")!), "Big": .money(Money("9999999999.99999")!)])
        #expect(value.text == #"{"Amount":0.30,"Big":9999999999.99999}"#)
    }

    @Test func rejectsMalformedDocumentsWithAnOffset() {
        #expect(throws: JSONParseError.self) { try JSONParser.parse(#"{"a":}"#) }
        #expect(throws: JSONParseError.self) { try JSONParser.parse(#"{"a":1} x"#) }
        #expect(throws: JSONParseError.self) { try JSONParser.parse(#""unterminated"#) }
    }

    @Test func roundTripsEscapesAndUnicode() throws {
        let value = try JSONParser.parse(#"{"n":"O\u2019Brien \"x\"\n\ud83d\ude00 \/"}"#)
        #expect(value["n"]?.stringValue == "O\u{2019}Brien \"x\"\n😀 /")
        #expect(try JSONParser.parse(value.bytes) == value)
    }

    @Test func escapesQueryLiterals() {
        #expect(QBOBodies.literal("O'Brien \\ Co") == #"'O\'Brien \\ Co'"#)
        #expect(
            QBOBodies.billLookup(entity: "Bill", docNumber: "INV'1", vendorQboId: "56")
                == #"select * from Bill where DocNumber = 'INV\'1' and VendorRef = '56'"#)
    }

    @Test func buildsABillBodyWithExactLinesAndReferences() throws {
        let plan = Fixtures.billPlan(invoiceId: "INV-1", docNumber: "A-100", amounts: ["100.10", "0.20"])
        let body = QBOBodies.bill(plan)
        #expect(body["VendorRef"]?["value"]?.stringValue == "601")
        #expect(body["DepartmentRef"]?["value"]?.stringValue == "201")
        #expect(body["SalesTermRef"]?["value"]?.stringValue == "303")
        let lines = try #require(body["Line"]?.arrayValue)
        #expect(lines.count == 2)
        #expect(lines[0]["Amount"] == .number("100.10"))
        #expect(lines[1]["AccountBasedExpenseLineDetail"]?["ClassRef"]?["value"]?.stringValue == "101")
        #expect(lines[1]["AccountBasedExpenseLineDetail"]?["AccountRef"]?["value"]?.stringValue == "8")
        #expect(body.text.contains(#""Amount":0.20"#))
        #expect(body["Id"] == nil)
    }

    @Test func buildsAMultipartUploadWithMetadataAndBytes() {
        let upload = QBOBodies.upload(
            fileName: "inv.pdf", contentType: "application/pdf", bytes: [0x25, 0x50, 0x44, 0x46], entity: "Bill",
            entityId: "151", boundary: "XYZ")
        let text = String(decoding: upload.body, as: UTF8.self)
        #expect(upload.contentType == "multipart/form-data; boundary=XYZ")
        #expect(text.contains(#"name="file_metadata_01""#))
        #expect(text.contains(#"name="file_content_01"; filename="inv.pdf""#))
        #expect(text.contains("%PDF"))
        #expect(text.hasSuffix("--XYZ--\r\n"))
        #expect(upload.metadata.contains(#""EntityRef":{"type":"Bill","value":"151"}"#))
    }
}
