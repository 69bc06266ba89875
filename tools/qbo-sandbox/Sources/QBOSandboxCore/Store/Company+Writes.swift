import Foundation

/// Create, update (full and sparse), delete and read, shared by all entity kinds.
extension Company {
    public mutating func create(_ kind: EntityKind, body: JSONValue, options: WriteOptions) throws(QBOFault)
        -> JSONValue
    {
        guard kind.canCreate else { throw QBOFault.unsupportedOperation("create \(kind.name)") }
        guard body.isObject else { throw QBOFault.badRequestBody("\(kind.name) body must be a JSON object") }
        try checkProperties(kind, body)
        for field in kind.required where body[field] == nil || body[field] == .null {
            throw QBOFault.requiredMissing(field)
        }
        var record = body
        for field in kind.readOnly { record[field] = nil }
        record = try normalize(kind, record: record, previous: nil, options: options)
        let id = nextId()
        let time = Timestamp.recordTime(options.now)
        var ordered: [JSONMember] = [
            JSONMember("Id", .string(id)), JSONMember("SyncToken", .string("0")),
            JSONMember("domain", .string("QBO")), JSONMember("sparse", .bool(false)),
        ]
        ordered += record.members ?? []
        ordered.append(JSONMember("MetaData", .object(["CreateTime": .string(time), "LastUpdatedTime": .string(time)])))
        let stored = JSONValue.object(ordered)
        store(kind.name, stored)
        afterWrite(kind, old: nil, new: stored, options: options)
        return stored
    }

    public mutating func update(_ kind: EntityKind, body: JSONValue, options: WriteOptions) throws(QBOFault)
        -> JSONValue
    {
        guard kind.canUpdate else { throw QBOFault.unsupportedOperation("update \(kind.name)") }
        guard body.isObject else { throw QBOFault.badRequestBody("\(kind.name) body must be a JSON object") }
        try checkProperties(kind, body)
        let existing = try currentRecord(kind, body: body)
        let isSparse = body["sparse"]?.boolValue ?? false
        var record: JSONValue
        if isSparse {
            record = existing
            for member in body.members ?? [] where !kind.readOnly.contains(member.key) {
                record[member.key] = member.value == .null ? nil : member.value
            }
        } else {
            // Full update: writable fields left out of the body are cleared.
            record = .object((existing.members ?? []).filter { kind.readOnly.contains($0.key) })
            for member in body.members ?? [] where !kind.readOnly.contains(member.key) && member.value != .null {
                record[member.key] = member.value
            }
            for field in kind.required where record[field] == nil { throw QBOFault.requiredMissing(field) }
        }
        if options.isVoid { record = voided(kind, record) }
        record = try normalize(kind, record: record, previous: existing, options: options)
        let token = Int(existing["SyncToken"]?.stringValue ?? "0") ?? 0
        record["SyncToken"] = .string(String(token + 1))
        record["sparse"] = .bool(false)
        var meta = existing["MetaData"] ?? .object([])
        meta["LastUpdatedTime"] = .string(Timestamp.recordTime(options.now))
        record["MetaData"] = nil
        record["MetaData"] = meta
        store(kind.name, record)
        afterWrite(kind, old: existing, new: record, options: options)
        return record
    }

    public mutating func delete(_ kind: EntityKind, body: JSONValue, options: WriteOptions) throws(QBOFault)
        -> JSONValue
    {
        guard kind.canDelete else { throw QBOFault.unsupportedOperation("delete \(kind.name)") }
        guard body.isObject else { throw QBOFault.badRequestBody("\(kind.name) body must be a JSON object") }
        let existing = try currentRecord(kind, body: body)
        let id = existing["Id"]?.stringValue ?? ""
        if kind.name == "Bill", let links = existing["LinkedTxn"]?.arrayValue, !links.isEmpty {
            throw QBOFault.businessValidation(
                "This bill has payments applied to it. Delete or void the payment (TxnId="
                    + (links.first?["TxnId"]?.stringValue ?? "") + ") before deleting the bill.")
        }
        remove(kind.name, id)
        attachmentBytes[id] = nil
        let stub = JSONValue.object([
            "domain": .string("QBO"), "status": .string("Deleted"), "Id": .string(id),
            "MetaData": .object(["LastUpdatedTime": .string(Timestamp.recordTime(options.now))]),
        ])
        deleted[kind.name, default: [:]][id] = stub
        afterWrite(kind, old: existing, new: nil, options: options)
        return .object(["status": .string("Deleted"), "domain": .string("QBO"), "Id": .string(id)])
    }

    public func read(_ kind: EntityKind, id: String) throws(QBOFault) -> JSONValue {
        guard let record = lookup(kind.name, id) else { throw QBOFault.objectNotFound(entity: kind.name, id: id) }
        return rendered(kind, record)
    }

    /// The record as QBO shows it: TaxIdentifier masked to its last four characters.
    public func rendered(_ kind: EntityKind, _ record: JSONValue) -> JSONValue {
        guard kind.name == "Vendor", let tax = record["TaxIdentifier"]?.stringValue else { return record }
        var copy = record
        copy["TaxIdentifier"] = .string(Self.masked(tax))
        return copy
    }

    static func masked(_ value: String) -> String {
        guard value.count > 4 else { return value }
        return String(repeating: "X", count: value.count - 4) + value.suffix(4)
    }

    private func checkProperties(_ kind: EntityKind, _ body: JSONValue) throws(QBOFault) {
        for member in body.members ?? [] where !kind.properties.contains(member.key) {
            throw QBOFault.unsupportedProperty(member.key, known: kind.properties)
        }
    }

    private func currentRecord(_ kind: EntityKind, body: JSONValue) throws(QBOFault) -> JSONValue {
        guard let id = body["Id"]?.stringValue, !id.isEmpty else { throw QBOFault.requiredMissing("Id") }
        guard let syncToken = body["SyncToken"]?.stringValue else { throw QBOFault.requiredMissing("SyncToken") }
        guard let existing = lookup(kind.name, id) else { throw QBOFault.objectNotFound(entity: kind.name, id: id) }
        guard existing["SyncToken"]?.stringValue == syncToken else { throw QBOFault.staleObject }
        return existing
    }

    private func voided(_ kind: EntityKind, _ record: JSONValue) -> JSONValue {
        var copy = record
        copy["TotalAmt"] = .number("0")
        copy["Line"] = .array(
            (record["Line"]?.arrayValue ?? []).map { line in
                var zeroed = line
                zeroed["Amount"] = .number("0")
                return zeroed
            })
        copy["PrivateNote"] = .string("Voided" + (record["PrivateNote"]?.stringValue.map { " - " + $0 } ?? ""))
        return copy
    }
}
