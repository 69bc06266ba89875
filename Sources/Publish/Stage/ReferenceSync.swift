import EventLog
import Foundation

/// Reads QBO's name lists for Transform (qbo-api.md §3, §10): the first time (or after CDC's 30-day
/// window has passed) every record, paged by 1000 and including inactive ones; afterwards only the
/// changes since the last sync, through CDC. Each entity gives one `ReferenceSynced` event.
struct ReferenceSync {
    /// The name lists Transform maps onto.
    static let entities = ["Account", "Department", "Class", "Term", "Customer", "Employee", "Vendor"]
    /// Rows per query page (QBO's maximum).
    static let pageSize = 1000
    /// CDC only looks back 30 days; past 29 a full read is done instead.
    static let cdcWindowSeconds: Double = 29 * 86_400
    /// A CDC answer with no changes for an entity is recorded only when the last recorded sync is older
    /// than this, to move its `asOf` forward; otherwise an idle connector would append a sync event per
    /// entity on every poll.
    static let quietRecordSeconds: Double = 7 * 86_400

    let client: QBOClient
    let store: any EventStore
    let clock: any PublishClock

    func run(report: inout StageReport) throws {
        let subjectPrefix = "reference:"
        var needFull: [String] = []
        var changedSince: [String: String] = [:]
        for entity in Self.entities {
            let last = try store.events(subject: subjectPrefix + entity, types: [ReferenceSynced.type]).last
            if let last, let synced = try? last.decode(ReferenceSynced.self),
                let time = Self.parseTime(synced.asOf), clock.now() - time < Self.cdcWindowSeconds
            {
                changedSince[entity] = synced.asOf
            } else {
                needFull.append(entity)
            }
        }
        var events: [NewEvent] = []
        for entity in needFull {
            var records: [ReferenceSynced.Record] = []
            var start = 1
            var asOf = ISOTime.format(clock.now())
            while true {
                let statement =
                    "select * from \(entity) where Active IN (true,false) STARTPOSITION \(start) MAXRESULTS \(Self.pageSize)"
                let response = try client.query(statement, subject: subjectPrefix + entity)
                let rows = response[entity]?.arrayValue ?? []
                records += rows.compactMap { Self.record($0, entity: entity) }
                if start == 1 { asOf = ISOTime.format(clock.now()) }
                if rows.count < Self.pageSize { break }
                start += Self.pageSize
            }
            events.append(
                try NewEvent(
                    ReferenceSynced(entity: entity, full: true, records: records, asOf: asOf),
                    subject: subjectPrefix + entity))
            report.count("referenceRecords", records.count)
        }
        if let since = changedSince.values.min(), !changedSince.isEmpty {
            let names = changedSince.keys.sorted()
            let outcome = try client.call(
                method: "GET", path: "/cdc",
                query: [("entities", names.joined(separator: ",")), ("changedSince", since)],
                subject: "qbo:\(client.settings.realmId)")
            guard case .success(let json, _) = outcome else {
                throw QBOError(kind: .fault, operation: "cdc", message: "change data capture failed")
            }
            let asOf = json["time"]?.stringValue ?? ISOTime.format(clock.now())
            var found: [String: [ReferenceSynced.Record]] = [:]
            for response in json["CDCResponse"]?.arrayValue ?? [] {
                for query in response["QueryResponse"]?.arrayValue ?? [] {
                    for entity in names {
                        for row in query[entity]?.arrayValue ?? [] {
                            if let record = Self.record(row, entity: entity) {
                                found[entity, default: []].append(record)
                            }
                        }
                    }
                }
            }
            for entity in names {
                let records = found[entity] ?? []
                if records.isEmpty, let last = changedSince[entity].flatMap(Self.parseTime),
                    clock.now() - last < Self.quietRecordSeconds
                {
                    continue
                }
                events.append(
                    try NewEvent(
                        ReferenceSynced(entity: entity, full: false, records: found[entity] ?? [], asOf: asOf),
                        subject: subjectPrefix + entity))
                report.count("referenceRecords", found[entity]?.count ?? 0)
            }
        }
        try store.append(events)
        report.appended += events.count
        report.count("referenceEntities", events.count)
    }

    static func record(_ row: JSONValue, entity: String) -> ReferenceSynced.Record? {
        guard let id = row["Id"]?.stringValue else { return nil }
        let deleted = row["status"]?.stringValue == "Deleted"
        let name = row["Name"]?.stringValue ?? row["DisplayName"]?.stringValue ?? ""
        return ReferenceSynced.Record(
            id: id, name: name, fullyQualifiedName: row["FullyQualifiedName"]?.stringValue,
            acctNum: row["AcctNum"]?.stringValue, active: deleted ? false : (row["Active"]?.boolValue ?? true),
            classification: row["Classification"]?.stringValue, accountType: row["AccountType"]?.stringValue,
            accountSubType: row["AccountSubType"]?.stringValue, syncToken: row["SyncToken"]?.stringValue,
            deleted: deleted ? true : nil)
    }

    static func parseTime(_ text: String) -> Double? {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        if let date = formatter.date(from: text) { return date.timeIntervalSince1970 }
        formatter.formatOptions = [.withInternetDateTime]
        return formatter.date(from: text)?.timeIntervalSince1970
    }
}
