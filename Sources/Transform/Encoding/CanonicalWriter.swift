import EventLog

/// Writes the exact bytes ``EventLog/CanonicalJSON`` produces (`JSONEncoder` with sorted keys and unescaped
/// slashes) for the payload Transform appends most, ``BillPlanned``, several times faster than `JSONEncoder`.
///
/// The rules it reproduces: keys sorted by their UTF-8 bytes; nil optionals omitted; `"` and `\` escaped,
/// control characters as `\n \t \r \b \f` or `\u00xx`, everything else (including `/`) written as is;
/// ``EventLog/Money`` as its canonical string. `CanonicalWriterTests` compares the output with
/// `CanonicalJSON` for fully populated values and fails when a payload gains a property this writer lacks.
struct CanonicalWriter {
    /// An object under construction: member values are written into one buffer, and the members are put in
    /// key order when the object is closed.
    struct Object {
        private var buffer: [UInt8] = []
        private var members: [(key: String, range: Range<Int>)] = []

        init() { buffer.reserveCapacity(256) }

        private mutating func add(_ key: String, _ write: (inout [UInt8]) -> Void) {
            let start = buffer.count
            write(&buffer)
            members.append((key, start..<buffer.count))
        }

        mutating func string(_ key: String, _ value: String?) {
            guard let value else { return }
            add(key) { CanonicalWriter.appendString(value, to: &$0) }
        }

        mutating func int(_ key: String, _ value: Int?) {
            guard let value else { return }
            add(key) { $0.append(contentsOf: String(value).utf8) }
        }

        mutating func bool(_ key: String, _ value: Bool?) {
            guard let value else { return }
            add(key) { $0.append(contentsOf: (value ? "true" : "false").utf8) }
        }

        mutating func money(_ key: String, _ value: Money?) { string(key, value?.description) }

        mutating func object(_ key: String, _ value: Object?) {
            guard let value else { return }
            add(key) { value.write(to: &$0) }
        }

        mutating func array(_ key: String, _ values: [Object]) {
            add(key) { bytes in
                bytes.append(UInt8(ascii: "["))
                for (index, value) in values.enumerated() {
                    if index > 0 { bytes.append(UInt8(ascii: ",")) }
                    value.write(to: &bytes)
                }
                bytes.append(UInt8(ascii: "]"))
            }
        }

        /// Appends the object's canonical bytes.
        func write(to bytes: inout [UInt8]) {
            let sorted = members.sorted { $0.key.utf8.lexicographicallyPrecedes($1.key.utf8) }
            bytes.append(UInt8(ascii: "{"))
            for (index, member) in sorted.enumerated() {
                if index > 0 { bytes.append(UInt8(ascii: ",")) }
                CanonicalWriter.appendString(member.key, to: &bytes)
                bytes.append(UInt8(ascii: ":"))
                bytes.append(contentsOf: buffer[member.range])
            }
            bytes.append(UInt8(ascii: "}"))
        }

        /// The object's canonical bytes.
        var bytes: [UInt8] {
            var bytes: [UInt8] = []
            bytes.reserveCapacity(buffer.count + members.count * 24 + 2)
            write(to: &bytes)
            return bytes
        }
    }

    private static let hexDigits = Array("0123456789abcdef".utf8)

    static func appendString(_ text: String, to bytes: inout [UInt8]) {
        bytes.append(UInt8(ascii: "\""))
        // Most strings need no escape: copy them whole.
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
}

extension RuleChoice {
    var canonicalObject: CanonicalWriter.Object {
        var object = CanonicalWriter.Object()
        object.string("stampli", stampli)
        object.string("qboId", qboId)
        object.string("qboName", qboName)
        object.string("rule", rule)
        object.int("mappingRow", mappingRow)
        return object
    }
}

extension BillPlanned {
    /// The payload's canonical bytes (identical to `CanonicalJSON.encode(self)`).
    var canonicalBytes: [UInt8] {
        var object = CanonicalWriter.Object()
        object.string("invoiceId", invoiceId)
        object.string("contentHash", contentHash)
        object.string("requestId", requestId)
        object.string("entity", entity)
        object.string("action", action)
        object.string("qboId", qboId)
        object.string("stampliVendorId", stampliVendorId)
        object.string("vendorQboId", vendorQboId)
        object.string("vendorName", vendorName)
        object.string("docNumber", docNumber)
        object.string("txnDate", txnDate)
        object.string("dueDate", dueDate)
        object.string("currency", currency)
        object.string("termId", termId)
        object.string("termName", termName)
        object.object("department", department?.canonicalObject)
        object.array(
            "lines",
            lines.map { line in
                var item = CanonicalWriter.Object()
                item.int("lineNumber", line.lineNumber)
                item.string("description", line.description)
                item.money("amount", line.amount)
                item.object("account", line.account.canonicalObject)
                item.object("classChoice", line.classChoice?.canonicalObject)
                item.string("customerId", line.customerId)
                item.string("customerName", line.customerName)
                item.string("billableStatus", line.billableStatus)
                item.int("sourceRow", line.sourceRow)
                return item
            })
        object.money("total", total)
        object.string("privateNote", privateNote)
        object.string("poNumber", poNumber)
        object.array(
            "attachments",
            attachments.map { attachment in
                var item = CanonicalWriter.Object()
                item.string("fileName", attachment.fileName)
                item.string("blobSha256", attachment.blobSha256)
                item.string("contentType", attachment.contentType)
                return item
            })
        object.string("approver", approver)
        object.string("approvedDate", approvedDate)
        object.string("fileSha256", fileSha256)
        object.string("path", path)
        object.string("mappingSha256", mappingSha256)
        return object.bytes
    }
}
