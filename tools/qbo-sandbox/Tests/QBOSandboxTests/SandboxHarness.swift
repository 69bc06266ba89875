import Foundation
import QBOSandboxCore

/// Starts an in-process emulator on 127.0.0.1:0 with the demo company and a ready access token.
struct SandboxHarness {
    static let realm = "9341453172473491"
    let server: RunningSandbox
    var token = "demo-access-token"

    static var packageRoot: URL {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    }

    /// `<repo root>/../shared/reference/qbo-samples`; the repository root is two levels above the package.
    static var samplesFolder: URL {
        packageRoot.deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("shared/reference/qbo-samples")
    }

    static var hasSamples: Bool { FileManager.default.fileExists(atPath: samplesFolder.path) }

    static func start(_ adjust: (inout SandboxConfiguration) -> Void = { _ in }) async throws -> SandboxHarness {
        var configuration = SandboxConfiguration()
        configuration.seedPath = packageRoot.appendingPathComponent("companies/demo-company.json").path
        configuration.limits.enabled = false
        adjust(&configuration)
        return SandboxHarness(server: try await RunningSandbox.start(configuration))
    }

    func stop() async { await server.stop() }

    func api(_ method: String, _ path: String, _ body: String = "", headers: [String: String] = [:],
        timeout: Double = 10) async -> TestResponse
    {
        var all = ["Authorization": "Bearer \(token)", "Accept": "application/json", "Content-Type": "application/json"]
        all.merge(headers) { $1 }
        return await TestHTTPClient.send(port: server.port, method: method,
            path: "/v3/company/\(Self.realm)/\(path)", headers: all, body: Array(body.utf8), timeout: timeout)
    }

    func raw(_ method: String, _ path: String, _ body: String = "", headers: [String: String] = [:]) async
        -> TestResponse
    {
        await TestHTTPClient.send(port: server.port, method: method, path: path, headers: headers,
            body: Array(body.utf8))
    }

    func query(_ statement: String) async -> TestResponse {
        let encoded = statement.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? statement
        return await api("GET", "query?query=\(encoded)")
    }

    static func billBody(vendor: String = "601", amounts: [String] = ["200.00"], docNumber: String? = nil) -> String {
        let lines = amounts.map {
            "{\"DetailType\":\"AccountBasedExpenseLineDetail\",\"Amount\":\($0),"
                + "\"AccountBasedExpenseLineDetail\":{\"AccountRef\":{\"value\":\"5\"}}}"
        }.joined(separator: ",")
        let doc = docNumber.map { ",\"DocNumber\":\"\($0)\"" } ?? ""
        return "{\"VendorRef\":{\"value\":\"\(vendor)\"},\"Line\":[\(lines)]\(doc)}"
    }

    static func faultCode(_ response: TestResponse) -> String? {
        response.json["Fault"]?["Error"]?.arrayValue?.first?["code"]?.stringValue
    }
}
