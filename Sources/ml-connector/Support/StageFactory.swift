import EventLog
import Foundation
import Logging
import Transform

/// Builds each stage's settings from the configuration: the one place that knows both.
extension Context {
    var transformSettings: TransformSettings {
        TransformSettings(
            onAmendment: configuration.transform.onAmendment == "update" ? .update : .quarantine,
            autoMatch: configuration.mapping.autoMatch, homeCurrency: configuration.transform.homeCurrency)
    }

    /// Appends the mapping file's content as an event when it changed since the last one recorded.
    /// - Returns: the newly recorded mapping, or nil when there is no mapping file or it is unchanged.
    /// - Throws: ``CommandFailure`` (status `.config`) for an unreadable file or bad rows.
    @discardableResult
    func recordMappingIfChanged(store: any EventStore) throws -> MappingRecorded? {
        guard let path = configuration.mapping.file else { return nil }
        guard let data = FileManager.default.contents(atPath: path) else {
            throw CommandFailure(
                "cannot read the mapping file \(path)", hint: "check `mapping.file` in \(configuration.path)",
                status: .config)
        }
        do {
            let recorded = try MappingFile.recordIfChanged(
                bytes: Array(data), path: path, autoMatch: configuration.mapping.autoMatch, store: store)
            if let recorded {
                logger.notice("recorded mapping \(recorded.sha256.prefix(12)) with \(recorded.rules.count) rules")
            }
            return recorded
        } catch let error as MappingFileError {
            throw CommandFailure("\(error)", hint: error.hint, status: .config)
        }
    }

    /// The mapping file as it is now (not recorded), or nil without a mapping file.
    /// - Throws: ``CommandFailure`` (status `.config`) for an unreadable file or bad rows.
    func currentMapping() throws -> MappingRecorded? {
        guard let path = configuration.mapping.file else { return nil }
        guard let data = FileManager.default.contents(atPath: path) else {
            throw CommandFailure("cannot read the mapping file \(path)", status: .config)
        }
        do {
            return try MappingFile.parse(bytes: Array(data), path: path, autoMatch: configuration.mapping.autoMatch)
        } catch let error as MappingFileError {
            throw CommandFailure("\(error)", hint: error.hint, status: .config)
        }
    }

    /// Runs Transform once over its backlog (recording a changed mapping first).
    func runTransform(store: any EventStore) throws -> StageReport {
        try recordMappingIfChanged(store: store)
        return try Transformer(settings: transformSettings).runOnce(store: store, logger: logger)
    }
}
