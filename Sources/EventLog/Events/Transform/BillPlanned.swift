/// A Bill (or, for a negative total, a VendorCredit) ready for Publish to post. Emitted by Transform once
/// the invoice is valid, every value is mapped to an active QBO record and its vendor is confirmed in QBO.
/// Publish posts it with ``requestId`` and never posts the same invoice twice. Subject: `invoice:<Invoice ID>`.
package struct BillPlanned: EventPayload, Equatable {
    package static let type = "transform.bill.planned"
    package static let version = 1

    /// One account-based expense line.
    package struct Line: Codable, Sendable, Equatable {
        package var lineNumber: Int
        package var description: String?
        /// Positive amount (for a VendorCredit, the magnitude of the Stampli line).
        package var amount: Money
        package var account: RuleChoice
        package var classChoice: RuleChoice?
        package var customerId: String?
        package var customerName: String?
        /// `Billable` or `NotBillable`.
        package var billableStatus: String?
        /// Row of the source file this line came from.
        package var sourceRow: Int

        package init(
            lineNumber: Int, description: String?, amount: Money, account: RuleChoice, classChoice: RuleChoice?,
            customerId: String?, customerName: String?, billableStatus: String?, sourceRow: Int
        ) {
            self.lineNumber = lineNumber
            self.description = description
            self.amount = amount
            self.account = account
            self.classChoice = classChoice
            self.customerId = customerId
            self.customerName = customerName
            self.billableStatus = billableStatus
            self.sourceRow = sourceRow
        }
    }

    /// A file to upload and link to the Bill once it exists.
    package struct Attachment: Codable, Sendable, Equatable {
        package var fileName: String
        package var blobSha256: String
        package var contentType: String

        package init(fileName: String, blobSha256: String, contentType: String) {
            self.fileName = fileName
            self.blobSha256 = blobSha256
            self.contentType = contentType
        }
    }

    package var invoiceId: String
    package var contentHash: String
    /// Deterministic QBO `requestid` (≤ 50 characters) derived from the invoice id and content hash.
    package var requestId: String
    /// `Bill` or `VendorCredit`.
    package var entity: String
    /// `create`, or `update` for an amendment when `on_amendment = "update"`.
    package var action: String
    /// For `update`: the QBO Id of the Bill to replace.
    package var qboId: String?
    package var stampliVendorId: String
    package var vendorQboId: String
    package var vendorName: String
    package var docNumber: String
    package var txnDate: String
    package var dueDate: String?
    package var currency: String?
    package var termId: String?
    package var termName: String?
    package var department: RuleChoice?
    package var lines: [Line]
    package var total: Money
    /// The audit stamp plus the Stampli memo, ≤ 4000 characters.
    package var privateNote: String
    package var poNumber: String?
    package var attachments: [Attachment]
    package var approver: String?
    package var approvedDate: String?
    package var fileSha256: String
    package var path: String
    package var mappingSha256: String?

    package init(
        invoiceId: String, contentHash: String, requestId: String, entity: String, action: String, qboId: String?,
        stampliVendorId: String, vendorQboId: String, vendorName: String, docNumber: String, txnDate: String,
        dueDate: String?, currency: String?, termId: String?, termName: String?, department: RuleChoice?,
        lines: [Line], total: Money, privateNote: String, poNumber: String?, attachments: [Attachment],
        approver: String?, approvedDate: String?, fileSha256: String, path: String, mappingSha256: String?
    ) {
        self.invoiceId = invoiceId
        self.contentHash = contentHash
        self.requestId = requestId
        self.entity = entity
        self.action = action
        self.qboId = qboId
        self.stampliVendorId = stampliVendorId
        self.vendorQboId = vendorQboId
        self.vendorName = vendorName
        self.docNumber = docNumber
        self.txnDate = txnDate
        self.dueDate = dueDate
        self.currency = currency
        self.termId = termId
        self.termName = termName
        self.department = department
        self.lines = lines
        self.total = total
        self.privateNote = privateNote
        self.poNumber = poNumber
        self.attachments = attachments
        self.approver = approver
        self.approvedDate = approvedDate
        self.fileSha256 = fileSha256
        self.path = path
        self.mappingSha256 = mappingSha256
    }
}
