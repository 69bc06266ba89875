import Foundation

/// Dispatches per-kind validation and server-filled defaults.
extension Company {
    func normalize(_ kind: EntityKind, record: JSONValue, previous: JSONValue?, options: WriteOptions)
        throws(QBOFault) -> JSONValue
    {
        var record = record
        switch kind.name {
        case "Bill", "VendorCredit":
            try normalizeTransaction(kind, record: &record, previous: previous, options: options)
        case "BillPayment":
            try normalizeBillPayment(kind, record: &record, previous: previous, options: options)
        case "Vendor", "Customer", "Employee":
            try normalizePerson(kind, record: &record, previous: previous)
        case "Account", "Class", "Department", "Term":
            try normalizeList(kind, record: &record, previous: previous)
        case "Attachable":
            try normalizeAttachable(kind, record: &record)
        default:
            break
        }
        return record
    }

    /// Attachables need a FileName or a Note, and every EntityRef must name an existing record
    /// (QBO answers 6000 when the target entity doesn't exist).
    func normalizeAttachable(_ kind: EntityKind, record: inout JSONValue) throws(QBOFault) {
        try checkLengths(kind, record)
        guard record["FileName"] != nil || record["Note"] != nil else { throw QBOFault.requiredMissing("FileName") }
        for ref in record["AttachableRef"]?.arrayValue ?? [] {
            let type = ref["EntityRef"]?["type"]?.stringValue ?? ""
            let id = ref["EntityRef"]?["value"]?.stringValue ?? ""
            guard EntityCatalog.named(type) != nil, lookup(type, id) != nil else {
                throw QBOFault.businessValidation("Object Not Found: \(type) with Id \(id) does not exist.")
            }
        }
        if var refs = record["AttachableRef"]?.arrayValue {
            for index in refs.indices where refs[index]["IncludeOnSend"] == nil {
                refs[index]["IncludeOnSend"] = .bool(false)
            }
            record["AttachableRef"] = .array(refs)
        }
    }
}
