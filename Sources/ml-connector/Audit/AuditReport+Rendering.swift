extension AuditReport {
    /// Self-contained HTML: summary first, then tables, then quarantine with reasons.
    func html() -> String {
        var body = "<h1>ml-connector audit report</h1><p class=\"muted\">Events recorded \(HTML.escape(from)) to \(HTML.escape(to)) (UTC), generated \(HTML.escape(generatedAt)).</p>"
        body += "<h2>Summary</h2><table class=\"summary\"><tbody>"
        body += "<tr><th>Posted</th><td class=\"num\" id=\"posted-count\">\(posted.count)</td><td class=\"num\" id=\"posted-total\">\(postedTotal)</td></tr>"
        body += "<tr><th>Skipped as duplicate</th><td class=\"num\">\(skipped.count)</td><td></td></tr>"
        body += "<tr><th>Quarantined (open)</th><td class=\"num bad\" id=\"quarantined-count\">\(quarantined.count)</td><td></td></tr>"
        body += "<tr><th>Pending (planned, not yet posted)</th><td class=\"num\">\(pending.count)</td><td class=\"num\">\(pending.map(\.total).sum())</td></tr>"
        body += "</tbody></table>"
        body += "<h2>Totals by vendor</h2>" + HTML.table(
            ["Vendor", "Documents", "Amount"], totalsByVendor.map { [$0.name, String($0.count), $0.amount.description] }
                + [["Total", String(posted.count), postedTotal.description]], numeric: [1, 2])
        body += "<h2>Totals by GL account</h2>" + HTML.table(
            ["QBO account", "Lines", "Amount"], totalsByAccount.map { [$0.name, String($0.count), $0.amount.description] }
                + [["Total", String(totalsByAccount.map(\.count).reduce(0, +)), totalsByAccount.map(\.amount).sum().description]],
            numeric: [1, 2])
        body += "<h2>Posted</h2>" + HTML.table(
            ["Invoice", "Type", "QBO Id", "DocNumber", "Vendor", "Date", "Amount", "Posted at"],
            posted.map { [$0.invoiceId, $0.entity, $0.qboId, $0.docNumber, $0.vendor, $0.txnDate, $0.total.description, $0.postedAt] },
            numeric: [6])
        body += "<h2>Pending</h2>" + (pending.isEmpty ? "<p class=\"muted\">None.</p>" : HTML.table(
            ["Invoice", "Vendor", "Amount", "Planned at"], pending.map { [$0.invoiceId, $0.vendor, $0.total.description, $0.plannedAt] },
            numeric: [2]))
        body += "<h2>Skipped as duplicate</h2>" + (skipped.isEmpty ? "<p class=\"muted\">None.</p>" : HTML.table(
            ["Invoice", "Reason", "File", "When"], skipped.map { [$0.invoiceId, $0.reason, $0.file, $0.skippedAt] }))
        body += "<h2>Quarantine</h2>" + (quarantined.isEmpty ? "<p class=\"muted\">None.</p>" : HTML.table(
            ["Invoice", "Category", "Reason and fix", "File", "Since"],
            quarantined.map { [$0.invoiceId, $0.categories.joined(separator: ", "), $0.reasons.joined(separator: " | "), $0.file, $0.quarantinedAt] }))
        return HTML.page(title: "ml-connector audit report \(from) to \(to)", body: body)
    }

    /// One flat CSV a spreadsheet opens safely.
    func csv() -> String {
        var lines = [SpreadsheetCSV.row(["section", "invoice_id", "type", "qbo_id", "doc_number", "vendor", "date", "amount", "detail"])]
        for item in posted {
            lines.append(SpreadsheetCSV.row(["posted", item.invoiceId, item.entity, item.qboId, item.docNumber, item.vendor, item.txnDate, item.total.description, item.postedAt], numeric: [7]))
        }
        for item in pending {
            lines.append(SpreadsheetCSV.row(["pending", item.invoiceId, "", "", "", item.vendor, "", item.total.description, item.plannedAt], numeric: [7]))
        }
        for item in skipped {
            lines.append(SpreadsheetCSV.row(["skipped", item.invoiceId, "", "", "", "", "", "", "\(item.reason) (\(item.file))"]))
        }
        for item in quarantined {
            lines.append(SpreadsheetCSV.row(["quarantined", item.invoiceId, item.categories.joined(separator: " "), "", "", "", "", item.total?.description ?? "", item.reasons.joined(separator: " | ")], numeric: [7]))
        }
        for item in totalsByVendor {
            lines.append(SpreadsheetCSV.row(["total-vendor", "", "", "", "", item.name, "", item.amount.description, "\(item.count) documents"], numeric: [7]))
        }
        for item in totalsByAccount {
            lines.append(SpreadsheetCSV.row(["total-account", "", "", "", "", "", "", item.amount.description, item.name], numeric: [7]))
        }
        return lines.joined(separator: "\r\n") + "\r\n"
    }

    /// Markdown for pasting into a ticket or an e-mail.
    func markdown() -> String {
        func escape(_ text: String) -> String { text.replacingOccurrences(of: "|", with: "\\|") }
        var lines = ["# ml-connector audit report \(from) to \(to)", "",
                     "- Posted: \(posted.count) documents, \(postedTotal)",
                     "- Skipped as duplicate: \(skipped.count)",
                     "- Quarantined (open): \(quarantined.count)",
                     "- Pending: \(pending.count)", "", "## Totals by vendor", "", "| Vendor | Documents | Amount |", "|---|---:|---:|"]
        lines += totalsByVendor.map { "| \(escape($0.name)) | \($0.count) | \($0.amount) |" }
        lines += ["", "## Totals by GL account", "", "| Account | Lines | Amount |", "|---|---:|---:|"]
        lines += totalsByAccount.map { "| \(escape($0.name)) | \($0.count) | \($0.amount) |" }
        lines += ["", "## Quarantine", ""]
        lines += quarantined.isEmpty ? ["None."] : quarantined.map { "- **\(escape($0.invoiceId))** (\($0.categories.joined(separator: ", "))): \(escape($0.reasons.joined(separator: " | ")))" }
        return lines.joined(separator: "\n") + "\n"
    }
}
