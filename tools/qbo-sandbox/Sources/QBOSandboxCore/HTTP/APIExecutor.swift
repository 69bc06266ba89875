import Foundation

/// Runs one authorised API call against a company (under the state lock).
struct APIExecutor {
    var now: Date
    var wantsXML: Bool
    /// Entity kinds created by this call (for counters).
    var created: [String] = []

    init(now: Date, wantsXML: Bool) {
        self.now = now
        self.wantsXML = wantsXML
    }

    private func envelope(_ key: String, _ value: JSONValue) -> APIResponse {
        .json(.object([JSONMember(key, value), JSONMember("time", .string(Timestamp.envelopeTime(now)))]))
    }

    mutating func execute(_ request: APIRequest, company: inout Company) -> APIResponse {
        do {
            return try route(request, company: &company)
        } catch {
            return .fault(error, now: now, wantsXML: wantsXML)
        }
    }

    private mutating func route(_ request: APIRequest, company: inout Company) throws(QBOFault) -> APIResponse {
        let segments = request.segments
        switch (request.method, segments.first ?? "") {
        case ("GET", "query"):
            return envelope("QueryResponse", try company.query(request.parameters["query"] ?? ""))
        case ("POST", "query"):
            return envelope("QueryResponse", try company.query(String(decoding: request.body, as: UTF8.self)))
        case ("POST", "batch"):
            var batch = BatchExecutor(now: now)
            let result = try batch.run(request, company: &company)
            created += batch.created
            return result
        case ("GET", "cdc"):
            return try ChangeDataCapture(now: now).run(request, company: company)
        case ("POST", "upload"):
            var upload = UploadExecutor(now: now)
            let result = try upload.run(request, company: &company)
            created += upload.created
            return result
        default:
            break
        }
        guard let kind = EntityCatalog.forPath(segments.first ?? "") else {
            throw QBOFault.unsupportedOperation("\(request.method) /\(segments.joined(separator: "/"))")
        }
        if request.method == "GET", segments.count == 2 {
            return envelope(kind.name, try company.read(kind, id: segments[1]))
        }
        guard request.method == "POST", segments.count == 1 else {
            throw QBOFault.unsupportedOperation("\(request.method) /\(segments.joined(separator: "/"))")
        }
        let body: JSONValue
        do { body = try JSONParser.parse(request.body) } catch {
            throw QBOFault.badRequestBody("Request body could not be parsed as JSON: \(error.message)")
        }
        let operation = request.parameters["operation"]?.lowercased()
        let result = try write(kind, operation: operation, body: body, includes: request.includes, company: &company)
        return envelope(kind.name, result)
    }

    /// create / update / delete as chosen by `operation` and the presence of `Id`.
    mutating func write(_ kind: EntityKind, operation: String?, body: JSONValue, includes: Set<String>,
        company: inout Company) throws(QBOFault) -> JSONValue
    {
        let options = WriteOptions(
            now: now, allowDuplicateDocNumber: includes.contains("allowduplicatedocnum"),
            isVoid: includes.contains("void") && kind.name == "BillPayment")
        // Each write is its own statement before `rendered`: in `company.rendered(kind, try company.create(..))`
        // the receiver is read (a copy of the company) before the argument writes, so the write found every
        // record shared and copied them all, making each create cost as much as the records held.
        switch operation {
        case "delete":
            return try company.delete(kind, body: body, options: options)
        case "update":
            let record = try company.update(kind, body: body, options: options)
            return company.rendered(kind, record)
        case "create":
            created.append(kind.name)
            let record = try company.create(kind, body: body, options: options)
            return company.rendered(kind, record)
        case nil:
            if body["Id"] != nil {
                let record = try company.update(kind, body: body, options: options)
                return company.rendered(kind, record)
            }
            let record = try company.create(kind, body: body, options: options)
            created.append(kind.name)
            return company.rendered(kind, record)
        case let other?:
            throw QBOFault.unsupportedOperation("operation=\(other)")
        }
    }
}
