// Generates a realistic Stampli export (stampli-export.md) for the demo, tests and benchmarks:
// vendors, a GL chart, invoices with 1–10 lines over departments, classes and customers, payments,
// invoice images, a mapping file for the bundled QBO emulator company, a few deliberately bad rows,
// and a manifest of what each invoice should become. Deterministic for a given --seed.
//
// Usage: stampli-export-gen --out DIR [--invoices N] [--vendors N] [--files K] [--seed S]
//                           [--bad N] [--payments N] [--attachments N] [--gzip]
import Foundation

struct Options {
    var out = ""
    var invoices = 200
    var vendors = 25
    var files = 2
    var seed: UInt64 = 42
    var bad = 6
    var payments = 10
    var attachments = 3
    var gzip = false

    init(_ arguments: [String]) {
        var iterator = arguments.dropFirst().makeIterator()
        while let flag = iterator.next() {
            func value() -> String {
                guard let next = iterator.next() else { fail("\(flag) needs a value") }
                return next
            }
            switch flag {
            case "--out": out = value()
            case "--invoices": invoices = Int(value()) ?? invoices
            case "--vendors": vendors = Int(value()) ?? vendors
            case "--files": files = max(1, Int(value()) ?? files)
            case "--seed": seed = UInt64(value()) ?? seed
            case "--bad": bad = Int(value()) ?? bad
            case "--payments": payments = Int(value()) ?? payments
            case "--attachments": attachments = Int(value()) ?? attachments
            case "--gzip": gzip = true
            default: fail("unknown option \(flag)")
            }
        }
        if out.isEmpty { fail("--out DIR is required") }
    }
}

func fail(_ message: String) -> Never {
    FileHandle.standardError.write(Data("stampli-export-gen: \(message)\n".utf8))
    exit(64)
}

/// SplitMix64: small, fast and the same on every platform.
struct Random {
    var state: UInt64
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
    mutating func int(_ range: ClosedRange<Int>) -> Int {
        range.lowerBound + Int(next() % UInt64(range.count))
    }
    mutating func pick<T>(_ items: [T]) -> T { items[int(0...items.count - 1)] }
    mutating func chance(_ percent: Int) -> Bool { int(1...100) <= percent }
}

/// RFC 4180 quoting.
func csv(_ fields: [String]) -> String {
    fields.map { field in
        field.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" })
            ? "\"" + field.replacingOccurrences(of: "\"", with: "\"\"") + "\"" : field
    }.joined(separator: ",")
}

func cents(_ value: Int) -> String {
    let sign = value < 0 ? "-" : ""
    let magnitude = abs(value)
    return "\(sign)\(magnitude / 100).\(String(format: "%02d", magnitude % 100))"
}

let options = Options(CommandLine.arguments)
var random = Random(state: options.seed)
let manager = FileManager.default
for folder in ["invoices", "vendors", "gl_accounts", "purchase_orders", "payments"] {
    try manager.createDirectory(atPath: "\(options.out)/\(folder)", withIntermediateDirectories: true)
}
func write(_ relative: String, _ lines: [String]) throws {
    let text = lines.joined(separator: "\r\n") + "\r\n"
    try Data(text.utf8).write(to: URL(fileURLWithPath: "\(options.out)/\(relative)"))
}

// GL chart: Stampli codes, and how the mapping file names each QBO account.
let glCodes: [(code: String, name: String, qbo: String)] = [
    ("6000", "Advertising", "6000"), ("6010", "Online Ads", "Advertising:Online Ads"),
    ("6020", "Print Ads", "6020"), ("6100", "Office Expenses", "Office Expenses"),
    ("6110", "Software", "6110"), ("6200", "Legal and Professional", "Legal & Professional Fees"),
    ("6300", "Travel", "6300"), ("6310", "Meals", "Travel:Meals and Entertainment"),
    ("6400", "Utilities", "6400"), ("6500-NY", "Rent New York", "Rent or Lease"),
]
let unmappedCode = "7777"
let departments = [("HQ", "Headquarters"), ("WEST", "West Coast"), ("SF", "West Coast:San Francisco"), ("EAST", "East Coast")]
let classes = [("OPS", "Operations"), ("MKT", "Marketing"), ("MKT-EV", "Marketing:Events"), ("MKT-DIG", "Marketing:Digital")]
let customers = ["Amy's Bird Sanctuary", "Cool Cars", "Weiskopf Consulting", "Red Rock Diner"]
let terms = ["Net 30", "Net 15", "Net 60", "Due on receipt"]
let words = ["Toner", "Paper", "Consulting", "Hosting", "Catering", "Flights", "Hotel", "Ads", "Licenses", "Repairs",
             "Freight", "Cleaning", "Printing", "Training", "Parking"]

try write("gl_accounts/gl-accounts.csv",
          ["GL Code,GL Name,GL Type,Active"] + glCodes.map { csv([$0.code, $0.name, "Expense", "Y"]) }
            + [csv([unmappedCode, "Miscellaneous", "Expense", "Y"])])

var mapping = ["Type,Stampli,QuickBooks"]
mapping += glCodes.map { csv(["account", $0.code, $0.qbo]) }
mapping += departments.map { csv(["department", $0.0, $0.1]) }
mapping += classes.map { csv(["class", $0.0, $0.1]) }
mapping.append(csv(["bank", "Operating", "Checking"]))
mapping.append(csv(["bank", "Corporate Card", "Corporate Visa"]))
try write("mapping.csv", mapping)

// Vendors: new ones, plus names QBO already holds (to update or link) and two QBO will refuse.
var vendorRows = ["Vendor ID,Vendor Name,Legal Name,Address 1,Address 2,City,State,Postal Code,Country,Tax ID,Email,Phone,Terms,Currency,1099,Active"]
var vendorNames: [(id: String, name: String)] = []
let cities = [("New York", "NY", "10001"), ("San Francisco", "CA", "94105"), ("Austin", "TX", "78701"), ("Chicago", "IL", "60601")]
let existing = ["Hicks Hardware", "O'Brien Office Supply"]
for index in 0..<max(options.vendors, 3) {
    let id = "V-\(String(format: "%04d", index + 1))"
    let name = index < existing.count ? existing[index] : "\(random.pick(["Acme", "Globex", "Initech", "Umbrella", "Stark", "Wayne", "Wonka", "Tyrell"])) \(random.pick(["Supplies", "Services", "Logistics", "Labs", "Partners"])) \(index + 1)"
    let city = random.pick(cities)
    vendorNames.append((id, name))
    vendorRows.append(csv([id, name, name + ", Inc.", "\(random.int(1...999)) Main St", index % 3 == 0 ? "Suite \(random.int(100...900))" : "",
                           city.0, city.1, city.2, "USA", "\(random.int(10...99))-\(random.int(1_000_000...9_999_999))",
                           "ap@vendor\(index + 1).example", "(555) 555-\(String(format: "%04d", index))", random.pick(terms), "USD",
                           index % 4 == 0 ? "Y" : "N", "Y"]))
}
let refusedVendors = [("V-9001", "Parts: East"), ("V-9002", "Cool Cars")]
for vendor in refusedVendors {
    vendorRows.append(csv([vendor.0, vendor.1, "", "", "", "", "", "", "", "", "", "", "", "", "N", "Y"]))
}
try write("vendors/vendors.csv", vendorRows)

// Invoices.
struct Expected: Encodable {
    var invoiceId: String
    var vendorId: String
    var docNumber: String
    var total: String
    var lines: Int
    var outcome: String
    var reason: String?
}
let header = ["Invoice ID", "Invoice Number", "Vendor ID", "Vendor Name", "Invoice Date", "Due Date", "Currency",
              "Invoice Total", "Terms", "PO Number", "Memo", "Approved Date", "Approver", "Line Number",
              "Line Description", "Line Amount", "GL Account", "Department", "Class", "Customer", "Billable",
              "Attachment"]
var files = Array(repeating: [csv(header)], count: options.files)
var expected: [Expected] = []
var attachmentNames: [String] = []
let badKinds = ["total-mismatch", "unmapped-account", "department-conflict", "invalid-row", "doc-number-too-long", "vendor-rejected"]
for index in 0..<options.invoices {
    let invoiceId = "INV-\(String(format: "%06d", index + 1))"
    let vendor = vendorNames[index % vendorNames.count]
    var lineCount = random.int(1...10)
    var amounts = (0..<lineCount).map { _ in random.int(1...250_000) }
    if index % 37 == 5 { amounts = [10, 20] }  // 0.10 + 0.20
    if index % 53 == 7 { amounts = [1] }  // a one-cent bill
    if index % 97 == 11 { amounts = [123_456_789] }  // 1,234,567.89
    let isCredit = index % 41 == 9
    if isCredit { amounts = amounts.map { -$0 } }
    lineCount = amounts.count
    var total = amounts.reduce(0, +)
    let badKind: String? = index < options.bad * 7 && index % 7 == 3 ? badKinds[(index / 7) % badKinds.count] : nil
    var docNumber = "B\(20_000 + index)"
    var vendorId = vendor.id
    var vendorName = vendor.name
    var department = random.pick(departments).0
    var dates = ("2026-10-\(String(format: "%02d", random.int(1...28)))", "2026-11-\(String(format: "%02d", random.int(1...28)))")
    var codes = (0..<lineCount).map { _ in random.pick(glCodes).code }
    switch badKind {
    case "total-mismatch": total += 1
    case "unmapped-account": codes[0] = unmappedCode
    case "department-conflict": department = "__conflict__"
    case "invalid-row": dates.0 = "2026-13-45"
    case "doc-number-too-long": docNumber = "VERY-LONG-INVOICE-NUMBER-\(index)"
    case "vendor-rejected": vendorId = refusedVendors[0].0; vendorName = refusedVendors[0].1
    default: break
    }
    var attachment = ""
    if attachmentNames.count < options.attachments && badKind == nil && !isCredit {
        attachment = "\(invoiceId).pdf"
        attachmentNames.append(attachment)
    }
    let target = index % options.files
    let invoiceTerms = random.pick(terms)
    for line in 0..<lineCount {
        let lineDepartment = department == "__conflict__" ? departments[line % 2].0 : department
        let customer = random.chance(20) ? random.pick(customers) : ""
        let memo = index % 10 == 0 ? "Approved per contract, \"rush\" delivery" : ""
        files[target].append(csv([
            invoiceId, docNumber, vendorId, vendorName, dates.0, dates.1, "USD", cents(total),
            invoiceTerms, "", memo, "2026-11-20", "pat.approver@example.com", String(line + 1),
            "\(random.pick(words)) \(line + 1)", cents(amounts[line]), codes[line], lineDepartment,
            random.chance(70) ? random.pick(classes).0 : "", customer, customer.isEmpty ? "N" : "Y", line == 0 ? attachment : "",
        ]))
    }
    expected.append(Expected(
        invoiceId: invoiceId, vendorId: vendorId, docNumber: docNumber, total: cents(total), lines: lineCount,
        outcome: badKind == nil ? (isCredit ? "vendor-credit" : "bill") : "quarantined", reason: badKind))
}
for (index, lines) in files.enumerated() {
    try write("invoices/invoices-\(String(format: "%03d", index + 1)).csv", lines)
}
for name in attachmentNames {
    let pdf = "%PDF-1.4\n% invoice image \(name)\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"
    try Data(pdf.utf8).write(to: URL(fileURLWithPath: "\(options.out)/invoices/\(name)"))
}
if options.gzip, let first = files.indices.first {
    let path = "\(options.out)/invoices/invoices-\(String(format: "%03d", first + 1)).csv"
    let gzip = Process()
    gzip.executableURL = URL(fileURLWithPath: "/bin/gzip")
    gzip.arguments = ["-n", "-f", path]
    try gzip.run()
    gzip.waitUntilExit()
}

// Payments for some posted bills (Check from Operating, or the corporate card).
var paymentRows = ["Payment ID,Invoice ID,Payment Date,Amount,Method,Bank Account,Reference"]
for (index, item) in expected.filter({ $0.outcome == "bill" }).prefix(options.payments).enumerated() {
    let card = index % 3 == 2
    paymentRows.append(csv([
        "PAY-\(String(format: "%05d", index + 1))", item.invoiceId, "2026-11-22", item.total, card ? "Credit Card" : "Check",
        card ? "Corporate Card" : "Operating", "CHK-\(1000 + index)",
    ]))
}
try write("payments/payments.csv", paymentRows)
try write("purchase_orders/purchase-orders.csv", ["PO Number,Vendor ID,PO Date,Line Number,Description,Amount,GL Account,Status"]
          + [csv(["PO-1001", vendorNames[0].id, "2026-10-01", "1", "Annual toner supply", "1200.00", "6100", "Open"])])

let encoder = JSONEncoder()
encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
try encoder.encode(expected).write(to: URL(fileURLWithPath: "\(options.out)/manifest.json"))
let summary = Dictionary(grouping: expected, by: \.outcome).mapValues(\.count)
print("wrote \(options.out): \(expected.count) invoices \(summary.sorted { $0.key < $1.key }), \(vendorNames.count + refusedVendors.count) vendors, \(paymentRows.count - 1) payments, \(attachmentNames.count) attachments")
