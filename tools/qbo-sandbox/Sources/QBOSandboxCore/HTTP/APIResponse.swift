import Foundation

/// A response built by the emulator's logic, before it becomes a Hummingbird `Response`.
public struct APIResponse: Sendable {
    public var status: Int
    public var contentType: String
    public var body: [UInt8]
    public var headers: [(String, String)] = []

    public init(status: Int, contentType: String, body: [UInt8], headers: [(String, String)] = []) {
        self.status = status
        self.contentType = contentType
        self.body = body
        self.headers = headers
    }

    public static func json(_ value: JSONValue, status: Int = 200) -> APIResponse {
        APIResponse(status: status, contentType: "application/json;charset=UTF-8", body: value.jsonBytes)
    }

    public static func xml(_ text: String, status: Int) -> APIResponse {
        APIResponse(status: status, contentType: "application/xml;charset=UTF-8", body: Array(text.utf8))
    }

    /// A fault in QBO's JSON envelope, or XML when the client does not accept JSON.
    public static func fault(_ fault: QBOFault, now: Date, wantsXML: Bool) -> APIResponse {
        wantsXML ? .xml(fault.xmlEnvelope(time: now), status: fault.status)
            : .json(fault.envelope(time: now), status: fault.status)
    }

    /// QBO's XML ThrottleExceeded body (sent with 429 whatever the Accept header says).
    public static func throttled(now: Date) -> APIResponse {
        .xml("""
            <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
            <IntuitResponse time="\(Timestamp.envelopeTime(now))" xmlns="http://schema.intuit.com/finance/v3">
              <Fault type="SERVICE">
                <Error code="3001">
                  <Message>message=ThrottleExceeded; errorCode=003001; statusCode=429</Message>
                  <Detail>The request limit was reached.  Try again later</Detail>
                </Error>
              </Fault>
            </IntuitResponse>

            """, status: 429)
    }

    /// The gateway's lower-case envelope (401 token failures, 403 authorization failures).
    public static func gateway(status: Int, code: String, name: String, detail: String?, type: String, now: Date)
        -> APIResponse
    {
        let error = JSONValue.object([
            "message": .string("message=\(name); errorCode=00\(code); statusCode=\(status)"),
            "detail": detail.map(JSONValue.string) ?? .null, "code": .string(code), "element": .null,
        ])
        let body = JSONValue.object([
            "warnings": .null, "intuitObject": .null,
            "fault": .object(["error": .array([error]), "type": .string(type)]), "report": .null,
            "queryResponse": .null, "batchItemResponse": .array([]), "attachableResponse": .array([]),
            "syncErrorResponse": .null, "requestId": .null,
            "time": .number(String(Int64(now.timeIntervalSince1970 * 1000))), "status": .null,
            "cdcresponse": .array([]),
        ])
        var response = APIResponse.json(body, status: status)
        if status == 401 {
            response.headers.append(("WWW-Authenticate", "Bearer realm=\"Intuit\", error=\"invalid_token\""))
        }
        return response
    }

    /// 401 as QBO's XML AuthenticationFault (code 100), the variant some clients receive.
    public static func authenticationFaultXML(now: Date) -> APIResponse {
        var response = APIResponse.xml(
            """
            <?xml version="1.0" encoding="UTF-8" standalone="yes"?><IntuitResponse xmlns="http://schema.intuit.com/finance/v3" \
            time="\(Timestamp.envelopeTime(now))"><Fault type="AuthenticationFault"><Error code="100"><Message>General \
            Authentication Error</Message><Detail>AuthenticationErrorGeneral: SRV-110-Authentication Failure , \
            statusCode: 401</Detail></Error></Fault></IntuitResponse>
            """, status: 401)
        response.headers.append(("WWW-Authenticate", "Bearer realm=\"Intuit\", error=\"invalid_token\""))
        return response
    }
}
