import EventLog

@testable import Publish

/// Plan events built directly, as Transform would emit them, against the emulator's demo company.
enum Fixtures {
    static func choice(_ id: String, _ name: String) -> RuleChoice {
        RuleChoice(stampli: name, qboId: id, qboName: name, rule: "qbo-id")
    }

    static func billPlan(
        invoiceId: String, docNumber: String, amounts: [String] = ["100.10", "0.20"], vendorId: String = "601",
        entity: String = "Bill", attachments: [BillPlanned.Attachment] = [], contentHash: String? = nil
    ) -> BillPlanned {
        let lines = amounts.enumerated().map { index, amount in
            BillPlanned.Line(
                lineNumber: index + 1, description: "line \(index + 1)", amount: Money(amount)!,
                account: index == 0 ? choice("9", "Software Subscriptions") : choice("8", "Office Expenses"),
                classChoice: index == 0 ? nil : choice("101", "Operations"), customerId: nil, customerName: nil,
                billableStatus: nil, sourceRow: index + 2)
        }
        let total = lines.map(\.amount).sum()
        let hash = contentHash ?? SHA256Digest.hex(of: Array("\(invoiceId)|\(docNumber)|\(amounts)".utf8))
        return BillPlanned(
            invoiceId: invoiceId, contentHash: hash, requestId: "bill-\(invoiceId)-\(hash.prefix(12))", entity: entity,
            action: "create", qboId: nil, stampliVendorId: "V-\(vendorId)", vendorQboId: vendorId,
            vendorName: "Bob's Burger Joint", docNumber: docNumber, txnDate: "2026-11-02", dueDate: "2026-12-02",
            currency: nil, termId: entity == "Bill" ? "303" : nil, termName: entity == "Bill" ? "Net 30" : nil,
            department: choice("201", "Headquarters"), lines: lines, total: total,
            privateNote: "Stampli invoice \(invoiceId) | approved by Ann", poNumber: nil, attachments: attachments,
            approver: "Ann", approvedDate: "2026-11-01", fileSha256: String(repeating: "a", count: 64),
            path: "/exports/invoices.csv", mappingSha256: nil)
    }

    static func vendorPlan(
        id: String, name: String, action: String = "create", qboId: String? = nil, email: String? = nil
    ) -> VendorPlanned {
        var fields = VendorPlanned.Fields(displayName: name, active: true)
        fields.email = email
        fields.companyName = name
        let hash = SHA256Digest.hex(of: Array("\(id)|\(name)|\(action)|\(email ?? "")".utf8))
        return VendorPlanned(
            stampliVendorId: id, action: action, qboId: qboId, fields: fields, contentHash: hash,
            requestId: "vendor-\(id)-\(hash.prefix(12))", fileSha256: String(repeating: "b", count: 64),
            path: "/exports/vendors.csv", row: 2)
    }

    static func paymentPlan(id: String, invoiceId: String, billId: String, amount: String) -> PaymentPlanned {
        PaymentPlanned(
            paymentId: id, invoiceId: invoiceId, contentHash: "ph-\(id)", requestId: "pay-\(id)", billQboId: billId,
            vendorQboId: "601", amount: Money(amount)!, txnDate: "2026-11-20", payType: "Check",
            account: choice("1", "Checking"), reference: "CHK-\(id)", privateNote: "Stampli payment \(id)",
            fileSha256: String(repeating: "c", count: 64), path: "/exports/payments.csv", row: 2)
    }
}
