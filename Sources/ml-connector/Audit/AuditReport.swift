import EventLog
import Foundation

/// What happened in a period, for an accountant to tie out: everything posted (with totals per vendor
/// and per GL account), skipped as a duplicate, quarantined and still pending.
struct AuditReport: Encodable {
    struct Posted: Encodable {
        var invoiceId: String
        var entity: String
        var qboId: String
        var docNumber: String
        var vendor: String
        var txnDate: String
        var total: Money
        var postedAt: String
    }

    struct Skipped: Encodable {
        var invoiceId: String
        var reason: String
        var file: String
        var skippedAt: String
    }

    struct Quarantined: Encodable {
        var invoiceId: String
        var categories: [String]
        var reasons: [String]
        var file: String
        var total: Money?
        var quarantinedAt: String
    }

    struct Pending: Encodable {
        var invoiceId: String
        var vendor: String
        var total: Money
        var plannedAt: String
    }

    struct Total: Encodable {
        var name: String
        var count: Int
        var amount: Money
    }

    var from: String
    var to: String
    var generatedAt: String
    var posted: [Posted] = []
    var skipped: [Skipped] = []
    var quarantined: [Quarantined] = []
    var pending: [Pending] = []
    var totalsByVendor: [Total] = []
    var totalsByAccount: [Total] = []
    var postedTotal: Money = .zero

    /// Page size when scanning the log.
    static let pageSize = 5_000

    /// Builds the report for events recorded from `from` to `to` (UTC dates, inclusive).
    /// - Throws: ``EventLogError``.
    static func load(store: any EventStore, from: String, to: String) throws -> AuditReport {
        var report = AuditReport(from: from, to: to, generatedAt: SystemEventClock().timestamp())
        let types: Set<String> = [
            BillPlanned.type, BillPosted.type, InvoiceSkipped.type, InvoiceQuarantined.type, WriteRejected.type,
            QuarantineDismissed.type,
        ]
        var plans: [String: BillPlanned] = [:]  // invoiceId|contentHash → plan
        var latestPlan: [String: (BillPlanned, String)] = [:]
        var postedInvoices = Set<String>()
        var openQuarantine: [String: Quarantined] = [:]
        var vendorTotals: [String: Total] = [:]
        var accountTotals: [String: Total] = [:]
        var after: Int64 = 0
        scan: while true {
            let page = try store.events(types: types, after: after, limit: pageSize)
            guard let last = page.last else { break }
            after = last.seq
            for event in page {
                let day = String(event.recordedAt.prefix(10))
                if day > to { break scan }
                let inPeriod = day >= from
                switch event.type {
                case BillPlanned.type:
                    let plan = try event.decode(BillPlanned.self)
                    plans[plan.invoiceId + "|" + plan.contentHash] = plan
                    latestPlan[plan.invoiceId] = (plan, event.recordedAt)
                    openQuarantine[plan.invoiceId] = nil
                case BillPosted.type:
                    let posted = try event.decode(BillPosted.self)
                    postedInvoices.insert(posted.invoiceId)
                    openQuarantine[posted.invoiceId] = nil
                    guard inPeriod else { continue }
                    let plan = plans[posted.invoiceId + "|" + posted.contentHash]
                    let sign: (Money) -> Money = { posted.entity == "VendorCredit" ? -$0 : $0 }
                    report.posted.append(Posted(
                        invoiceId: posted.invoiceId, entity: posted.entity, qboId: posted.qboId,
                        docNumber: posted.docNumber ?? plan?.docNumber ?? "", vendor: plan?.vendorName ?? posted.vendorQboId,
                        txnDate: plan?.txnDate ?? "", total: sign(posted.totalAmt), postedAt: event.recordedAt))
                    report.postedTotal += sign(posted.totalAmt)
                    let vendor = plan?.vendorName ?? "QBO vendor \(posted.vendorQboId)"
                    vendorTotals[vendor, default: Total(name: vendor, count: 0, amount: .zero)].count += 1
                    vendorTotals[vendor]!.amount += sign(posted.totalAmt)
                    for line in plan?.lines ?? [] {
                        let account = line.account.qboName
                        accountTotals[account, default: Total(name: account, count: 0, amount: .zero)].count += 1
                        accountTotals[account]!.amount += sign(line.amount)
                    }
                case InvoiceSkipped.type where inPeriod:
                    let skipped = try event.decode(InvoiceSkipped.self)
                    report.skipped.append(Skipped(
                        invoiceId: skipped.invoiceId, reason: skipped.reason, file: skipped.path, skippedAt: event.recordedAt))
                case InvoiceQuarantined.type:
                    let item = try event.decode(InvoiceQuarantined.self)
                    guard !postedInvoices.contains(item.invoiceId) else { continue }
                    openQuarantine[item.invoiceId] = Quarantined(
                        invoiceId: item.invoiceId, categories: item.problems.map(\.category),
                        reasons: item.problems.map { $0.message + ($0.fix.map { " Fix: \($0)" } ?? "") }, file: item.path,
                        total: item.total, quarantinedAt: event.recordedAt)
                    latestPlan[item.invoiceId] = nil
                case WriteRejected.type:
                    let item = try event.decode(WriteRejected.self)
                    guard item.entity == "Bill" || item.entity == "VendorCredit" else { continue }
                    openQuarantine[item.stampliId] = Quarantined(
                        invoiceId: item.stampliId, categories: ["qbo-rejected"],
                        reasons: ["QBO refused it (code \(item.code ?? "-")): \(item.message) \(item.detail ?? "")"],
                        file: "", total: nil, quarantinedAt: event.recordedAt)
                    latestPlan[item.stampliId] = nil
                case QuarantineDismissed.type:
                    let item = try event.decode(QuarantineDismissed.self)
                    openQuarantine[item.stampliId] = nil
                default: break
                }
            }
        }
        report.quarantined = openQuarantine.values.filter { String($0.quarantinedAt.prefix(10)) >= from }
            .sorted { $0.invoiceId < $1.invoiceId }
        report.pending = latestPlan.filter { !postedInvoices.contains($0.key) }.map { id, value in
            Pending(invoiceId: id, vendor: value.0.vendorName, total: value.0.total, plannedAt: value.1)
        }.sorted { $0.invoiceId < $1.invoiceId }
        report.totalsByVendor = vendorTotals.values.sorted { $0.name < $1.name }
        report.totalsByAccount = accountTotals.values.sorted { $0.name < $1.name }
        return report
    }
}
