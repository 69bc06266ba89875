import EventLog
import Foundation
import Testing

@testable import Publish

/// QBO's real bodies, read in place (never copied into the repository).
enum Samples {
    static let directory: String = {
        var url = URL(fileURLWithPath: #filePath)
        for _ in 0..<3 { url.deleteLastPathComponent() }
        return url.appendingPathComponent("../shared/reference/qbo-samples").standardized.path
    }()

    static var isPresent: Bool { FileManager.default.fileExists(atPath: directory) }

    static func bytes(_ name: String) throws -> [UInt8] {
        Array(try #require(FileManager.default.contents(atPath: directory + "/" + name)))
    }

    static var allFiles: [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? []).sorted()
    }
}

@Suite("Fault decoding and classification")
struct FaultClassificationTests {
    /// The fault sample files, the status QBO sent each with, and the expected code and disposition.
    static let faultSamples: [(file: String, status: Int, code: String, disposition: Disposition)] = [
        ("fault-10000-system-fault.xml", 500, "10000", .retry),
        (
            "fault-2500-invalid-reference.inactive-variant.xml", 400, "2500",
            .quarantine(
                reason:
                    "[2500] Invalid Reference Id Invalid Reference Id : Something you're trying to use has been made inactive. Check the fields with accounts, customers, items, vendors or employees."
            )
        ),
        (
            "fault-2500-invalid-reference.xml", 400, "2500",
            .quarantine(reason: "[2500] Invalid Reference Id Invalid Reference Id : Line.SalesItemLineDetail.ItemRef")
        ),
        ("fault-4001-invalid-query.json", 400, "4001", .fatal),
        ("fault-401-authentication-failed.lowercase-envelope.json", 401, "3200", .refreshTokenThenRetry),
        ("fault-401-authentication-fault.xml", 401, "100", .refreshTokenThenRetry),
        ("fault-401-wrong-cluster.xml", 401, "130", .fatal),
        ("fault-403-authorization-failed.lowercase-envelope.json", 403, "3100", .fatal),
        ("fault-429-throttle-exceeded.xml", 429, "3001", .waitThenRetry(seconds: 60)),
        ("fault-5010-stale-object.batch-item.json", 200, "5010", .rereadSyncTokenThenRetry),
        ("fault-6140-duplicate-docnumber.json", 400, "6140", .settleByQuery),
        ("fault-throttle-exceeded.status403-variant.xml", 403, "3001", .waitThenRetry(seconds: 60)),
    ]

    @Test(.enabled(if: Samples.isPresent, "qbo-samples not found next to the repository"))
    func decodesAndClassifiesEveryFaultSample() throws {
        for sample in Self.faultSamples {
            let fault = try #require(QBOFault.parse(status: sample.status, body: try Samples.bytes(sample.file)))
            #expect(fault.code == sample.code, "\(sample.file)")
            #expect(!fault.errors[0].message.isEmpty, "\(sample.file)")
            #expect(
                FaultClassification.disposition(status: sample.status, fault: fault) == sample.disposition,
                "\(sample.file)")
        }
    }

    @Test(.enabled(if: Samples.isPresent, "qbo-samples not found next to the repository"))
    func everyFaultOrXMLBodyInTheSamplesYieldsACodeAndADisposition() throws {
        var checked = 0
        for file in Samples.allFiles where file.hasSuffix(".xml") || file.hasPrefix("fault-") {
            let fault = try #require(QBOFault.parse(status: 400, body: try Samples.bytes(file)), "\(file)")
            #expect(fault.code != nil, "\(file)")
            #expect(!fault.summary.isEmpty, "\(file)")
            _ = FaultClassification.disposition(status: 400, fault: fault)
            checked += 1
        }
        #expect(checked == 14)
    }

    @Test(.enabled(if: Samples.isPresent, "qbo-samples not found next to the repository"))
    func duplicateNameAndObjectNotFoundAreQuarantinedWithQBOsMessage() throws {
        let duplicate = try #require(
            QBOFault.parse(status: 400, body: try Samples.bytes("fault-6240-duplicate-name.json")))
        #expect(duplicate.code == "6240")
        #expect(duplicate.errors[0].message == "Duplicate Name Exists Error")
        guard case .quarantine(let reason) = FaultClassification.disposition(status: 400, fault: duplicate) else {
            Issue.record("6240 should quarantine")
            return
        }
        #expect(reason.contains("The name supplied already exists"))
        let missing = try #require(
            QBOFault.parse(status: 200, body: try Samples.bytes("fault-610-object-not-found.batch-item.json")))
        #expect(missing.code == "610")
        #expect(missing.envelope == .json)
    }

    @Test(.enabled(if: Samples.isPresent, "qbo-samples not found next to the repository"))
    func everySampleBodyParsesWithoutLosingData() throws {
        var parsed = 0
        for file in Samples.allFiles where file.hasSuffix(".json") {
            let value = try JSONParser.parse(try Samples.bytes(file))
            // Writing and re-reading keeps every value, numbers included, exactly.
            #expect(try JSONParser.parse(value.bytes) == value, "\(file)")
            parsed += 1
        }
        #expect(parsed >= 25)
    }

    @Test(.enabled(if: Samples.isPresent, "qbo-samples not found next to the repository"))
    func successBodiesCarryNoFaultAndBatchItemsAreFoundPerBId() throws {
        for file in [
            "bill-create-response.json", "vendor-create-response.json", "query-empty-response.json",
            "query-vendor-by-displayname-response.json", "attachable-upload-response.json", "cdc-response.json",
        ] {
            #expect(QBOFault.parse(status: 200, body: try Samples.bytes(file)) == nil, "\(file)")
        }
        let batch = try JSONParser.parse(try Samples.bytes("batch-response.json"))
        let items = try #require(batch["BatchItemResponse"]?.arrayValue)
        let faults = Dictionary(
            uniqueKeysWithValues: items.compactMap { item in
                QBOFault.from(json: item).map { (item["bId"]!.stringValue!, $0.code!) }
            })
        #expect(faults == ["bid2": "610", "bid3": "5010"])
        let bill = try JSONParser.parse(try Samples.bytes("bill-create-response.json"))
        #expect(bill["Bill"]?["TotalAmt"]?.moneyValue == Money("200.00"))
    }

    @Test(.enabled(if: Samples.isPresent, "qbo-samples not found next to the repository"))
    func oauthErrorBodiesStopPublishingAndTokenResponsesDecode() throws {
        for file in [
            "oauth-invalid-grant.bare.json", "oauth-invalid-grant.incorrect-refresh-token.json",
            "oauth-invalid-grant.token-invalid.json",
        ] {
            let fault = try #require(QBOFault.parse(status: 400, body: try Samples.bytes(file)))
            #expect(fault.errors[0].message == "invalid_grant", "\(file)")
            #expect(FaultClassification.tokenEndpointDisposition(status: 400, error: "invalid_grant") == .fatal)
        }
        let hard = try TokenResponse.decode(try Samples.bytes("oauth-token-response.with-hard-expiry.json"))
        #expect(hard.expiresIn == 3600)
        #expect(hard.refreshHardExpiresIn != nil)
        #expect(hard.refreshExpiresIn != nil)
        let dotnet = try TokenResponse.decode(try Samples.bytes("oauth-token-response.dotnet-sdk-fixture.json"))
        #expect(dotnet.refreshToken != nil)
    }

    // Our own fixtures, written from the shapes documented in qbo-api.md §5.

    @Test func readsJSONFaultWithSeveralErrorsAndElement() throws {
        let body =
            #"{"Fault":{"Error":[{"Message":"Required param missing","Detail":"Line is missing","code":"2020","element":"Line"},{"Message":"Invalid Enumeration","code":"2170"}],"type":"ValidationFault"},"time":"2026-01-01T00:00:00.000-08:00"}"#
        let fault = try #require(QBOFault.parse(status: 400, body: Array(body.utf8)))
        #expect(fault.errors.map(\.code) == ["2020", "2170"])
        #expect(fault.errors[0].element == "Line")
        #expect(fault.type == "ValidationFault")
        #expect(FaultClassification.disposition(status: 400, fault: fault) == .quarantine(reason: fault.summary))
    }

    @Test func readsGatewayThrottleCodeFromTheMessageWhenCodeIsAbsent() throws {
        let body =
            #"{"fault":{"error":[{"message":"message=ThrottleExceeded; errorCode=003001; statusCode=429","detail":"The request limit was reached."}],"type":"SERVICE"},"time":1601391072830}"#
        let fault = try #require(QBOFault.parse(status: 429, body: Array(body.utf8)))
        #expect(fault.code == "3001")
        #expect(fault.envelope == .gatewayJSON)
        #expect(
            FaultClassification.disposition(status: 429, fault: fault, retryAfter: "7") == .waitThenRetry(seconds: 7))
        #expect(
            FaultClassification.disposition(status: 429, fault: fault, throttleWaitSeconds: 6)
                == .waitThenRetry(seconds: 6))
    }

    @Test func plainTextAndEmptyErrorBodiesStillClassifyByStatus() throws {
        let gateway = try #require(QBOFault.parse(status: 502, body: Array("<html>Bad Gateway".utf8)))
        #expect(FaultClassification.disposition(status: 502, fault: gateway) == .retry)
        let empty = try #require(QBOFault.parse(status: 503, body: []))
        #expect(empty.errors[0].message == "HTTP 503")
        #expect(FaultClassification.disposition(status: 503, fault: empty) == .retry)
        let unauthorized = try #require(QBOFault.parse(status: 401, body: []))
        #expect(FaultClassification.disposition(status: 401, fault: unauthorized) == .refreshTokenThenRetry)
        #expect(
            FaultClassification.disposition(
                status: 400,
                fault: QBOFault.parse(
                    status: 400,
                    body: Array(
                        #"{"Fault":{"Error":[{"Message":"Company closed","code":"6190"}],"type":"ValidationFault"}}"#
                            .utf8))) == .fatal)
    }

    @Test func transportFailuresRetryOrSettleByQuery() {
        let refused = CurlError(kind: .notSent, operation: "perform", code: 7, message: "Connection refused")
        let dropped = CurlError(kind: .ambiguous, operation: "perform", code: 52, message: "Empty reply from server")
        #expect(FaultClassification.disposition(transport: refused) == .retry)
        #expect(FaultClassification.disposition(transport: dropped) == .settleByQuery)
        #expect(refused.description == "curl perform failed: Connection refused (code 7)")
    }
}
