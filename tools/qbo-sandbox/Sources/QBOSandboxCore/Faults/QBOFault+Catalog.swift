import Foundation

/// The faults the emulator raises, with QBO's codes, messages and Detail wording.
extension QBOFault {
    public static func unsupportedProperty(_ property: String, known: [String]) -> QBOFault {
        QBOFault(
            code: "2010", message: "Request has invalid or unsupported property",
            detail: "Property Name:\(property) specified is unsupported or invalid. Supported properties: "
                + known.joined(separator: ", "),
            element: property)
    }

    public static func requiredMissing(_ element: String) -> QBOFault {
        QBOFault(
            code: "2020", message: "Required param missing, need to supply the required value for the API",
            detail: "Required parameter \(element) is missing in the request", element: element)
    }

    public static func invalidID(_ element: String, value: String) -> QBOFault {
        QBOFault(code: "2030", message: "Invalid ID", detail: "Id should be a valid number. Supplied value:\(value)",
            element: element)
    }

    public static func lengthExceeded(_ element: String, limit: Int) -> QBOFault {
        QBOFault(
            code: "2050", message: "Length exceeds limit",
            detail: "Length of the field exceeds the limit: \(element) must not be longer than \(limit) characters",
            element: element)
    }

    public static func invalidEnumeration(_ element: String, value: String) -> QBOFault {
        QBOFault(code: "2170", message: "Invalid Enumeration", detail: "Invalid Enumeration : \(value)", element: element)
    }

    public static func invalidValue(_ element: String, detail: String) -> QBOFault {
        QBOFault(code: "2080", message: "Invalid value", detail: detail, element: element)
    }

    public static func invalidReference(_ element: String) -> QBOFault {
        QBOFault(code: "2500", message: "Invalid Reference Id", detail: "Invalid Reference Id : \(element)",
            element: element)
    }

    /// A reference to an inactive name-list record (QBO answers 610 "Object Not Found").
    public static func inactiveReference(_ element: String) -> QBOFault {
        QBOFault(
            code: "610", message: "Object Not Found",
            detail: "Object Not Found : Something you're trying to use has been made inactive. Check the fields with "
                + "accounts, customers, items, vendors or employees.", element: "")
    }

    public static func objectNotFound(entity: String, id: String) -> QBOFault {
        QBOFault(
            code: "610", message: "Object Not Found",
            detail: "Object Not Found : Another user has deleted this transaction. \(entity) Id=\(id) was not found.",
            element: "")
    }

    public static let staleObject = QBOFault(
        code: "5010", message: "Stale Object Error",
        detail: "Stale Object Error : You and QBO Sandbox were working on this at the same time. QBO Sandbox "
            + "finished before you did, so your work was not saved.", element: "")

    public static func duplicateDocNumber(_ docNumber: String, txnType: String, txnId: String) -> QBOFault {
        QBOFault(
            code: "6140", message: "Duplicate Document Number Error",
            detail: "Duplicate Document Number Error : You must specify a different number. This number has already "
                + "been used. DocNumber=\(docNumber) is assigned to TxnType=\(txnType) with TxnId=\(txnId)", element: "")
    }

    /// Exactly the shape of QBO's 6240 body: no `element` key.
    public static let duplicateName = QBOFault(
        code: "6240", message: "Duplicate Name Exists Error", detail: "The name supplied already exists. : null",
        element: nil)

    public static func businessValidation(_ detail: String) -> QBOFault {
        QBOFault(code: "6000", message: "A business validation error has occurred while processing your request",
            detail: "Business Validation Error: \(detail)", element: "")
    }

    public static func queryParse(_ detail: String) -> QBOFault {
        QBOFault(code: "4000", message: "Error parsing query", detail: "QueryParserError: \(detail)", element: nil)
    }

    public static func invalidQuery(_ detail: String) -> QBOFault {
        QBOFault(code: "4001", message: "Invalid query", detail: "QueryValidationError: \(detail)", element: nil)
    }

    public static func unsupportedOperation(_ detail: String) -> QBOFault {
        QBOFault(code: "500", message: "Unsupported Operation", detail: "Operation \(detail) is not supported.",
            element: "")
    }

    public static func badRequestBody(_ detail: String) -> QBOFault {
        QBOFault(code: "2310", message: "Request body is not valid JSON", detail: detail, element: "")
    }

    /// Batch of more than 30 items. Code 1040 is only in a third-party copy of Intuit's catalogue (unverified).
    public static func batchTooLarge(_ count: Int, limit: Int) -> QBOFault {
        QBOFault(code: "1040", message: "Batch size exceeds allowed limit",
            detail: "Batch size \(count) exceeds the allowed limit of \(limit) items", element: "")
    }

    public static let systemFault = QBOFault(
        code: "10000", message: "An application error has occurred while processing your request",
        detail: "System Failure Error: injected by qbo-sandbox", element: nil, type: "SystemFault", status: 500)

    public static func cdcWindow(_ detail: String) -> QBOFault {
        QBOFault(code: "4001", message: "Invalid query", detail: "QueryValidationError: \(detail)", element: nil)
    }
}
