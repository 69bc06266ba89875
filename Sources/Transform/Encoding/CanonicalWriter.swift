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
    /// The bytes written so far: `count` of them at `base`, in storage for `capacity` (grown by doubling).
    /// Written through a pointer, since appending to an array checks its uniqueness and capacity per byte;
    /// ``finish()`` hands them out as an array and frees the storage.
    private var base: UnsafeMutablePointer<UInt8>
    private var count = 0
    private var capacity: Int
    /// True until the current object or array has its first member or element.
    private var isFirst = true

    init(capacity: Int) {
        self.capacity = max(capacity, 64)
        base = .allocate(capacity: self.capacity)
    }

    /// The bytes written; the writer must not be used afterwards.
    mutating func finish() -> [UInt8] {
        let result = Array(UnsafeBufferPointer(start: base, count: count))
        base.deallocate()
        capacity = 0
        count = 0
        return result
    }

    /// Makes room for `extra` more bytes.
    @inline(__always)
    private mutating func reserve(_ extra: Int) {
        if count + extra > capacity { grow(toFit: extra) }
    }

    /// Moves the bytes to storage at least twice as large that fits `extra` more.
    @inline(never)
    private mutating func grow(toFit extra: Int) {
        var grown = capacity * 2
        while grown < count + extra { grown *= 2 }
        let moved = UnsafeMutablePointer<UInt8>.allocate(capacity: grown)
        moved.update(from: base, count: count)
        base.deallocate()
        base = moved
        capacity = grown
    }

    @inline(__always)
    private mutating func put(_ byte: UInt8) {
        reserve(1)
        base[count] = byte
        count += 1
    }

    private mutating func put(_ run: UnsafeBufferPointer<UInt8>) {
        guard let source = run.baseAddress, !run.isEmpty else { return }
        reserve(run.count)
        (base + count).update(from: source, count: run.count)
        count += run.count
    }

    // MARK: Structure

    /// Writes an object; `body` writes its members in key order.
    mutating func object(_ body: (inout CanonicalWriter) -> Void) {
        put(UInt8(ascii: "{"))
        isFirst = true
        body(&self)
        put(UInt8(ascii: "}"))
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
        put(UInt8(ascii: "["))
        isFirst = true
        for value in values {
            if !isFirst { put(UInt8(ascii: ",")) }
            element(&self, value)
            isFirst = false
        }
        put(UInt8(ascii: "]"))
        isFirst = false
    }

    private mutating func key(_ key: StaticString) {
        // Keys are Swift property names: plain ASCII that needs no escaping. `,"key":` in one reservation.
        let length = key.utf8CodeUnitCount
        reserve(length + 4)
        if !isFirst {
            base[count] = UInt8(ascii: ",")
            count += 1
        }
        isFirst = false
        base[count] = UInt8(ascii: "\"")
        (base + count + 1).update(from: key.utf8Start, count: length)
        base[count + 1 + length] = UInt8(ascii: "\"")
        base[count + 2 + length] = UInt8(ascii: ":")
        count += length + 3
    }

    // MARK: Values

    mutating func string(_ key: StaticString, _ value: String?) {
        guard let value else { return }
        self.key(key)
        appendString(value)
    }

    mutating func int(_ key: StaticString, _ value: Int?) {
        guard let value else { return }
        self.key(key)
        appendInteger(value)
    }

    mutating func money(_ key: StaticString, _ value: Money?) {
        guard let value else { return }
        self.key(key)
        appendMoney(value)
    }

    // MARK: Encodings

    private static let hexDigits = Array("0123456789abcdef".utf8)

    private mutating func appendString(_ text: String) {
        put(UInt8(ascii: "\""))
        // Most strings need no escape: copy them whole (native strings straight from their storage).
        let isPlain =
            text.utf8.withContiguousStorageIfAvailable { utf8 -> Bool in
                guard ByteRuns.isPlain(utf8) else { return false }
                put(utf8)
                put(UInt8(ascii: "\""))
                return true
            } ?? false
        if isPlain { return }
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "\""): put(UInt8(ascii: "\\")); put(UInt8(ascii: "\""))
            case UInt8(ascii: "\\"): put(UInt8(ascii: "\\")); put(UInt8(ascii: "\\"))
            case 0x0A: put(UInt8(ascii: "\\")); put(UInt8(ascii: "n"))
            case 0x0D: put(UInt8(ascii: "\\")); put(UInt8(ascii: "r"))
            case 0x09: put(UInt8(ascii: "\\")); put(UInt8(ascii: "t"))
            case 0x08: put(UInt8(ascii: "\\")); put(UInt8(ascii: "b"))
            case 0x0C: put(UInt8(ascii: "\\")); put(UInt8(ascii: "f"))
            case 0..<0x20:
                for escape in "\\u00".utf8 { put(escape) }
                put(Self.hexDigits[Int(byte >> 4)])
                put(Self.hexDigits[Int(byte & 0x0F)])
            default: put(byte)
            }
        }
        put(UInt8(ascii: "\""))
    }

    /// Appends the decimal digits of `value`, as `String(value)` spells them.
    private mutating func appendInteger(_ value: Int) {
        if value < 0 { put(UInt8(ascii: "-")) }
        appendDigits(value.magnitude, minimumCount: 1)
    }

    /// Appends `value`'s digits, left-padded with zeros to `minimumCount`.
    private mutating func appendDigits(_ value: UInt, minimumCount: Int) {
        // 20 digits hold any UInt64.
        var length = 0
        var remaining = value
        repeat {
            remaining /= 10
            length += 1
        } while remaining > 0
        length = max(length, minimumCount)
        reserve(length)
        remaining = value
        var position = count + length - 1
        while position >= count {
            base[position] = UInt8(ascii: "0") + UInt8(remaining % 10)
            remaining /= 10
            position -= 1
        }
        count += length
    }

    /// Appends ``EventLog/Money``'s canonical string, quoted: `-`, the whole units, `.`, and the fraction with
    /// at least two digits and no further trailing zeros (the bytes of `Money.description`).
    private mutating func appendMoney(_ value: Money) {
        put(UInt8(ascii: "\""))
        let magnitude = value.scaledValue.magnitude
        let scale = UInt64(Money.scale)
        if value.scaledValue < 0 { put(UInt8(ascii: "-")) }
        appendDigits(UInt(magnitude / scale), minimumCount: 1)
        put(UInt8(ascii: "."))
        var fraction = magnitude % scale
        var digits = Money.maximumFractionDigits
        while digits > 2 && fraction % 10 == 0 {
            fraction /= 10
            digits -= 1
        }
        appendDigits(UInt(fraction), minimumCount: digits)
        put(UInt8(ascii: "\""))
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
        return writer.finish()
    }
}
