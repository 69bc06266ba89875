extension InvoiceDossier {
    /// The dossier as plain text for a terminal.
    func text() -> String {
        var lines = ["Invoice \(invoiceId): \(status)"]
        if let qboBillId { lines.append("QBO Bill Id \(qboBillId), SyncToken \(qboSyncToken ?? "-")") }
        if let total { lines.append("Total \(total)" + (vendor.map { ", vendor \($0)" } ?? "")) }
        lines.append("")
        lines.append("Source files:")
        for file in sourceFiles {
            lines.append("  \(file.path)  sha256 \(file.sha256)  \(file.size) bytes, \(file.rowCount) rows, fetched \(file.fetchedAt) (seq \(file.fetchedSeq))")
            if let readiness = file.readiness {
                let first = file.firstListing.map { "size \($0.size) mtime \($0.mtime) at \($0.listedAt)" } ?? "-"
                let second = file.secondListing.map { "size \($0.size) mtime \($0.mtime) at \($0.listedAt)" } ?? "-"
                lines.append("    ready by \(readiness): listing 1 \(first); listing 2 \(second)")
            }
        }
        lines.append("")
        lines.append("Rows:")
        for row in rows {
            lines.append("  \(row.file) row \(row.row) (seq \(row.seq)) \(row.status)" + (row.problem.map { ": \($0)" } ?? ""))
            if let csv = row.originalCSV { lines.append("    " + csv.trimmingCharacters(in: .newlines)) }
        }
        for (title, entries) in [
            ("Decisions", decisions), ("Vendor resolution", vendorResolution), ("Requests and responses", publishing),
            ("Operator actions", operatorActions),
        ] where !entries.isEmpty {
            lines.append("")
            lines.append("\(title):")
            for entry in entries { lines.append("  seq \(entry.seq) \(entry.recordedAt) \(entry.type): \(entry.summary)") }
        }
        return lines.joined(separator: "\n")
    }

    /// The dossier as one self-contained HTML page.
    func html() -> String {
        var body = "<h1>Invoice <span id=\"invoice-id\">\(HTML.escape(invoiceId))</span></h1>"
        body += "<table class=\"summary\"><tbody>"
        body += "<tr><th>Status</th><td id=\"status\">\(HTML.escape(status))</td></tr>"
        body += "<tr><th>QBO Bill Id</th><td id=\"bill-id\">\(HTML.escape(qboBillId ?? "not posted"))</td></tr>"
        body += "<tr><th>Total</th><td id=\"total\" class=\"num\">\(HTML.escape(total ?? "-"))</td></tr>"
        body += "<tr><th>Vendor</th><td>\(HTML.escape(vendor ?? "-"))</td></tr></tbody></table>"
        body += "<h2>Source files</h2>" + HTML.table(
            ["Path", "SHA-256", "Bytes", "Rows", "Fetched", "Readiness evidence"],
            sourceFiles.map { file in
                [file.path, file.sha256, String(file.size), String(file.rowCount), "\(file.fetchedAt) (seq \(file.fetchedSeq))",
                 file.readiness.map { readiness in
                     "\(readiness): " + [file.firstListing, file.secondListing].compactMap { $0 }
                         .map { "size \($0.size), mtime \($0.mtime) at \($0.listedAt)" }.joined(separator: "; ")
                 } ?? "-"]
            }, numeric: [2, 3])
        body += "<h2>Rows and their original CSV bytes</h2><table><thead><tr><th>File</th><th>Row</th><th>Status</th><th>Original CSV</th></tr></thead><tbody>"
        for row in rows {
            body += "<tr><td>\(HTML.escape(row.file))</td><td class=\"num\">\(row.row)</td><td>\(HTML.escape(row.status + (row.problem.map { ": \($0)" } ?? "")))</td><td><pre>\(HTML.escape(row.originalCSV ?? "(not stored)"))</pre></td></tr>"
        }
        body += "</tbody></table>"
        for (title, entries) in [
            ("Decisions (mapping version and rules)", decisions), ("Vendor resolution", vendorResolution),
            ("Requests and responses", publishing), ("Operator actions", operatorActions),
        ] {
            body += "<h2>\(HTML.escape(title))</h2>"
            body += entries.isEmpty
                ? "<p class=\"muted\">None.</p>"
                : HTML.table(["Seq", "Recorded", "Event", "What"], entries.map { [String($0.seq), $0.recordedAt, $0.type, $0.summary] }, numeric: [0])
        }
        return HTML.page(title: "Audit dossier for invoice \(invoiceId)", body: body)
    }
}
