import EventLog

/// Writes the exact bytes ``EventLog/CanonicalJSON`` produces (`JSONEncoder` with sorted keys and unescaped
/// slashes) for the payload Transform appends most, ``BillPlanned``, several times faster than `JSONEncoder`.
///
/// The rules it reproduces: keys sorted by their UTF-8 bytes; nil optionals omitted; `"` and `\` escaped,
/// control characters as `\n \t \r \b \f` or `\u00xx`, everything else (including `/`) written as is;
/// ``EventLog/Money`` as its canonical string.
///
/// The writer streams: members are written in the order the caller gives them, into one buffer, with no
/// per-object storage and no sorting. So **callers write each object's keys already in UTF-8 byte order**
/// (the order is fixed per type, so it is spelled out once at the call site). `CanonicalWriterTests`
/// compares the output with `CanonicalJSON` for fully populated and sparse values, which catches a key out
/// of order, and fails when a payload gains a property this writer lacks.
struct CanonicalWriter {
    private(set) var bytes: [UInt8] = []
    /// True until the current object or array has its first member or element.
    private var isFirst = true

    init(capacity: Int) { bytes.reserveCapacity(capacity) }

    // MARK: Structure

    /// Writes an object; `body` writes its members in key order.
    mutating func object(_ body: (inout CanonicalWriter) -> Void) {
        bytes.append(UInt8(ascii: "{"))
        isFirst = true
        body(&self)
        bytes.append(UInt8(ascii: "}"))
        isFirst = false
    }

    /// Writes the member `key` holding an object; `body` writes its members in key order.
    mutating func object(_ key: StaticString, _ body: (inout CanonicalWriter) -> Void) {
        self.key(key)
        object(body)
    }

    /// Writes the member `key` holding an array of `values`, each written by `element`.
    mutating func array<Element>(
        _ key: StaticString, _ values: [Element], _ element: (inout CanonicalWriter, Element) -> Void
    ) {
        self.key(key)
        bytes.append(UInt8(ascii: "["))
        isFirst = true
        for value in values {
            if !isFirst { bytes.append(UInt8(ascii: ",")) }
            element(&self, value)
            isFirst = false
        }
        bytes.append(UInt8(ascii: "]"))
        isFirst = false
    }

    private mutating func key(_ key: StaticString) {
        if !isFirst { bytes.append(UInt8(ascii: ",")) }
        isFirst = false
        bytes.append(UInt8(ascii: "\""))
        // Keys are Swift property names: plain ASCII that needs no escaping.
        bytes.append(contentsOf: UnsafeBufferPointer(start: key.utf8Start, count: key.utf8CodeUnitCount))
        bytes.append(UInt8(ascii: "\""))
        bytes.append(UInt8(ascii: ":"))
    }

    // MARK: Values

    mutating func string(_ key: StaticString, _ value: String?) {
        guard let value else { return }
        self.key(key)
        Self.appendString(value, to: &bytes)
    }

    mutating func int(_ key: StaticString, _ value: Int?) {
        guard let value else { return }
        self.key(key)
        Self.appendInteger(value, to: &bytes)
    }

    mutating func money(_ key: StaticString, _ value: Money?) {
        guard let value else { return }
        self.key(key)
        Self.appendMoney(value, to: &bytes)
    }

    // MARK: Encodings

    private static let hexDigits = Array("0123456789abcdef".utf8)

    static func appendString(_ text: String, to bytes: inout [UInt8]) {
        bytes.append(UInt8(ascii: "\""))
        // Most strings need no escape: copy them whole (native strings straight from their storage).
        let isPlain =
            text.utf8.withContiguousStorageIfAvailable { utf8 -> Bool in
                guard ByteRuns.isPlain(utf8) else { return false }
                bytes.append(contentsOf: utf8)
                bytes.append(UInt8(ascii: "\""))
                return true
            } ?? false
        if isPlain { return }
        if !text.utf8.contains(where: { $0 < 0x20 || $0 == UInt8(ascii: "\"") || $0 == UInt8(ascii: "\\") }) {
            bytes.append(contentsOf: text.utf8)
            bytes.append(UInt8(ascii: "\""))
            return
        }
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "\""): bytes.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "\"")])
            case UInt8(ascii: "\\"): bytes.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "\\")])
            case 0x0A: bytes.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "n")])
            case 0x0D: bytes.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "r")])
            case 0x09: bytes.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "t")])
            case 0x08: bytes.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "b")])
            case 0x0C: bytes.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "f")])
            case 0..<0x20:
                bytes.append(contentsOf: Array("\\u00".utf8))
                bytes.append(hexDigits[Int(byte >> 4)])
                bytes.append(hexDigits[Int(byte & 0x0F)])
            default: bytes.append(byte)
            }
        }
        bytes.append(UInt8(ascii: "\""))
    }

    /// Appends the decimal digits of `value`, as `String(value)` spells them.
    static func appendInteger(_ value: Int, to bytes: inout [UInt8]) {
        if value < 0 { bytes.append(UInt8(ascii: "-")) }
        appendDigits(value.magnitude, minimumCount: 1, to: &bytes)
    }

    /// Appends `value`'s digits, left-padded with zeros to `minimumCount`.
    private static func appendDigits(_ value: UInt, minimumCount: Int, to bytes: inout [UInt8]) {
        // 20 digits hold any UInt64.
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 20) { digits in
            var remaining = value
            var count = 0
            repeat {
                digits[19 - count] = UInt8(ascii: "0") + UInt8(remaining % 10)
                remaining /= 10
                count += 1
            } while remaining > 0 || count < minimumCount
            bytes.append(contentsOf: UnsafeBufferPointer(rebasing: digits[(20 - count)...]))
        }
    }

    /// Appends ``EventLog/Money``'s canonical string, quoted: `-`, the whole units, `.`, and the fraction with
    /// at least two digits and no further trailing zeros (the bytes of `Money.description`).
    static func appendMoney(_ value: Money, to bytes: inout [UInt8]) {
        bytes.append(UInt8(ascii: "\""))
        let magnitude = value.scaledValue.magnitude
        let scale = UInt64(Money.scale)
        if value.scaledValue < 0 { bytes.append(UInt8(ascii: "-")) }
        appendDigits(UInt(magnitude / scale), minimumCount: 1, to: &bytes)
        bytes.append(UInt8(ascii: "."))
        var fraction = magnitude % scale
        var digits = Money.maximumFractionDigits
        while digits > 2 && fraction % 10 == 0 {
            fraction /= 10
            digits -= 1
        }
        appendDigits(UInt(fraction), minimumCount: digits, to: &bytes)
        bytes.append(UInt8(ascii: "\""))
    }
}

extension RuleChoice {
    /// Writes the choice's members (in key order) into the object being written.
    func writeMembers(to writer: inout CanonicalWriter) {
        writer.int("mappingRow", mappingRow)
        writer.string("qboId", qboId)
        writer.string("qboName", qboName)
        writer.string("rule", rule)
        writer.string("stampli", stampli)
    }
}

extension BillPlanned {
    /// The payload's canonical bytes (identical to `CanonicalJSON.encode(self)`); keys in UTF-8 byte order.
    var canonicalBytes: [UInt8] {
        var writer = CanonicalWriter(capacity: 1_024 + lines.count * 384)
        writer.object { object in
            object.string("action", action)
            object.string("approvedDate", approvedDate)
            object.string("approver", approver)
            object.array("attachments", attachments) { item, attachment in
                item.object { item in
                    item.string("blobSha256", attachment.blobSha256)
                    item.string("contentType", attachment.contentType)
                    item.string("fileName", attachment.fileName)
                }
            }
            object.string("contentHash", contentHash)
            object.string("currency", currency)
            if let department { object.object("department") { department.writeMembers(to: &$0) } }
            object.string("docNumber", docNumber)
            object.string("dueDate", dueDate)
            object.string("entity", entity)
            object.string("fileSha256", fileSha256)
            object.string("invoiceId", invoiceId)
            object.array("lines", lines) { item, line in
                item.object { item in
                    item.object("account") { line.account.writeMembers(to: &$0) }
                    item.money("amount", line.amount)
                    item.string("billableStatus", line.billableStatus)
                    if let classChoice = line.classChoice {
                        item.object("classChoice") { classChoice.writeMembers(to: &$0) }
                    }
                    item.string("customerId", line.customerId)
                    item.string("customerName", line.customerName)
                    item.string("description", line.description)
                    item.int("lineNumber", line.lineNumber)
                    item.int("sourceRow", line.sourceRow)
                }
            }
            object.string("mappingSha256", mappingSha256)
            object.string("path", path)
            object.string("poNumber", poNumber)
            object.string("privateNote", privateNote)
            object.string("qboId", qboId)
            object.string("requestId", requestId)
            object.string("stampliVendorId", stampliVendorId)
            object.string("termId", termId)
            object.string("termName", termName)
            object.money("total", total)
            object.string("txnDate", txnDate)
            object.string("vendorName", vendorName)
            object.string("vendorQboId", vendorQboId)
        }
        return writer.bytes
    }
}
