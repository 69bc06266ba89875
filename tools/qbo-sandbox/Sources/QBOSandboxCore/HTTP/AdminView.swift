import Foundation

/// A plain HTML page listing Bills and Vendors, for a person checking what was posted.
enum AdminView {
    static func html(_ companies: [String: Company]) -> String {
        var page = "<!doctype html><html><head><meta charset=\"utf-8\"><title>qbo-sandbox</title><style>"
            + "body{font-family:sans-serif}table{border-collapse:collapse}td,th{border:1px solid #ccc;padding:3px 6px}"
            + "</style></head><body><h1>qbo-sandbox</h1>"
        for company in companies.values.sorted(by: { $0.realmId < $1.realmId }) {
            page += "<h2>Company \(escape(company.realmId))</h2><h3>Bills</h3><table><tr><th>Id</th><th>Vendor</th>"
                + "<th>DocNumber</th><th>TxnDate</th><th>DueDate</th><th>TotalAmt</th><th>Balance</th><th>SyncToken</th></tr>"
            for bill in company.sortedRecords("Bill") {
                let cells = [
                    bill["Id"]?.stringValue, bill["VendorRef"]?["name"]?.stringValue, bill["DocNumber"]?.stringValue,
                    bill["TxnDate"]?.stringValue, bill["DueDate"]?.stringValue, bill["TotalAmt"]?.decimalValue?.jsonText,
                    bill["Balance"]?.decimalValue?.jsonText, bill["SyncToken"]?.stringValue,
                ]
                page += "<tr>" + cells.map { "<td>\(escape($0 ?? ""))</td>" }.joined() + "</tr>"
            }
            page += "</table><h3>Vendors</h3><table><tr><th>Id</th><th>DisplayName</th><th>Active</th>"
                + "<th>TaxIdentifier</th></tr>"
            for vendor in company.sortedRecords("Vendor") {
                let rendered = company.rendered(EntityCatalog.vendor, vendor)
                let cells = [
                    vendor["Id"]?.stringValue, vendor["DisplayName"]?.stringValue,
                    (vendor["Active"]?.boolValue ?? true) ? "yes" : "no", rendered["TaxIdentifier"]?.stringValue,
                ]
                page += "<tr>" + cells.map { "<td>\(escape($0 ?? ""))</td>" }.joined() + "</tr>"
            }
            page += "</table>"
        }
        return page + "</body></html>"
    }

    static func escape(_ text: String) -> String { XMLText.escape(text) }
}
