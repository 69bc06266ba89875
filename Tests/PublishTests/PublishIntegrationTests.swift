import EventLog
import Foundation
import TestSupport
import Testing

@testable import Publish

/// Publish against the QBO emulator over real HTTP on 127.0.0.1. Enabled when the emulator is built, and
/// always under `CI=true`, where a missing emulator fails the suite.
@Suite("Publish against qbo-sandbox", .serialized, .enabled(if: SandboxLauncher.shouldRun))
struct PublishIntegrationTests {
    @Test func publishesVendorsBillsAVendorCreditAPaymentAndAnAttachmentExactly() throws {
        let harness = try SandboxHarness()
        let pdf = Array("%PDF-1.4 invoice".utf8)
        try harness.store.commit(EventBatch(blobs: [Blob(bytes: pdf)]))
        let attachment = BillPlanned.Attachment(
            fileName: "inv-E2E-1.pdf", blobSha256: SHA256Digest.hex(of: pdf), contentType: "application/pdf")
        try harness.plan([
            (Fixtures.vendorPlan(id: "SV-1", name: "Acme Paper Co", email: "ap@acme.test"), "vendor:SV-1"),
            (
                Fixtures.vendorPlan(
                    id: "SV-2", name: "Hicks Hardware", action: "update", qboId: "605", email: "new@hicks.test"),
                "vendor:SV-2"
            ),
            (
                Fixtures.billPlan(
                    invoiceId: "E2E-1", docNumber: "E2E-1", amounts: ["1234.56", "0.07"], attachments: [attachment]),
                "invoice:E2E-1"
            ),
            (Fixtures.billPlan(invoiceId: "E2E-2", docNumber: "E2E-2", amounts: ["19.99"]), "invoice:E2E-2"),
            (
                Fixtures.billPlan(invoiceId: "E2E-3", docNumber: "E2E-3", amounts: ["5.25"], entity: "VendorCredit"),
                "invoice:E2E-3"
            ),
        ])
        let first = try harness.runOnce()
        #expect(first.errors.isEmpty, "\(first.errors)")
        #expect(first.counts["vendorsConfirmed"] == 2)
        #expect(first.counts["billsPosted"] == 3)
        #expect(first.counts["attachmentsUploaded"] == 1)

        let vendors = try harness.events(VendorConfirmed.self)
        #expect(vendors.map(\.outcome) == ["created", "updated"])
        let hicks = try #require(try harness.records("Vendor").first { $0["Id"]?.stringValue == "605" })
        #expect(hicks["PrimaryEmailAddr"]?["Address"]?.stringValue == "new@hicks.test")
        #expect(try harness.records("Vendor").contains { $0["DisplayName"]?.stringValue == "Acme Paper Co" })

        let bill = try #require(try harness.bills(docNumber: "E2E-1").first)
        #expect(try harness.bills(docNumber: "E2E-1").count == 1)
        #expect(bill["TotalAmt"]?.moneyValue == Money("1234.63"))
        #expect(bill["DepartmentRef"]?["value"]?.stringValue == "201")
        #expect(bill["SalesTermRef"]?["value"]?.stringValue == "303")
        #expect(bill["PrivateNote"]?.stringValue == "Stampli invoice E2E-1 | approved by Ann")
        let lines = try #require(bill["Line"]?.arrayValue)
        #expect(lines.map { $0["Amount"]?.moneyValue } == [Money("1234.56"), Money("0.07")])
        #expect(lines.map { $0["AccountBasedExpenseLineDetail"]?["AccountRef"]?["value"]?.stringValue } == ["9", "8"])
        #expect(lines[1]["AccountBasedExpenseLineDetail"]?["ClassRef"]?["value"]?.stringValue == "101")
        let credits = try harness.records("VendorCredit").filter { $0["DocNumber"]?.stringValue == "E2E-3" }
        #expect(credits.count == 1)
        #expect(credits.first?["TotalAmt"]?.moneyValue == Money("5.25"))

        let posted = try harness.events(BillPosted.self)
        let billId = try #require(posted.first { $0.invoiceId == "E2E-1" }?.qboId)
        let attachables = try harness.records("Attachable")
        #expect(attachables.count == 1)
        #expect(attachables.first?["AttachableRef"]?.arrayValue?.first?["EntityRef"]?["value"]?.stringValue == billId)

        // A payment planned after the Bill exists.
        try harness.plan([
            (Fixtures.paymentPlan(id: "P-1", invoiceId: "E2E-1", billId: billId, amount: "1234.63"), "payment:P-1")
        ])
        let second = try harness.runOnce()
        #expect(second.counts["paymentsPosted"] == 1)
        let payment = try #require(try harness.records("BillPayment").first)
        #expect(payment["TotalAmt"]?.moneyValue == Money("1234.63"))
        #expect(payment["Line"]?.arrayValue?.first?["LinkedTxn"]?.arrayValue?.first?["TxnId"]?.stringValue == billId)

        // Every request has its response, and no event holds a token.
        let sent = try harness.events(RequestSent.self)
        let received = try harness.events(ResponseReceived.self)
        #expect(sent.count == received.count)
        #expect(sent.allSatisfy { $0.headers.contains("Authorization: <redacted>") })
        #expect(received.allSatisfy { $0.intuitTid != nil })
        let access = try #require(try TokenVault(secrets: harness.secrets).load().accessToken)
        let everything = try harness.store.events(after: 0, limit: 1_000_000)
        #expect(!everything.contains { $0.payloadText.contains(access.revealed) })

        // A third run posts nothing new.
        let third = try harness.runOnce()
        #expect(third.appended == 0)
        #expect((third.counts["requests"] ?? 0) == 0)
    }

    @Test func aDuplicateVendorNameLinksTheExistingVendorAndAnInvalidReferenceIsQuarantined() throws {
        let harness = try SandboxHarness()
        var bad = Fixtures.billPlan(invoiceId: "BAD-1", docNumber: "BAD-1", amounts: ["10.00"])
        bad.lines[0].account = Fixtures.choice("9999", "Missing")
        try harness.plan([
            (Fixtures.vendorPlan(id: "SV-9", name: "United States Treasury (deleted)"), "vendor:SV-9"),
            (bad, "invoice:BAD-1"),
        ])
        let report = try harness.runOnce()
        #expect(report.errors.isEmpty, "\(report.errors)")
        let vendor = try #require(try harness.events(VendorConfirmed.self).first)
        #expect(vendor.outcome == "linked")
        #expect(vendor.qboId == "607")
        let rejected = try #require(try harness.events(WriteRejected.self).first)
        #expect(rejected.stampliId == "BAD-1")
        #expect(rejected.httpStatus == 400)
        #expect(!rejected.message.isEmpty)
        #expect(try harness.bills(docNumber: "BAD-1").isEmpty)
    }

    @Test func aStaleSyncTokenOnVendorUpdateResolvesItself() throws {
        let harness = try SandboxHarness()
        try harness.plan([
            (
                Fixtures.vendorPlan(
                    id: "SV-5", name: "Tania's Nursery", action: "update", qboId: "606", email: "a@t.test"),
                "vendor:SV-5"
            )
        ])
        #expect(try harness.runOnce().counts["vendorsConfirmed"] == 1)
        // Someone edits the vendor in QBO: our recorded SyncToken is now stale.
        let access = try #require(try TokenVault(secrets: harness.secrets).load().accessToken)
        let current = try #require(try harness.records("Vendor").first { $0["Id"]?.stringValue == "606" })
        let edit = try CurlEasy().perform(
            HTTPRequest(
                method: "POST",
                url: harness.sandbox.baseURL + "/v3/company/\(SandboxHarness.realmId)/vendor?minorversion=75",
                headers: [
                    ("Authorization", "Bearer \(access.revealed)"), ("Accept", "application/json"),
                    ("Content-Type", "application/json"),
                ],
                body: JSONValue.object([
                    "Id": .string("606"), "SyncToken": current["SyncToken"]!, "sparse": .bool(true),
                    "CompanyName": .string("Edited elsewhere"),
                ]).bytes))
        #expect(edit.status == 200)
        try harness.plan([
            (
                Fixtures.vendorPlan(
                    id: "SV-5", name: "Tania's Nursery", action: "update", qboId: "606", email: "b@t.test"),
                "vendor:SV-5"
            )
        ])
        let report = try harness.runOnce()
        #expect(report.errors.isEmpty, "\(report.errors)")
        #expect(report.counts["vendorsConfirmed"] == 1)
        let faults = try harness.events(ResponseReceived.self).compactMap(\.faultCode)
        #expect(faults == ["5010"])
        let vendor = try #require(try harness.records("Vendor").first { $0["Id"]?.stringValue == "606" })
        #expect(vendor["PrimaryEmailAddr"]?["Address"]?.stringValue == "b@t.test")
    }

    @Test func commitThenDropOnABillCreateSettlesByLookupToExactlyOneBill() throws {
        let harness = try SandboxHarness()
        harness.settings.backoff = Backoff(maximumAttempts: 0)  // no resend: settle by lookup at once
        try harness.setFaults(commitThenDropRate: 1)
        try harness.plan([(Fixtures.billPlan(invoiceId: "DROP-1", docNumber: "DROP-1"), "invoice:DROP-1")])
        let first = try harness.runOnce()
        #expect(first.errors.isEmpty, "\(first.errors)")
        #expect(try harness.events(RequestFailed.self).map(\.ambiguous) == [true])
        let posted = try harness.events(BillPosted.self)
        #expect(posted.map(\.settledBy) == ["lookup"])
        try harness.setFaults(commitThenDropRate: 0)
        let rerun = try harness.runOnce()
        #expect(rerun.appended == 0)
        #expect(try harness.bills(docNumber: "DROP-1").count == 1)
    }

    @Test func commitThenDropIsSettledByResendingTheSameRequestId() throws {
        let harness = try SandboxHarness()
        try harness.setFaults(commitThenDropRate: 1)
        try harness.plan([(Fixtures.billPlan(invoiceId: "DROP-2", docNumber: "DROP-2"), "invoice:DROP-2")])
        let report = try harness.runOnce()
        #expect(report.errors.isEmpty, "\(report.errors)")
        let sent = try harness.events(RequestSent.self).filter { $0.method == "POST" }
        #expect(sent.count >= 2)
        #expect(Set(sent.map(\.requestId)).count == 1)
        #expect(try harness.bills(docNumber: "DROP-2").count == 1)
        try harness.setFaults(commitThenDropRate: 0)
        #expect(try harness.runOnce().appended == 0)
        #expect(try harness.bills(docNumber: "DROP-2").count == 1)
    }

    @Test func aSIGKILLBetweenIntentAndResponseThenARerunLeavesExactlyOneBill() throws {
        let helper = SandboxLauncher.repositoryRoot + "/.build/debug/publish-bench"
        try #require(FileManager.default.isExecutableFile(atPath: helper), "build publish-bench first (swift build)")
        let harness = try SandboxHarness()
        try harness.plan([(Fixtures.billPlan(invoiceId: "KILL-1", docNumber: "KILL-1"), "invoice:KILL-1")])
        let process = Process()
        process.executableURL = URL(fileURLWithPath: helper)
        process.arguments = [
            "crash-once", "--data-dir", harness.directory.path, "--base-url", harness.sandbox.baseURL,
            "--realm", SandboxHarness.realmId, "--client-id", SandboxHarness.clientId,
        ]
        var environment = ProcessInfo.processInfo.environment
        environment["ML_CONNECTOR_MASTER_KEY"] = Data(repeating: 7, count: 32).base64EncodedString()
        process.environment = environment
        try process.run()
        process.waitUntilExit()
        #expect(process.terminationReason == .uncaughtSignal)
        #expect(process.terminationStatus == SIGKILL)
        #expect(
            try harness.events(WriteIntended.self).map(\.requestId) == [
                Fixtures.billPlan(invoiceId: "KILL-1", docNumber: "KILL-1").requestId
            ])
        #expect(try harness.events(BillPosted.self).isEmpty)
        #expect(try harness.store.cursor(Publisher.consumer) == 0)

        let rerun = try harness.runOnce()
        #expect(rerun.errors.isEmpty, "\(rerun.errors)")
        #expect(rerun.counts["settled"] == 1)
        #expect(try harness.events(WriteIntended.self).count == 1)  // settled, not intended again
        #expect(try harness.bills(docNumber: "KILL-1").count == 1)
        #expect(try harness.runOnce().appended == 0)
        #expect(try harness.bills(docNumber: "KILL-1").count == 1)
    }

    @Test func aTokenExpiringMidRunIsInvisible() throws {
        let harness = try SandboxHarness()
        try harness.plan([(Fixtures.billPlan(invoiceId: "TOK-1", docNumber: "TOK-1"), "invoice:TOK-1")])
        #expect(try harness.runOnce().counts["billsPosted"] == 1)
        try harness.admin("POST", "/admin/expire-tokens")
        try harness.plan([(Fixtures.billPlan(invoiceId: "TOK-2", docNumber: "TOK-2"), "invoice:TOK-2")])
        let report = try harness.runOnce()
        #expect(report.errors.isEmpty, "\(report.errors)")
        #expect(report.counts["billsPosted"] == 1)
        let refreshed = try harness.events(TokenRefreshed.self)
        #expect(refreshed.map(\.reason) == ["unauthorized"])
        #expect(refreshed.first?.rotated == true)
    }

    @Test func strictRotationSurvivesARestartRightAfterARefresh() throws {
        let harness = try SandboxHarness(arguments: ["--strict-refresh"])
        try harness.admin("POST", "/admin/expire-tokens")
        try harness.plan([(Fixtures.billPlan(invoiceId: "ROT-1", docNumber: "ROT-1"), "invoice:ROT-1")])
        let before = try TokenVault(secrets: harness.secrets).load().refreshToken
        #expect(try harness.runOnce().counts["billsPosted"] == 1)
        let after = try TokenVault(secrets: harness.secrets).load().refreshToken
        #expect(after != before)
        // A new process (a new Publisher reading the same credential file) must use the rotated token:
        // in strict mode the old one is already dead.
        try harness.admin("POST", "/admin/expire-tokens")
        try harness.plan([(Fixtures.billPlan(invoiceId: "ROT-2", docNumber: "ROT-2"), "invoice:ROT-2")])
        let restarted = try harness.runOnce()
        #expect(restarted.errors.isEmpty, "\(restarted.errors)")
        #expect(restarted.counts["billsPosted"] == 1)
        #expect(try harness.events(ConnectionLost.self).isEmpty)
    }

    @Test func strictRotationSurvivesASIGKILLRightAfterARefresh() throws {
        let helper = SandboxLauncher.repositoryRoot + "/.build/debug/publish-bench"
        try #require(FileManager.default.isExecutableFile(atPath: helper), "build publish-bench first (swift build)")
        let harness = try SandboxHarness(arguments: ["--strict-refresh"])
        try harness.admin("POST", "/admin/expire-tokens")
        try harness.plan([(Fixtures.billPlan(invoiceId: "RK-1", docNumber: "RK-1"), "invoice:RK-1")])
        let before = try TokenVault(secrets: harness.secrets).load().refreshToken
        let process = Process()
        process.executableURL = URL(fileURLWithPath: helper)
        process.arguments = [
            "crash-after-refresh", "--data-dir", harness.directory.path, "--base-url", harness.sandbox.baseURL,
            "--realm", SandboxHarness.realmId, "--client-id", SandboxHarness.clientId,
        ]
        var environment = ProcessInfo.processInfo.environment
        environment["ML_CONNECTOR_MASTER_KEY"] = Data(repeating: 7, count: 32).base64EncodedString()
        process.environment = environment
        try process.run()
        process.waitUntilExit()
        #expect(process.terminationReason == .uncaughtSignal)
        #expect(process.terminationStatus == SIGKILL)
        // The emulator rotated the refresh token (the old one is dead in strict mode) and the process died
        // before using the new one: only the persisted copy can keep the connection alive.
        let after = try TokenVault(secrets: harness.secrets).load().refreshToken
        #expect(after != nil && after != before)
        #expect(try harness.bills(docNumber: "RK-1").isEmpty)
        let rerun = try harness.runOnce()
        #expect(rerun.errors.isEmpty, "\(rerun.errors)")
        #expect(rerun.counts["billsPosted"] == 1)
        #expect(try harness.events(ConnectionLost.self).isEmpty)
        #expect(try harness.bills(docNumber: "RK-1").count == 1)
    }

    @Test func invalidGrantPausesWithoutRetryingAndResumesAfterReconnect() throws {
        let harness = try SandboxHarness()
        try TokenVault(secrets: harness.secrets).save(TokenState(refreshToken: Secret("RT-revoked")))
        try harness.plan([(Fixtures.billPlan(invoiceId: "IG-1", docNumber: "IG-1"), "invoice:IG-1")])
        let lost = try harness.runOnce()
        #expect(lost.errors.first?.contains("ml-connector qbo connect") == true)
        #expect(try harness.events(ConnectionLost.self).count == 1)
        #expect(try harness.store.cursor(Publisher.consumer) == 0)
        let paused = try harness.runOnce()
        #expect(paused.counts["requests"] == nil || paused.counts["requests"] == 0)
        #expect(try harness.events(RequestSent.self).count == 1)  // only the refused refresh
        try harness.connect()
        let resumed = try harness.runOnce()
        #expect(resumed.errors.isEmpty, "\(resumed.errors)")
        #expect(resumed.counts["billsPosted"] == 1)
    }

    @Test func a429StormIsWaitedOutWithoutLosingOrDuplicatingBills() throws {
        // The emulator allows 15 requests per 2 s; our limiter is told 200 so that QBO has to throttle us.
        let harness = try SandboxHarness(
            arguments: ["--window-seconds", "2", "--requests-per-window", "15"],
            limits: RateLimits(requestsPerWindow: 200, windowSeconds: 2, throttleWaitSeconds: 2))
        harness.settings.useBatch = false
        let plans = (1...40).map { number in
            (
                Fixtures.billPlan(invoiceId: "STORM-\(number)", docNumber: "STORM-\(number)") as any EventPayload,
                "invoice:STORM-\(number)"
            )
        }
        try harness.plan(plans)
        let report = try harness.runOnce()
        #expect(report.errors.isEmpty, "\(report.errors)")
        #expect((report.counts["throttled"] ?? 0) > 0)
        #expect(report.counts["billsPosted"] == 40)
        let bills = try harness.records("Bill").filter { $0["DocNumber"]?.stringValue?.hasPrefix("STORM-") == true }
        #expect(bills.count == 40)
        #expect(Set(bills.compactMap { $0["DocNumber"]?.stringValue }).count == 40)
    }

    @Test func serverErrorsAreRetriedWithTheSameRequestIdAndNothingIsDuplicated() throws {
        let harness = try SandboxHarness()
        harness.settings.useBatch = false
        harness.settings.backoff = Backoff(baseSeconds: 0.01, capSeconds: 0.05, maximumAttempts: 12)
        try harness.setFaults(error500Rate: 0.3, error503Rate: 0.2)
        let plans = (1...30).map { number in
            (
                Fixtures.billPlan(invoiceId: "5XX-\(number)", docNumber: "5XX-\(number)") as any EventPayload,
                "invoice:5XX-\(number)"
            )
        }
        try harness.plan(plans)
        let report = try harness.runOnce()
        #expect(report.errors.isEmpty, "\(report.errors)")
        #expect(report.counts["billsPosted"] == 30)
        let statuses = try harness.events(ResponseReceived.self).map(\.status)
        #expect(statuses.contains(500))
        #expect(statuses.contains(503))
        #expect(try harness.events(RetryScheduled.self).contains { $0.reason == "server-error" })
        #expect(try harness.records("Bill").count == 30)
    }

    @Test func batchesPostManyBillsWithinTheLimitsAndNeverTwice() throws {
        let harness = try SandboxHarness(
            arguments: ["--window-seconds", "3", "--requests-per-window", "50", "--batches-per-window", "4"],
            limits: RateLimits(requestsPerWindow: 50, batchesPerWindow: 4, windowSeconds: 3, throttleWaitSeconds: 3))
        let plans = (1...130).map { number in
            (
                Fixtures.billPlan(invoiceId: "B-\(number)", docNumber: "B-\(number)", amounts: ["\(number).01"])
                    as any EventPayload,
                "invoice:B-\(number)"
            )
        }
        try harness.plan(plans)
        let report = try harness.runOnce()
        #expect(report.errors.isEmpty, "\(report.errors)")
        #expect(report.counts["billsPosted"] == 130)
        #expect(report.counts["throttled"] == nil || report.counts["throttled"] == 0)
        #expect(report.counts["batches"] == 4)  // then the window's spare single calls take the last 10
        let bills = try harness.records("Bill")
        #expect(bills.count == 130)
        #expect(bills.first { $0["DocNumber"]?.stringValue == "B-77" }?["TotalAmt"]?.moneyValue == Money("77.01"))
        // Replaying the same plans (a second copy of each) posts nothing.
        try harness.plan(plans)
        let again = try harness.runOnce()
        #expect(again.counts["skipped"] == 130)
        #expect(try harness.records("Bill").count == 130)
    }

    @Test func referenceSyncReadsEveryNameListThenOnlyChanges() throws {
        let harness = try SandboxHarness()
        let publisher = harness.publisher()
        let first = try publisher.syncReference(store: harness.store, logger: harness.logger)
        #expect(first.errors.isEmpty, "\(first.errors)")
        let synced = try harness.events(ReferenceSynced.self)
        #expect(synced.map(\.entity) == ReferenceSync.entities)
        #expect(synced.allSatisfy { $0.full })
        let classes = try #require(synced.first { $0.entity == "Class" })
        #expect(classes.records.count == 5)
        #expect(classes.records.contains { !$0.active })
        // Nothing changed: CDC is asked (one request), and no sync event is appended for quiet entities.
        let second = try publisher.syncReference(store: harness.store, logger: harness.logger)
        #expect(second.errors.isEmpty, "\(second.errors)")
        #expect(second.counts["requests"] == 1)
        #expect(try harness.events(ReferenceSynced.self).count == 7)
    }
}
