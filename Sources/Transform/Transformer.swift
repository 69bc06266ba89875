package import EventLog
package import Logging

/// The Transform stage: turns ingested rows into decisions Publish can execute, as a pure function of the
/// events it reads (no clock, network, file system or randomness).
///
/// Each ``runOnce(store:logger:)`` builds the projection once (``TransformState``), then reads the backlog
/// after its cursor in pages and commits decisions a page's worth at a time together with the cursor move.
package final class Transformer {
    /// The consumer name of Transform's cursor.
    package static let consumer = "transform"

    package let settings: TransformSettings

    /// Creates the stage.
    /// - Parameter settings: the `[transform]` settings; defaults are documented on ``TransformSettings``.
    package init(settings: TransformSettings = TransformSettings()) {
        self.settings = settings
    }

    /// Processes everything after the cursor.
    /// - Returns: counts of events consumed and appended and of each kind of decision, and the final cursor.
    /// - Throws: the store's ``EventLogError`` (`.cursorConflict` when another transform runs at the same time).
    package func runOnce(store: any EventStore, logger: Logger) throws -> StageReport {
        let cursor = try store.cursor(Self.consumer)
        let state = try TransformState.load(store: store, through: cursor)
        let run = TransformRun(
            engine: DecisionEngine(settings: settings, store: store, state: state), store: store, cursor: cursor,
            pageSize: settings.pageSize, logger: logger)
        try run.processBacklog()
        logger.info(
            "transform run finished",
            metadata: [
                "stage": "transform", "cursor": "\(run.cursor)", "appended": "\(run.report.appended)",
                "consumed": "\(run.report.consumed)",
            ])
        var report = run.report
        report.cursor = run.cursor
        return report
    }
}
