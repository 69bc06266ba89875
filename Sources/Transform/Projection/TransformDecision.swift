import EventLog

/// One decision Transform appends, before it is encoded.
enum TransformDecision {
    case bill(BillPlanned)
    case invoiceQuarantined(InvoiceQuarantined)
    case invoiceSkipped(InvoiceSkipped)
    case invoiceWaiting(InvoiceWaiting)
    case vendor(VendorPlanned)
    case vendorQuarantined(VendorQuarantined)
    case payment(PaymentPlanned)
    case paymentQuarantined(PaymentQuarantined)
    case paymentWaiting(PaymentWaiting)

    /// The event's subject: `invoice:`, `vendor:` or `payment:` + the Stampli id.
    var subject: String {
        switch self {
        case .bill(let plan): "invoice:\(plan.invoiceId)"
        case .invoiceQuarantined(let decision): "invoice:\(decision.invoiceId)"
        case .invoiceSkipped(let decision): "invoice:\(decision.invoiceId)"
        case .invoiceWaiting(let decision): "invoice:\(decision.invoiceId)"
        case .vendor(let plan): "vendor:\(plan.stampliVendorId)"
        case .vendorQuarantined(let decision): "vendor:\(decision.stampliVendorId)"
        case .payment(let plan): "payment:\(plan.paymentId)"
        case .paymentQuarantined(let decision): "payment:\(decision.paymentId)"
        case .paymentWaiting(let decision): "payment:\(decision.paymentId)"
        }
    }

    /// The report counter this decision adds to.
    var counter: String {
        switch self {
        case .bill: "billsPlanned"
        case .invoiceQuarantined: "invoicesQuarantined"
        case .invoiceSkipped: "invoicesSkipped"
        case .invoiceWaiting: "invoicesWaiting"
        case .vendor: "vendorsPlanned"
        case .vendorQuarantined: "vendorsQuarantined"
        case .payment: "paymentsPlanned"
        case .paymentQuarantined: "paymentsQuarantined"
        case .paymentWaiting: "paymentsWaiting"
        }
    }

    /// The canonical event.
    /// - Throws: `EncodingError`.
    func event() throws -> NewEvent {
        switch self {
        case .bill(let payload):
            NewEvent(
                type: BillPlanned.type, version: BillPlanned.version, subject: subject, payload: payload.canonicalBytes)
        case .invoiceQuarantined(let payload): try NewEvent(payload, subject: subject)
        case .invoiceSkipped(let payload): try NewEvent(payload, subject: subject)
        case .invoiceWaiting(let payload): try NewEvent(payload, subject: subject)
        case .vendor(let payload): try NewEvent(payload, subject: subject)
        case .vendorQuarantined(let payload): try NewEvent(payload, subject: subject)
        case .payment(let payload): try NewEvent(payload, subject: subject)
        case .paymentQuarantined(let payload): try NewEvent(payload, subject: subject)
        case .paymentWaiting(let payload): try NewEvent(payload, subject: subject)
        }
    }

    /// The decision a recorded event holds, or nil for other types.
    /// - Throws: ``EventLogError`` when the payload does not decode.
    static func decode(_ event: RecordedEvent) throws -> TransformDecision? {
        switch event.type {
        case BillPlanned.type: .bill(try event.decode(BillPlanned.self))
        case InvoiceQuarantined.type: .invoiceQuarantined(try event.decode(InvoiceQuarantined.self))
        case InvoiceSkipped.type: .invoiceSkipped(try event.decode(InvoiceSkipped.self))
        case InvoiceWaiting.type: .invoiceWaiting(try event.decode(InvoiceWaiting.self))
        case VendorPlanned.type: .vendor(try event.decode(VendorPlanned.self))
        case VendorQuarantined.type: .vendorQuarantined(try event.decode(VendorQuarantined.self))
        case PaymentPlanned.type: .payment(try event.decode(PaymentPlanned.self))
        case PaymentQuarantined.type: .paymentQuarantined(try event.decode(PaymentQuarantined.self))
        case PaymentWaiting.type: .paymentWaiting(try event.decode(PaymentWaiting.self))
        default: nil
        }
    }
}
