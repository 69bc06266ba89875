import Foundation

/// `POST /batch`: independent items, each answered with its own entity, QueryResponse or Fault.
///
/// Items run in request order against live state, so an item does see what an earlier item created;
/// QBO says not to rely on that (clients should not depend on either behaviour).
struct BatchExecutor {
    var now: Date
    var created: [String] = []
    static let maximumItems = 30

    mutating func run(_ request: APIRequest, company: inout Company, maximumItems: Int = maximumItems)
        throws(QBOFault) -> APIResponse
    {
        let body: JSONValue
        do { body = try JSONParser.parse(request.body) } catch {
            throw QBOFault.badRequestBody("Request body could not be parsed as JSON: \(error.message)")
        }
        guard let items = body["BatchItemRequest"]?.arrayValue else {
            throw QBOFault.requiredMissing("BatchItemRequest")
        }
        guard items.count <= maximumItems else { throw QBOFault.batchTooLarge(items.count, limit: maximumItems) }
        var responses: [JSONValue] = []
        for item in items {
            var members = run(item, company: &company)
            members.append(JSONMember("bId", item["bId"] ?? .null))
            responses.append(.object(members))
        }
        return .json(.object([
            JSONMember("BatchItemResponse", .array(responses)),
            JSONMember("time", .string(Timestamp.envelopeTime(now))),
        ]))
    }

    private mutating func run(_ item: JSONValue, company: inout Company) -> [JSONMember] {
        do throws(QBOFault) {
            if let query = item["Query"]?.stringValue {
                return [JSONMember("QueryResponse", try company.query(query))]
            }
            guard let kind = EntityCatalog.all.first(where: { item[$0.name] != nil }),
                let entity = item[kind.name]
            else { throw QBOFault.requiredMissing("entity") }
            var executor = APIExecutor(now: now, wantsXML: false)
            let operation = item["operation"]?.stringValue?.lowercased() ?? "create"
            let includes = Set((item["include"]?.stringValue ?? "").lowercased().split(separator: ",").map(String.init))
            let result = try executor.write(kind, operation: operation, body: entity, includes: includes,
                company: &company)
            created += executor.created
            return [JSONMember(kind.name, result)]
        } catch {
            return [JSONMember("Fault", error.faultObject)]
        }
    }
}
