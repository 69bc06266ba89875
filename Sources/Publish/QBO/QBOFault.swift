/// A QBO Fault in any of its envelopes (qbo-api.md §5.1): `{"Fault":{"Error":[...],"type":...}}`, the
/// gateway's lower-case `{"fault":{"error":[...]}}`, XML `<Fault type=..><Error code=..>`, per-item faults
/// inside batch and upload responses, and plain text as a last resort.
package struct QBOFault: Sendable, Equatable {
    /// One entry of the Fault's `Error` array.
    package struct Item: Sendable, Equatable {
        /// The numeric code without leading zeros (`"6240"`, `"3200"`), or nil when none was given.
        package var code: String?
        package var message: String
        package var detail: String?
        package var element: String?

        package init(code: String?, message: String, detail: String? = nil, element: String? = nil) {
            self.code = code
            self.message = message
            self.detail = detail
            self.element = element
        }
    }

    /// How the body was written.
    package enum Envelope: String, Sendable {
        case json, gatewayJSON, xml, text
    }

    /// `ValidationFault`, `SystemFault`, `AuthenticationFault`, `AUTHENTICATION`, `SERVICE`...
    package var type: String?
    package var errors: [Item]
    package var envelope: Envelope

    package init(type: String?, errors: [Item], envelope: Envelope) {
        self.type = type
        self.errors = errors
        self.envelope = envelope
    }

    /// The first error's code.
    package var code: String? { errors.first?.code }

    /// One line for people: QBO's message and detail of every error.
    package var summary: String {
        errors.map { item in
            [item.code.map { "[\($0)]" }, item.message, item.detail].compactMap { $0 }.joined(separator: " ")
        }.joined(separator: "; ")
    }

    /// The Fault in a response body, or nil when the body holds none. Non-JSON, non-XML bodies of an error
    /// status become a text fault so that the operator still sees what came back.
    /// - Parameters:
    ///   - status: the HTTP status (a 2xx body without a Fault gives nil).
    ///   - body: the raw body.
    package static func parse(status: Int, body: [UInt8]) -> QBOFault? {
        let first = body.first { ![0x20, 0x09, 0x0A, 0x0D, 0xEF, 0xBB, 0xBF].contains($0) }
        if first == UInt8(ascii: "{"), let json = try? JSONParser.parse(body) {
            if let fault = from(json: json) { return fault }
            if (200..<300).contains(status) { return nil }
            if let error = json["error"]?.stringValue {  // OAuth token endpoint shape
                return QBOFault(
                    type: "OAuth",
                    errors: [Item(code: nil, message: error, detail: json["error_description"]?.stringValue)],
                    envelope: .json)
            }
        }
        if first == UInt8(ascii: "<"), let fault = fromXML(String(decoding: body, as: UTF8.self)) { return fault }
        guard !(200..<300).contains(status) else { return nil }
        let text = String(decoding: body.prefix(QBOFault.maximumTextBytes), as: UTF8.self)
        return QBOFault(
            type: nil, errors: [Item(code: nil, message: text.isEmpty ? "HTTP \(status)" : text)], envelope: .text)
    }

    /// Bytes of a non-structured body kept in the message.
    package static let maximumTextBytes = 500

    /// The Fault object inside a JSON value (a whole response or one batch/upload item), or nil.
    package static func from(json: JSONValue) -> QBOFault? {
        guard let fault = json.member(caseInsensitive: "Fault"), case .object = fault else { return nil }
        let gateway = json["Fault"] == nil
        let items = (fault.member(caseInsensitive: "Error")?.arrayValue ?? []).map { error in
            let message = error.member(caseInsensitive: "Message")?.stringValue ?? ""
            var code = error.member(caseInsensitive: "code")?.stringValue
            if code == nil || code == "" { code = Self.embeddedCode(in: message) }
            return Item(
                code: code.map(Self.normalize), message: message,
                detail: error.member(caseInsensitive: "Detail")?.stringValue,
                element: error.member(caseInsensitive: "element")?.stringValue.flatMap { $0.isEmpty ? nil : $0 })
        }
        return QBOFault(
            type: fault.member(caseInsensitive: "type")?.stringValue, errors: items,
            envelope: gateway ? .gatewayJSON : .json)
    }

    /// Reads `<Fault type="..."><Error code=".." element=".."><Message>..</Message><Detail>..</Detail>`.
    static func fromXML(_ text: String) -> QBOFault? {
        guard let faultStart = text.range(of: "<Fault") else { return nil }
        let faultTag = String(text[faultStart.lowerBound...].prefix { $0 != ">" })
        var items: [Item] = []
        var rest = text[faultStart.upperBound...]
        while let errorStart = rest.range(of: "<Error") {
            let tag = String(rest[errorStart.lowerBound...].prefix { $0 != ">" })
            let end =
                rest.range(of: "</Error>", range: errorStart.upperBound..<rest.endIndex)?.lowerBound ?? rest.endIndex
            let inner = String(rest[errorStart.upperBound..<end])
            let message = element("Message", in: inner) ?? ""
            let code = attribute("code", in: tag) ?? embeddedCode(in: message)
            items.append(
                Item(
                    code: code.map(normalize), message: message, detail: element("Detail", in: inner),
                    element: attribute("element", in: tag).flatMap { $0.isEmpty ? nil : $0 }))
            rest = rest[end...].dropFirst(min(8, rest[end...].count))
        }
        return QBOFault(type: attribute("type", in: faultTag), errors: items, envelope: .xml)
    }

    private static func attribute(_ name: String, in tag: String) -> String? {
        guard let start = tag.range(of: " \(name)=\"") else { return nil }
        return unescape(String(tag[start.upperBound...].prefix { $0 != "\"" }))
    }

    private static func element(_ name: String, in text: String) -> String? {
        guard let open = text.range(of: "<\(name)>"),
            let close = text.range(of: "</\(name)>", range: open.upperBound..<text.endIndex)
        else { return nil }
        return unescape(String(text[open.upperBound..<close.lowerBound]))
    }

    private static func unescape(_ text: String) -> String {
        text.replacingOccurrences(of: "&lt;", with: "<").replacingOccurrences(of: "&gt;", with: ">")
            .replacingOccurrences(of: "&quot;", with: "\"").replacingOccurrences(of: "&apos;", with: "'")
            .replacingOccurrences(of: "&amp;", with: "&")
    }

    /// The gateway puts the code in the message: `message=ThrottleExceeded; errorCode=003001; statusCode=429`.
    static func embeddedCode(in message: String) -> String? {
        guard let range = message.range(of: "errorCode=") else { return nil }
        let digits = message[range.upperBound...].prefix { $0.isNumber }
        return digits.isEmpty ? nil : String(digits)
    }

    static func normalize(_ code: String) -> String {
        let trimmed = code.drop { $0 == "0" }
        return trimmed.isEmpty ? code : String(trimmed)
    }
}
