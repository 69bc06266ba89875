/// Small helpers for the self-contained HTML reports (no scripts, no external resources).
enum HTML {
    static func escape(_ text: String) -> String {
        var out = ""
        out.reserveCapacity(text.count)
        for character in text {
            switch character {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&#39;"
            default: out.append(character)
            }
        }
        return out
    }

    static func table(_ header: [String], _ rows: [[String]], numeric: Set<Int> = []) -> String {
        var html = "<table><thead><tr>" + header.map { "<th>\(escape($0))</th>" }.joined() + "</tr></thead><tbody>"
        for row in rows {
            html += "<tr>" + row.enumerated().map { index, cell in
                numeric.contains(index) ? "<td class=\"num\">\(escape(cell))</td>" : "<td>\(escape(cell))</td>"
            }.joined() + "</tr>"
        }
        return html + "</tbody></table>"
    }

    static func page(title: String, body: String) -> String {
        """
        <!DOCTYPE html>
        <html lang="en"><head><meta charset="utf-8"><title>\(escape(title))</title>
        <style>
        body{font-family:-apple-system,Segoe UI,Helvetica,Arial,sans-serif;margin:2em;color:#1d2330;max-width:1200px}
        h1{font-size:1.5em;margin-bottom:.2em}h2{font-size:1.15em;margin-top:1.8em;border-bottom:1px solid #d8dce6;padding-bottom:.2em}
        table{border-collapse:collapse;width:100%;margin:.6em 0;font-size:.9em}
        th,td{border:1px solid #d8dce6;padding:.3em .5em;text-align:left;vertical-align:top}
        th{background:#f2f4f8}td.num{text-align:right;font-variant-numeric:tabular-nums;white-space:nowrap}
        .summary td{font-size:1.05em}.muted{color:#667085}.bad{color:#b42318}.ok{color:#067647}
        pre{background:#f6f8fa;padding:.4em;overflow-x:auto;white-space:pre-wrap;margin:0}
        </style></head><body>
        \(body)
        </body></html>

        """
    }
}

/// CSV output for spreadsheets: RFC 4180 quoting, and cells that a spreadsheet would run as a formula
/// (leading `=`, `+`, `-`, `@`, tab or CR) are prefixed with a quote character.
enum SpreadsheetCSV {
    static func cell(_ text: String, isNumber: Bool = false) -> String {
        var value = text
        if !isNumber, let first = value.first, ["=", "+", "-", "@", "\t", "\r"].contains(first) {
            value = "'" + value
        }
        if value.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) {
            value = "\"" + value.replacingOccurrences(of: "\"", with: "\"\"") + "\""
        }
        return value
    }

    static func row(_ cells: [String], numeric: Set<Int> = []) -> String {
        cells.enumerated().map { cell($1, isNumber: numeric.contains($0)) }.joined(separator: ",")
    }
}
