package import EventLog
import Foundation
package import Logging

/// The Publish stage: reads `VendorPlanned`, `BillPlanned` and `PaymentPlanned` after its cursor and
/// writes them to QBO, idempotently (design.md): an intent event with the plan's deterministic `requestid`
/// is committed before each write, and the outcome event is committed together with the cursor move. A
/// crash in between leaves the plan after the cursor, so the next run meets it again, finds the intent
/// without an outcome, and settles it (lookup, then a resend with the same `requestid`) before anything new.
package final class Publisher {
    /// The cursor name in the event log.
    package static let consumer = "publish"
    static let planTypes: Set<String> = [VendorPlanned.type, BillPlanned.type, PaymentPlanned.type]

    let settings: PublishSettings
    let secrets: SecretStore
    let clock: any PublishClock

    /// - Parameters:
    ///   - settings: the company and limits.
    ///   - secrets: where the client secret and tokens live (encrypted).
    ///   - clock: time for token expiry and rate limiting.
    package init(settings: PublishSettings, secrets: SecretStore, clock: any PublishClock = SystemPublishClock()) {
        self.settings = settings
        self.secrets = secrets
        self.clock = clock
    }

    /// Whether publishing is paused because QBO refused the stored refresh token (`publish.connection.lost`
    /// recorded for the refresh token still stored). Cleared by storing new tokens (`qbo connect`).
    /// - Throws: ``EventLog/EventLogError``, ``EventLog/SecretStoreError``.
    package func isConnectionLost(store: any EventStore) throws -> Bool {
        let lost = try store.events(subject: "qbo:\(settings.realmId)", types: [ConnectionLost.type]).last
        guard let lost else { return false }
        let current = TokenVault.fingerprint(try TokenVault(secrets: secrets).load().refreshToken)
        return try lost.decode(ConnectionLost.self).refreshFingerprint == current
    }

    /// Publishes every plan after the cursor.
    /// - Returns: counts `vendorsConfirmed`, `billsPosted`, `paymentsPosted`, `attachmentsUploaded`,
    ///   `rejected`, `skipped`, `settled`, `requests`, `throttled`, `batches`; `errors` when the run stopped
    ///   early (connection lost, QBO unavailable), with the cursor left before the unfinished plan.
    /// - Throws: ``EventLog/EventLogError`` when the log itself fails; QBO problems are reported, not thrown,
    ///   except setup failures (``CurlError`` `.setup`).
    package func runOnce(store: any EventStore, logger: Logger) throws -> StageReport {
        var report = StageReport(stage: "publish", cursor: try store.cursor(Self.consumer))
        if try isConnectionLost(store: store) {
            report.errors.append("QBO connection lost: \(QBOError.reconnectHint)")
            return report
        }
        guard try store.count(after: report.cursor, types: Self.planTypes) > 0 else { return report }
        let client = try QBOClient(settings: settings, secrets: secrets, clock: clock, store: store)
        let run = PublishRun(publisher: self, client: client, store: store, logger: logger)
        do {
            // A usable token first, so that no write intent is recorded while QBO cannot be reached.
            _ = try client.tokens.accessToken(transport: client.transport)
            try run.publishAll(report: &report)
            let cursor = try store.cursor(Self.consumer)
            logger.info("publish run finished", metadata: ["stage": "publish", "cursor": "\(cursor)"])
        } catch let error as QBOError {
            logger.info("publish stopped", metadata: ["error": "\(error)"])
            report.errors.append(error.description + (error.hint.map { " (\($0))" } ?? ""))
        } catch let error as CurlError where error.kind != .setup {
            logger.info("publish stopped", metadata: ["error": "\(error)"])
            report.errors.append(error.description)
        }
        report.count("requests", client.requestsSent)
        report.count("throttled", client.throttledCount)
        report.cursor = try store.cursor(Self.consumer)
        return report
    }

    /// Reads QBO's reference data (Accounts, Departments, Classes, Terms, Customers, Employees, Vendors)
    /// and appends `ReferenceSynced` events: a full paginated read the first time (or when the last sync is
    /// older than CDC's 30-day window), then CDC changes.
    /// - Throws: ``EventLog/EventLogError``; QBO problems are reported in `errors`.
    package func syncReference(store: any EventStore, logger: Logger) throws -> StageReport {
        var report = StageReport(stage: "publish")
        if try isConnectionLost(store: store) {
            report.errors.append("QBO connection lost: \(QBOError.reconnectHint)")
            return report
        }
        let client = try QBOClient(settings: settings, secrets: secrets, clock: clock, store: store)
        do {
            try ReferenceSync(client: client, store: store, clock: clock).run(report: &report)
        } catch let error as QBOError {
            report.errors.append(error.description + (error.hint.map { " (\($0))" } ?? ""))
        } catch let error as CurlError where error.kind != .setup {
            report.errors.append(error.description)
        }
        report.count("requests", client.requestsSent)
        return report
    }
}

@available(*, unavailable) extension Publisher: Sendable {}
