import Foundation

/// One QBO fault: the `Fault.Error[]` entry plus the envelope type and the HTTP status it travels with.
public struct QBOFault: Error, Sendable, Equatable {
    public var code: String
    public var message: String
    public var detail: String
    /// `nil` leaves the `element` key out (as QBO's 6240 and 4001 bodies do).
    public var element: String?
    public var type: String
    public var status: Int

    public init(
        code: String, message: String, detail: String, element: String? = "", type: String = "ValidationFault",
        status: Int = 400
    ) {
        self.code = code
        self.message = message
        self.detail = detail
        self.element = element
        self.type = type
        self.status = status
    }

    /// `{"Fault":{"Error":[...],"type":...}}` without `time` (batch and upload items add `bId` instead).
    public var faultObject: JSONValue {
        var error: [JSONMember] = [
            JSONMember("Message", .string(message)), JSONMember("Detail", .string(detail)),
            JSONMember("code", .string(code)),
        ]
        if let element { error.append(JSONMember("element", .string(element))) }
        return .object([
            JSONMember("Error", .array([.object(error)])), JSONMember("type", .string(type)),
        ])
    }

    /// The top-level body QBO returns for a failed call.
    public func envelope(time: Date) -> JSONValue {
        .object([JSONMember("Fault", faultObject), JSONMember("time", .string(Timestamp.envelopeTime(time)))])
    }

    /// The same fault as QBO's XML `IntuitResponse` (sent when the client does not accept JSON).
    public func xmlEnvelope(time: Date) -> String {
        let elementAttribute = element.map { " element=\"\(XMLText.escape($0))\"" } ?? ""
        return """
            <?xml version="1.0" encoding="UTF-8" standalone="yes"?><IntuitResponse xmlns="http://schema.intuit.com/finance/v3" \
            time="\(Timestamp.envelopeTime(time))"><Fault type="\(type)"><Error code="\(code)"\(elementAttribute)>\
            <Message>\(XMLText.escape(message))</Message><Detail>\(XMLText.escape(detail))</Detail></Error></Fault>\
            </IntuitResponse>
            """
    }
}

/// Escaping for XML text and attribute values.
public enum XMLText {
    public static func escape(_ text: String) -> String {
        var output = ""
        for character in text {
            switch character {
            case "&": output += "&amp;"
            case "<": output += "&lt;"
            case ">": output += "&gt;"
            case "\"": output += "&quot;"
            default: output.append(character)
            }
        }
        return output
    }
}
