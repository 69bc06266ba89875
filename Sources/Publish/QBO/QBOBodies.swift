package import EventLog

/// The JSON bodies Publish writes, built from plan events (qbo-api.md §2). Amounts are written as exact
/// decimal JSON numbers from ``EventLog/Money``.
package enum QBOBodies {
    /// A Bill or VendorCredit create body (same header/line model, qbo-api.md §2.6).
    /// - Parameter update: the Id and SyncToken for a full update of an existing Bill.
    package static func bill(_ plan: BillPlanned, update: (id: String, syncToken: String)? = nil) -> JSONValue {
        let lines: [JSONValue] = plan.lines.map { line in
            .object([
                "DetailType": .string("AccountBasedExpenseLineDetail"),
                "Amount": .money(line.amount),
                "Description": line.description.map(JSONValue.string),
                "LineNum": .number(String(line.lineNumber)),
                "AccountBasedExpenseLineDetail": .object([
                    "AccountRef": .ref(line.account.qboId, name: line.account.qboName),
                    "ClassRef": line.classChoice.map { .ref($0.qboId, name: $0.qboName) },
                    "CustomerRef": line.customerId.map { .ref($0, name: line.customerName) },
                    "BillableStatus": line.billableStatus.map(JSONValue.string),
                ]),
            ])
        }
        return .object([
            "Id": update.map { .string($0.id) },
            "SyncToken": update.map { .string($0.syncToken) },
            "VendorRef": .ref(plan.vendorQboId, name: plan.vendorName),
            "DocNumber": .string(plan.docNumber),
            "TxnDate": .string(plan.txnDate),
            "DueDate": plan.entity == "Bill" ? plan.dueDate.map(JSONValue.string) : nil,
            "CurrencyRef": plan.currency.map { .object(["value": .string($0)]) },
            "SalesTermRef": plan.entity == "Bill" ? plan.termId.map { .ref($0, name: plan.termName) } : nil,
            "DepartmentRef": plan.department.map { .ref($0.qboId, name: $0.qboName) },
            "PrivateNote": .string(plan.privateNote),
            "Line": .array(lines),
        ])
    }

    /// A Vendor create body, or a sparse update body when `update` is given.
    package static func vendor(_ fields: VendorPlanned.Fields, update: (id: String, syncToken: String)? = nil)
        -> JSONValue
    {
        let hasAddress = [
            fields.line1, fields.line2, fields.city, fields.countrySubDivisionCode, fields.postalCode,
            fields.country,
        ].contains { $0 != nil }
        return .object([
            "Id": update.map { .string($0.id) },
            "SyncToken": update.map { .string($0.syncToken) },
            "sparse": update == nil ? nil : .bool(true),
            "DisplayName": .string(fields.displayName),
            "CompanyName": fields.companyName.map(JSONValue.string),
            "PrintOnCheckName": fields.printOnCheckName.map(JSONValue.string),
            "BillAddr": hasAddress
                ? .object([
                    "Line1": fields.line1.map(JSONValue.string), "Line2": fields.line2.map(JSONValue.string),
                    "City": fields.city.map(JSONValue.string),
                    "CountrySubDivisionCode": fields.countrySubDivisionCode.map(JSONValue.string),
                    "PostalCode": fields.postalCode.map(JSONValue.string),
                    "Country": fields.country.map(JSONValue.string),
                ]) : nil,
            "TaxIdentifier": fields.taxIdentifier.map(JSONValue.string),
            "PrimaryEmailAddr": fields.email.map { .object(["Address": .string($0)]) },
            "PrimaryPhone": fields.phone.map { .object(["FreeFormNumber": .string($0)]) },
            "TermRef": fields.termId.map { .ref($0) },
            "CurrencyRef": update == nil ? fields.currency.map { .object(["value": .string($0)]) } : nil,
            "Vendor1099": fields.vendor1099.map(JSONValue.bool),
            "AcctNum": fields.acctNum.map(JSONValue.string),
            "Active": .bool(fields.active),
        ])
    }

    /// A BillPayment create body (qbo-api.md §2.7).
    package static func billPayment(_ plan: PaymentPlanned) -> JSONValue {
        let account = JSONValue.ref(plan.account.qboId, name: plan.account.qboName)
        return .object([
            "VendorRef": .ref(plan.vendorQboId),
            "PayType": .string(plan.payType),
            "TotalAmt": .money(plan.amount),
            "TxnDate": .string(plan.txnDate),
            "DocNumber": plan.reference.map { .string(String($0.prefix(21))) },
            "PrivateNote": .string(plan.privateNote),
            "CheckPayment": plan.payType == "Check"
                ? .object(["BankAccountRef": account, "PrintStatus": .string("NotSet")]) : nil,
            "CreditCardPayment": plan.payType == "CreditCard" ? .object(["CCAccountRef": account]) : nil,
            "Line": .array([
                .object([
                    "Amount": .money(plan.amount),
                    "LinkedTxn": .array([.object(["TxnId": .string(plan.billQboId), "TxnType": .string("Bill")])]),
                ])
            ]),
        ])
    }

    /// A string literal for the query language: single quotes and backslashes escaped with a backslash
    /// (qbo-api.md §3).
    package static func literal(_ value: String) -> String {
        "'" + value.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "'", with: "\\'") + "'"
    }

    /// The lookup that settles a Bill whose create outcome is unknown (design.md, qbo-api.md §9).
    package static func billLookup(entity: String, docNumber: String, vendorQboId: String) -> String {
        "select * from \(entity) where DocNumber = \(literal(docNumber)) and VendorRef = \(literal(vendorQboId))"
    }

    /// A multipart `/upload` body linking one file to an entity (qbo-api.md §2.8).
    /// - Returns: the body, its content type, and the metadata part's JSON (recorded instead of the bytes).
    package static func upload(
        fileName: String, contentType: String, bytes: [UInt8], entity: String, entityId: String, boundary: String
    ) -> (body: [UInt8], contentType: String, metadata: String) {
        let metadata = JSONValue.object([
            "AttachableRef": .array([
                .object(["EntityRef": .object(["type": .string(entity), "value": .string(entityId)])])
            ]),
            "FileName": .string(fileName), "ContentType": .string(contentType),
        ]).text
        let safeName = fileName.replacingOccurrences(of: "\"", with: "'").replacingOccurrences(of: "\r", with: "")
            .replacingOccurrences(of: "\n", with: "")
        var body: [UInt8] = []
        body += Array(
            ("--\(boundary)\r\nContent-Disposition: form-data; name=\"file_metadata_01\"; filename=\"attachment.json\"\r\n"
                + "Content-Type: application/json\r\n\r\n\(metadata)\r\n").utf8)
        body += Array(
            ("--\(boundary)\r\nContent-Disposition: form-data; name=\"file_content_01\"; filename=\"\(safeName)\"\r\n"
                + "Content-Type: \(contentType)\r\n\r\n").utf8)
        body += bytes
        body += Array("\r\n--\(boundary)--\r\n".utf8)
        return (body, "multipart/form-data; boundary=\(boundary)", metadata)
    }
}
