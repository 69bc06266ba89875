import Foundation

/// A small `Encoder` that writes canonical JSON directly: object keys sorted by their UTF-8 bytes, no
/// insignificant white space, `/` unescaped, strings escaped minimally (`"`, `\` and control characters),
/// non-ASCII text as raw UTF-8, `nil` optionals omitted (as synthesized `encodeIfPresent` asks), dates as
/// ISO-8601 strings. Its output equals Foundation's `JSONEncoder` with `.sortedKeys` and
/// `.withoutEscapingSlashes` today (a test checks this), but it is ours so that the canonical bytes —
/// which replay compares and the hash chain covers — cannot change with a Foundation upgrade.
struct CanonicalJSONEncoder {
    func encode<T: Encodable>(_ value: T) throws -> [UInt8] {
        let root = Slot()
        try Slot.store(value, into: root, path: [])
        var out: [UInt8] = []
        out.reserveCapacity(256)
        root.write(to: &out)
        return out
    }
}

/// One value being built: a scalar's encoded bytes, an object or an array. Mutated in place.
private final class Slot {
    enum Kind { case empty, scalar, object, array }

    var kind = Kind.empty
    var scalar: [UInt8] = []
    var keys: [String] = []
    var children: [Slot] = []

    func setScalar(_ bytes: [UInt8]) {
        kind = .scalar
        scalar = bytes
    }

    func becomeObject() { if kind != .object { kind = .object; keys = []; children = [] } }
    func becomeArray() { if kind != .array { kind = .array; keys = []; children = [] } }

    func child(forKey key: String) -> Slot {
        becomeObject()
        let slot = Slot()
        keys.append(key)
        children.append(slot)
        return slot
    }

    func appendChild() -> Slot {
        becomeArray()
        let slot = Slot()
        children.append(slot)
        return slot
    }

    /// Encodes one value into `slot`. Metatype comparisons (cheap) pick out the types JSONEncoder
    /// special-cases; everything else encodes itself. Coding paths are not tracked (they would cost an
    /// array per value); errors name the value instead.
    static func store<T: Encodable>(_ item: T, into slot: Slot, path: [any CodingKey]) throws {
        if T.self == String.self {
            slot.setScalar(quoted(item as! String))
        } else if T.self == Date.self {
            slot.setScalar(quoted((item as! Date).formatted(Date.ISO8601FormatStyle())))
        } else if T.self == Data.self {
            slot.setScalar(quoted((item as! Data).base64EncodedString()))
        } else if T.self == URL.self {
            slot.setScalar(quoted((item as! URL).absoluteString))
        } else {
            try item.encode(to: SlotEncoder(slot: slot, codingPath: path))
        }
    }

    static let null = Array("null".utf8)
    static let trueBytes = Array("true".utf8)
    static let falseBytes = Array("false".utf8)

    static func number(_ value: some BinaryInteger) -> [UInt8] { Array(String(value).utf8) }

    static func number(_ value: some BinaryFloatingPoint & LosslessStringConvertible, _ path: [any CodingKey]) throws -> [UInt8] {
        guard value.isFinite else {
            throw EncodingError.invalidValue(value, .init(codingPath: path, debugDescription: "non-finite number"))
        }
        return Array(String(value).utf8)
    }

    func write(to out: inout [UInt8]) {
        switch kind {
        case .empty: out.append(contentsOf: Slot.null)
        case .scalar: out.append(contentsOf: scalar)
        case .array:
            out.append(UInt8(ascii: "["))
            for (index, item) in children.enumerated() {
                if index > 0 { out.append(UInt8(ascii: ",")) }
                item.write(to: &out)
            }
            out.append(UInt8(ascii: "]"))
        case .object:
            out.append(UInt8(ascii: "{"))
            // Sorted by UTF-8 bytes; a key written twice keeps its last value, as in a dictionary.
            let order = keys.indices.sorted { a, b in
                keys[a] == keys[b] ? a < b : keys[a].utf8.lexicographicallyPrecedes(keys[b].utf8)
            }
            var first = true
            for (position, index) in order.enumerated() {
                if position + 1 < order.count && keys[order[position + 1]] == keys[index] { continue }
                if !first { out.append(UInt8(ascii: ",")) }
                first = false
                out.append(contentsOf: Slot.quoted(keys[index]))
                out.append(UInt8(ascii: ":"))
                children[index].write(to: &out)
            }
            out.append(UInt8(ascii: "}"))
        }
    }

    static func quoted(_ text: String) -> [UInt8] {
        var out: [UInt8] = [UInt8(ascii: "\"")]
        out.reserveCapacity(text.utf8.count + 2)
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "\""): out.append(contentsOf: [92, 34])
            case UInt8(ascii: "\\"): out.append(contentsOf: [92, 92])
            case 0x0a: out.append(contentsOf: [92, UInt8(ascii: "n")])
            case 0x0d: out.append(contentsOf: [92, UInt8(ascii: "r")])
            case 0x09: out.append(contentsOf: [92, UInt8(ascii: "t")])
            case 0x08: out.append(contentsOf: [92, UInt8(ascii: "b")])
            case 0x0c: out.append(contentsOf: [92, UInt8(ascii: "f")])
            case 0..<0x20:
                let hex = Array("0123456789abcdef".utf8)
                out.append(contentsOf: [92, UInt8(ascii: "u"), 48, 48, hex[Int(byte >> 4)], hex[Int(byte & 0xf)]])
            default: out.append(byte)
            }
        }
        out.append(UInt8(ascii: "\""))
        return out
    }
}

private struct SlotEncoder: Encoder {
    let slot: Slot
    let codingPath: [any CodingKey]
    var userInfo: [CodingUserInfoKey: Any] { [:] }

    func container<Key: CodingKey>(keyedBy type: Key.Type) -> KeyedEncodingContainer<Key> {
        slot.becomeObject()
        return KeyedEncodingContainer(KeyedSlotContainer<Key>(slot: slot, codingPath: codingPath))
    }

    func unkeyedContainer() -> any UnkeyedEncodingContainer {
        slot.becomeArray()
        return UnkeyedSlotContainer(slot: slot, codingPath: codingPath)
    }

    func singleValueContainer() -> any SingleValueEncodingContainer {
        SingleSlotContainer(slot: slot, codingPath: codingPath)
    }
}

private struct KeyedSlotContainer<Key: CodingKey>: KeyedEncodingContainerProtocol {
    let slot: Slot
    let codingPath: [any CodingKey]

    private func child(_ key: Key) -> Slot { slot.child(forKey: key.stringValue) }

    mutating func encodeNil(forKey key: Key) throws { child(key).setScalar(Slot.null) }
    mutating func encode(_ value: Bool, forKey key: Key) throws { child(key).setScalar(value ? Slot.trueBytes : Slot.falseBytes) }
    mutating func encode(_ value: String, forKey key: Key) throws { child(key).setScalar(Slot.quoted(value)) }
    mutating func encode(_ value: Double, forKey key: Key) throws { child(key).setScalar(try Slot.number(value, codingPath)) }
    mutating func encode(_ value: Float, forKey key: Key) throws { child(key).setScalar(try Slot.number(value, codingPath)) }
    mutating func encode(_ value: Int, forKey key: Key) throws { child(key).setScalar(Slot.number(value)) }
    mutating func encode(_ value: Int8, forKey key: Key) throws { child(key).setScalar(Slot.number(value)) }
    mutating func encode(_ value: Int16, forKey key: Key) throws { child(key).setScalar(Slot.number(value)) }
    mutating func encode(_ value: Int32, forKey key: Key) throws { child(key).setScalar(Slot.number(value)) }
    mutating func encode(_ value: Int64, forKey key: Key) throws { child(key).setScalar(Slot.number(value)) }
    mutating func encode(_ value: UInt, forKey key: Key) throws { child(key).setScalar(Slot.number(value)) }
    mutating func encode(_ value: UInt8, forKey key: Key) throws { child(key).setScalar(Slot.number(value)) }
    mutating func encode(_ value: UInt16, forKey key: Key) throws { child(key).setScalar(Slot.number(value)) }
    mutating func encode(_ value: UInt32, forKey key: Key) throws { child(key).setScalar(Slot.number(value)) }
    mutating func encode(_ value: UInt64, forKey key: Key) throws { child(key).setScalar(Slot.number(value)) }
    mutating func encode<T: Encodable>(_ value: T, forKey key: Key) throws {
        try Slot.store(value, into: child(key), path: codingPath)
    }

    mutating func nestedContainer<NestedKey: CodingKey>(
        keyedBy keyType: NestedKey.Type, forKey key: Key
    ) -> KeyedEncodingContainer<NestedKey> {
        SlotEncoder(slot: child(key), codingPath: codingPath).container(keyedBy: keyType)
    }

    mutating func nestedUnkeyedContainer(forKey key: Key) -> any UnkeyedEncodingContainer {
        SlotEncoder(slot: child(key), codingPath: codingPath).unkeyedContainer()
    }

    mutating func superEncoder() -> any Encoder {
        SlotEncoder(slot: slot.child(forKey: "super"), codingPath: codingPath)
    }

    mutating func superEncoder(forKey key: Key) -> any Encoder {
        SlotEncoder(slot: child(key), codingPath: codingPath)
    }
}

private struct UnkeyedSlotContainer: UnkeyedEncodingContainer {
    let slot: Slot
    let codingPath: [any CodingKey]

    var count: Int { slot.children.count }

    private func next() -> Slot { slot.appendChild() }

    mutating func encodeNil() throws { next().setScalar(Slot.null) }
    mutating func encode(_ value: Bool) throws { next().setScalar(value ? Slot.trueBytes : Slot.falseBytes) }
    mutating func encode(_ value: String) throws { next().setScalar(Slot.quoted(value)) }
    mutating func encode(_ value: Double) throws { next().setScalar(try Slot.number(value, codingPath)) }
    mutating func encode(_ value: Float) throws { next().setScalar(try Slot.number(value, codingPath)) }
    mutating func encode(_ value: Int) throws { next().setScalar(Slot.number(value)) }
    mutating func encode(_ value: Int8) throws { next().setScalar(Slot.number(value)) }
    mutating func encode(_ value: Int16) throws { next().setScalar(Slot.number(value)) }
    mutating func encode(_ value: Int32) throws { next().setScalar(Slot.number(value)) }
    mutating func encode(_ value: Int64) throws { next().setScalar(Slot.number(value)) }
    mutating func encode(_ value: UInt) throws { next().setScalar(Slot.number(value)) }
    mutating func encode(_ value: UInt8) throws { next().setScalar(Slot.number(value)) }
    mutating func encode(_ value: UInt16) throws { next().setScalar(Slot.number(value)) }
    mutating func encode(_ value: UInt32) throws { next().setScalar(Slot.number(value)) }
    mutating func encode(_ value: UInt64) throws { next().setScalar(Slot.number(value)) }
    mutating func encode<T: Encodable>(_ value: T) throws {
        try Slot.store(value, into: next(), path: codingPath)
    }

    mutating func nestedContainer<NestedKey: CodingKey>(keyedBy keyType: NestedKey.Type) -> KeyedEncodingContainer<NestedKey> {
        SlotEncoder(slot: next(), codingPath: codingPath).container(keyedBy: keyType)
    }

    mutating func nestedUnkeyedContainer() -> any UnkeyedEncodingContainer {
        SlotEncoder(slot: next(), codingPath: codingPath).unkeyedContainer()
    }

    mutating func superEncoder() -> any Encoder { SlotEncoder(slot: next(), codingPath: codingPath) }
}

private struct SingleSlotContainer: SingleValueEncodingContainer {
    let slot: Slot
    let codingPath: [any CodingKey]

    mutating func encodeNil() throws { slot.setScalar(Slot.null) }
    mutating func encode(_ value: Bool) throws { slot.setScalar(value ? Slot.trueBytes : Slot.falseBytes) }
    mutating func encode(_ value: String) throws { slot.setScalar(Slot.quoted(value)) }
    mutating func encode(_ value: Double) throws { slot.setScalar(try Slot.number(value, codingPath)) }
    mutating func encode(_ value: Float) throws { slot.setScalar(try Slot.number(value, codingPath)) }
    mutating func encode(_ value: Int) throws { slot.setScalar(Slot.number(value)) }
    mutating func encode(_ value: Int8) throws { slot.setScalar(Slot.number(value)) }
    mutating func encode(_ value: Int16) throws { slot.setScalar(Slot.number(value)) }
    mutating func encode(_ value: Int32) throws { slot.setScalar(Slot.number(value)) }
    mutating func encode(_ value: Int64) throws { slot.setScalar(Slot.number(value)) }
    mutating func encode(_ value: UInt) throws { slot.setScalar(Slot.number(value)) }
    mutating func encode(_ value: UInt8) throws { slot.setScalar(Slot.number(value)) }
    mutating func encode(_ value: UInt16) throws { slot.setScalar(Slot.number(value)) }
    mutating func encode(_ value: UInt32) throws { slot.setScalar(Slot.number(value)) }
    mutating func encode(_ value: UInt64) throws { slot.setScalar(Slot.number(value)) }
    mutating func encode<T: Encodable>(_ value: T) throws { try Slot.store(value, into: slot, path: codingPath) }
}
