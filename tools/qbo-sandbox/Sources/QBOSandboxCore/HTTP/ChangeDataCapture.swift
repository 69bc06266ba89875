import Foundation

/// `GET /cdc?entities=A,B&changedSince=...`: full objects changed since the time, plus deletion stubs.
struct ChangeDataCapture {
    var now: Date
    /// QBO looks back at most 30 days and returns at most 1000 objects.
    static let maximumLookback: TimeInterval = 30 * 86_400
    static let maximumObjects = 1000

    func run(_ request: APIRequest, company: Company) throws(QBOFault) -> APIResponse {
        guard let entities = request.parameters["entities"], !entities.isEmpty else {
            throw QBOFault.requiredMissing("entities")
        }
        guard let sinceText = request.parameters["changedSince"] else { throw QBOFault.requiredMissing("changedSince") }
        guard let since = Timestamp.parse(sinceText) else {
            throw QBOFault.invalidQuery("changedSince is not a valid date: \(sinceText)")
        }
        guard now.timeIntervalSince(since) <= Self.maximumLookback else {
            throw QBOFault.invalidQuery("changedSince must be within the last 30 days: \(sinceText)")
        }
        var groups: [JSONValue] = []
        var remaining = Self.maximumObjects
        for name in entities.split(separator: ",").map({ $0.trimmingCharacters(in: .whitespaces) }) {
            guard let kind = EntityCatalog.all.first(where: { $0.name.lowercased() == name.lowercased() }) else {
                throw QBOFault.invalidQuery("invalid entity in entities: \(name)")
            }
            func changed(_ record: JSONValue) -> Bool {
                guard let text = record["MetaData"]?["LastUpdatedTime"]?.stringValue, let time = Timestamp.parse(text)
                else { return false }
                return time >= since
            }
            var rows = company.sortedRecords(kind.name).filter(changed).map { company.rendered(kind, $0) }
            rows += (company.deleted[kind.name] ?? [:]).values.filter(changed)
            rows = Array(rows.prefix(remaining))
            remaining -= rows.count
            guard !rows.isEmpty else { continue }
            groups.append(.object([
                JSONMember(kind.name, .array(rows)), JSONMember("startPosition", .number("1")),
                JSONMember("maxResults", .number(String(rows.count))),
            ]))
        }
        if groups.isEmpty { groups = [.object([])] }
        return .json(.object([
            JSONMember("CDCResponse", .array([.object(["QueryResponse": .array(groups)])])),
            JSONMember("time", .string(Timestamp.envelopeTime(now))),
        ]))
    }
}
