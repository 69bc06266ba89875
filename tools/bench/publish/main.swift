// publish-bench: posts planned Bills to qbo-sandbox under QBO's (time-compressed) limits and compares
// the Publish stage (batch + spare single calls) with a naive client (one vendor query + one create per
// Bill). Also `crash-once`, used by PublishTests to kill the process right after a write intent.
import EventLog
import Foundation
import Logging
import Publish

let arguments = Array(CommandLine.arguments.dropFirst())

func option(_ name: String, _ fallback: String) -> String {
    guard let index = arguments.firstIndex(of: "--\(name)"), index + 1 < arguments.count else { return fallback }
    return arguments[index + 1]
}

func fail(_ message: String) -> Never {
    FileHandle.standardError.write(Data("publish-bench: \(message)\n".utf8))
    exit(2)
}

let baseURL = option("base-url", "")
let realmId = option("realm", "9341453172473491")
let clientId = option("client-id", "sandbox-client-id")
let clientSecret = option("client-secret", "sandbox-client-secret")
let logger = Logger(label: "publish-bench")

func settings(limits: RateLimits) -> PublishSettings {
    PublishSettings(
        baseURL: baseURL, tokenURL: baseURL + "/oauth2/v1/tokens/bearer", authorizeURL: baseURL + "/connect/oauth2",
        realmId: realmId, clientId: clientId, limits: limits)
}

func admin(_ method: String, _ path: String) throws -> JSONValue {
    let response = try CurlEasy().perform(
        HTTPRequest(method: method, url: baseURL + path, body: method == "POST" ? [] : nil))
    return try JSONParser.parse(response.body)
}

func counter429() throws -> Int {
    Int(try admin("GET", "/admin/counters")["throttled429"]?.stringValue ?? "0") ?? 0
}

/// A planned Bill against the demo company, as Transform would emit it.
func billPlan(_ number: Int) -> BillPlanned {
    let vendor = String(601 + number % 6)
    let amount = Money(scaledValue: Int64(10_000 + number % 9_000) * 1_000)
    let line = BillPlanned.Line(
        lineNumber: 1, description: "bench \(number)", amount: amount,
        account: RuleChoice(stampli: "6200", qboId: "8", qboName: "Office Expenses", rule: "qbo-id"),
        classChoice: RuleChoice(stampli: "OPS", qboId: "101", qboName: "Operations", rule: "qbo-id"), customerId: nil,
        customerName: nil, billableStatus: nil, sourceRow: number + 1)
    let hash = SHA256Digest.hex(of: Array("bench|\(number)|\(amount)".utf8))
    return BillPlanned(
        invoiceId: "BENCH-\(number)", contentHash: hash, requestId: "bill-BENCH-\(number)-\(hash.prefix(12))",
        entity: "Bill", action: "create", qboId: nil, stampliVendorId: "V\(vendor)", vendorQboId: vendor,
        vendorName: "", docNumber: "BENCH-\(number)", txnDate: "2026-11-02", dueDate: nil, currency: nil,
        termId: "303", termName: "Net 30", department: nil, lines: [line], total: amount,
        privateNote: "Stampli invoice BENCH-\(number)", poNumber: nil, attachments: [], approver: nil,
        approvedDate: nil, fileSha256: String(repeating: "0", count: 64), path: "/bench.csv", mappingSha256: nil)
}

/// A fresh data dir with a secret store (random key) holding the client secret and tokens from the emulator.
func connectedSecrets(_ directory: String) throws -> SecretStore {
    try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
    var key = [UInt8](repeating: 0, count: 32)
    for index in key.indices { key[index] = UInt8.random(in: 0...255) }
    let secrets = SecretStore(path: directory + "/credentials.json", keyBytes: key)
    try secrets.set(.qboClientSecret, Secret(clientSecret))
    let tokens = try admin("POST", "/admin/tokens?realmId=\(realmId)")
    var state = TokenState()
    state.apply(try TokenResponse.decode(tokens.bytes), now: Date().timeIntervalSince1970)
    try TokenVault(secrets: secrets).save(state)
    return secrets
}

func runPublisher(bills: Int, limits: RateLimits) throws -> (seconds: Double, throttled: Int, report: StageReport) {
    let directory = NSTemporaryDirectory() + "publish-bench-" + UUID().uuidString
    let keep = ProcessInfo.processInfo.environment["PUBLISH_BENCH_KEEP"] != nil
    if keep { print("keeping \(directory)") }
    defer { if !keep { try? FileManager.default.removeItem(atPath: directory) } }
    let secrets = try connectedSecrets(directory)
    let store = try SQLiteEventStore(path: directory + "/events.sqlite")
    try store.append((0..<bills).map { try NewEvent(billPlan($0), subject: "invoice:BENCH-\($0)") })
    let before = try counter429()
    let started = Date()
    let report = try Publisher(settings: settings(limits: limits), secrets: secrets).runOnce(
        store: store, logger: logger)
    let seconds = Date().timeIntervalSince(started)
    // Where the time went: waiting for the emulator's answers, versus everything else (our own work and
    // the limiter's pauses).
    let responses = try store.events(types: [ResponseReceived.type], after: 0, limit: Int.max)
        .map { try $0.decode(ResponseReceived.self) }
    let serverSeconds = Double(responses.map(\.durationMs).reduce(0, +)) / 1000
    let slowest = responses.suffix(20).map(\.durationMs).max() ?? 0
    print(
        String(
            format: "publish time: %.1f s waiting for responses (last batch calls up to %d ms each), %.1f s elsewhere",
            serverSeconds, slowest, seconds - serverSeconds))
    return (seconds, try counter429() - before, report)
}

func runNaive(bills: Int, limits: RateLimits) throws -> (seconds: Double, throttled: Int, posted: Int) {
    let directory = NSTemporaryDirectory() + "publish-bench-" + UUID().uuidString
    defer { try? FileManager.default.removeItem(atPath: directory) }
    let secrets = try connectedSecrets(directory)
    guard let token = try TokenVault(secrets: secrets).load().accessToken else { fail("no token") }
    let easy = try CurlEasy()
    var limiter = RateLimiter(limits: limits)
    let company = "\(baseURL)/v3/company/\(realmId)"
    var throttled = 0
    var posted = 0
    func send(_ request: HTTPRequest) throws -> HTTPResponse {
        while true {
            while case .wait(let seconds) = limiter.acquire(now: Date().timeIntervalSince1970) {
                Thread.sleep(forTimeInterval: max(seconds, 0.001))
            }
            let response = try easy.perform(request)
            limiter.release()
            if response.status != 429 { return response }
            throttled += 1
            limiter.throttled(now: Date().timeIntervalSince1970, seconds: limits.throttleWaitSeconds)
        }
    }
    let headers = [("Authorization", "Bearer \(token.revealed)"), ("Accept", "application/json")]
    let started = Date()
    for number in 0..<bills {
        let plan = billPlan(100_000 + number)
        let statement = "select * from Vendor where Id = '\(plan.vendorQboId)'"
        let query = statement.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? statement
        _ = try send(
            HTTPRequest(method: "GET", url: "\(company)/query?query=\(query)&minorversion=75", headers: headers))
        let response = try send(
            HTTPRequest(
                method: "POST", url: "\(company)/bill?minorversion=75&requestid=\(plan.requestId)",
                headers: headers + [("Content-Type", "application/json")], body: QBOBodies.bill(plan).bytes))
        if response.status == 200 { posted += 1 }
    }
    return (Date().timeIntervalSince(started), throttled, posted)
}

switch arguments.first {
case "crash-once":
    // Used by PublishTests: publish with the kill-after-intent switch; the process dies by SIGKILL.
    let directory = option("data-dir", "")
    let secrets = try SecretStore(dataDir: directory)
    let store = try SQLiteEventStore(path: directory + "/events.sqlite")
    var crashing = settings(limits: RateLimits())
    crashing.killAfterIntentForTesting = true
    let report = try Publisher(settings: crashing, secrets: secrets).runOnce(store: store, logger: logger)
    fail("no write intent was reached: \(report)")
case "crash-after-refresh":
    // Used by PublishTests: the process dies by SIGKILL right after persisting a refreshed token pair.
    let directory = option("data-dir", "")
    let secrets = try SecretStore(dataDir: directory)
    let store = try SQLiteEventStore(path: directory + "/events.sqlite")
    var crashing = settings(limits: RateLimits())
    crashing.killAfterRefreshForTesting = true
    let report = try Publisher(settings: crashing, secrets: secrets).runOnce(store: store, logger: logger)
    fail("no token refresh was reached: \(report)")
case "bench":
    guard !baseURL.isEmpty else { fail("--base-url is required") }
    let bills = Int(option("bills", "20000")) ?? 20_000
    let naiveBills = Int(option("naive-bills", "2000")) ?? 2_000
    let window = Double(option("window", "6")) ?? 6
    let limits = RateLimits(
        requestsPerWindow: Int(option("requests-per-window", "500")) ?? 500,
        batchesPerWindow: Int(option("batches-per-window", "40")) ?? 40, windowSeconds: window,
        throttleWaitSeconds: window)
    let ceilingPerWindow = Double(
        limits.batchesPerWindow * limits.maximumBatchItems
            + (limits.requestsPerWindow - limits.batchesPerWindow))
    let scale = 60 / window
    print(
        "limits: \(limits.requestsPerWindow) requests and \(limits.batchesPerWindow) batch calls per \(window) s window (x\(scale) time compression)"
    )
    print(
        String(format: "ceiling: %.0f Bills per window = %.0f Bills per QBO minute", ceilingPerWindow, ceilingPerWindow)
    )

    _ = try admin("POST", "/admin/reset")
    let fast = try runPublisher(bills: bills, limits: limits)
    let fastPerWindow = Double(bills) / (fast.seconds / window)
    print(
        String(
            format:
                "publish:  %d Bills in %.1f s = %.0f Bills per QBO minute (%.2f of ceiling), %d server 429s, %d batch calls, errors: %@",
            bills, fast.seconds, fastPerWindow, fastPerWindow / ceilingPerWindow, fast.throttled,
            fast.report.counts["batches"] ?? 0, fast.report.errors.joined(separator: "; ")))
    print(
        "publish report: posted \(fast.report.counts["billsPosted"] ?? 0), requests \(fast.report.counts["requests"] ?? 0)"
    )

    _ = try admin("POST", "/admin/reset")
    let naive = try runNaive(bills: naiveBills, limits: limits)
    let naivePerWindow = Double(naive.posted) / (naive.seconds / window)
    print(
        String(
            format: "naive:    %d Bills in %.1f s = %.0f Bills per QBO minute (%.2f of ceiling), %d server 429s",
            naive.posted, naive.seconds, naivePerWindow, naivePerWindow / ceilingPerWindow, naive.throttled))
    print(String(format: "speedup: %.1fx", fastPerWindow / max(naivePerWindow, 1)))
default:
    fail(
        "usage: publish-bench bench --base-url URL [--bills N] [--naive-bills N] [--window S] | crash-once --data-dir DIR --base-url URL"
    )
}
