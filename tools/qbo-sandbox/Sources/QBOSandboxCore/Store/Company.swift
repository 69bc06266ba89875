import Foundation

/// One QBO company (realm): its records, deletion stubs and stored `requestid` responses.
public struct Company: Sendable {
    public var realmId: String
    /// entity name → Id → record as stored (TaxIdentifier unmasked).
    public var records: [String: [String: JSONValue]] = [:]
    /// entity name → Id → deletion stub (for CDC and for 610 on later reads).
    public var deleted: [String: [String: JSONValue]] = [:]
    /// Uploaded attachment bytes by Attachable Id.
    public var attachmentBytes: [String: [UInt8]] = [:]
    /// Responses already sent for a `requestid` (replayed, never re-executed).
    public var replies: [String: StoredReply] = [:]
    public var lastId = 0
    /// Bill Ids by vendor and lower-cased DocNumber, kept by ``store(_:_:)`` and ``remove(_:_:)`` so the
    /// duplicate-DocNumber check (6140) does not scan every Bill on every create.
    var billsByDocNumber: [String: Set<String>] = [:]

    public init(realmId: String) { self.realmId = realmId }

    public mutating func nextId() -> String {
        lastId += 1
        return String(lastId)
    }

    public func lookup(_ kind: String, _ id: String) -> JSONValue? { records[kind]?[id] }

    public func isActive(_ record: JSONValue) -> Bool { record["Active"]?.boolValue ?? true }

    /// Records of a kind sorted by numeric Id (QBO's natural order for unsorted queries).
    public func sortedRecords(_ kind: String) -> [JSONValue] {
        (records[kind] ?? [:]).sorted { (Int($0.key) ?? 0, $0.key) < (Int($1.key) ?? 0, $1.key) }.map(\.value)
    }

    mutating func store(_ kind: String, _ record: JSONValue) {
        guard let id = record["Id"]?.stringValue else { return }
        if kind == "Bill" {
            if let old = records[kind]?[id], let key = Self.docNumberKey(old) { billsByDocNumber[key]?.remove(id) }
            if let key = Self.docNumberKey(record) { billsByDocNumber[key, default: []].insert(id) }
        }
        records[kind, default: [:]][id] = record
        if let number = Int(id), number > lastId { lastId = number }
    }

    mutating func remove(_ kind: String, _ id: String) {
        if kind == "Bill", let old = records[kind]?[id], let key = Self.docNumberKey(old) {
            billsByDocNumber[key]?.remove(id)
        }
        records[kind]?[id] = nil
    }

    /// `vendor Id` + NUL + lower-cased DocNumber, or nil for a Bill without either.
    static func docNumberKey(_ bill: JSONValue) -> String? {
        guard let docNumber = bill["DocNumber"]?.stringValue, let vendor = bill["VendorRef"]?["value"]?.stringValue
        else { return nil }
        return vendor + "\u{0}" + docNumber.lowercased()
    }
}

/// A response kept for `requestid` replay: the same status and bytes are sent again.
public struct StoredReply: Sendable {
    public var status: Int
    public var contentType: String
    public var body: [UInt8]

    public init(status: Int, contentType: String, body: [UInt8]) {
        self.status = status
        self.contentType = contentType
        self.body = body
    }
}
