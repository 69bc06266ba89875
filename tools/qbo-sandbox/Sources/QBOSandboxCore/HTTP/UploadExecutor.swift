import Foundation

/// `POST /upload`: pairs `file_metadata_NN` with `file_content_NN` and creates one Attachable per pair.
/// A failed pair becomes `{"Fault": ...}` in `AttachableResponse`, and the call still answers HTTP 200.
struct UploadExecutor {
    var now: Date
    var created: [String] = []
    /// QBO caps an upload request at 100 MB.
    static let maximumBytes = 100 * 1024 * 1024

    mutating func run(_ request: APIRequest, company: inout Company) throws(QBOFault) -> APIResponse {
        guard let boundary = MultipartForm.boundary(from: request.contentType) else {
            throw QBOFault.badRequestBody("Content-Type must be multipart/form-data with a boundary")
        }
        let parts = try MultipartForm.parts(request.body, boundary: boundary)
        var items: [JSONValue] = []
        let contents = parts.filter { $0.name.hasPrefix("file_content_") }
        for content in contents {
            let suffix = String(content.name.dropFirst("file_content_".count))
            let metadata = parts.first { $0.name == "file_metadata_\(suffix)" }
            do {
                var body: JSONValue = .object([])
                if let metadata {
                    do { body = try JSONParser.parse(metadata.body) } catch {
                        throw QBOFault.badRequestBody("file_metadata_\(suffix) is not JSON: \(error.message)")
                    }
                }
                if body["FileName"] == nil { body["FileName"] = .string(content.fileName ?? "attachment") }
                if body["ContentType"] == nil {
                    body["ContentType"] = .string(content.contentType ?? "application/octet-stream")
                }
                var record = try company.create(EntityCatalog.attachable, body: body, options: WriteOptions(now: now))
                let id = record["Id"]?.stringValue ?? ""
                let fileName = record["FileName"]?.stringValue ?? ""
                record["Size"] = .number(String(content.body.count))
                record["FileAccessUri"] = .string("/v3/company/\(company.realmId)/download/\(id)")
                record["TempDownloadUri"] = .string(
                    "http://\(request.host)/admin/attachments/\(company.realmId)/\(id)/"
                        + (fileName.addingPercentEncoding(withAllowedCharacters: .urlPathAllowed) ?? "file")
                        + "?X-Amz-Expires=900")
                company.store("Attachable", record)
                company.attachmentBytes[id] = content.body
                created.append("Attachable")
                items.append(.object(["Attachable": record]))
            } catch let fault as QBOFault {
                items.append(.object(["Fault": fault.faultObject]))
            } catch {
                items.append(.object(["Fault": QBOFault.systemFault.faultObject]))
            }
        }
        return .json(.object([
            JSONMember("AttachableResponse", .array(items)), JSONMember("time", .string(Timestamp.envelopeTime(now))),
        ]))
    }
}
