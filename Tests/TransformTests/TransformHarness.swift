import EventLog
import TestSupport
import Testing

@testable import Transform

/// A store, the stage, and helpers that return what one run appended.
final class TransformHarness {
    let temp: TransformTestStore
    var settings: TransformSettings
    var store: SQLiteEventStore { temp.store }

    init(settings: TransformSettings = TransformSettings()) throws {
        temp = try TransformTestStore()
        self.settings = settings
    }

    /// A harness with the standard QBO reference data already synced.
    static func standard(settings: TransformSettings = TransformSettings()) throws -> TransformHarness {
        let harness = try TransformHarness(settings: settings)
        try harness.append(try EventBuilders.standardReference())
        return harness
    }

    @discardableResult
    func append(_ events: [NewEvent]) throws -> [RecordedEvent] { try store.append(events) }

    @discardableResult
    func append(_ event: NewEvent) throws -> [RecordedEvent] { try store.append([event]) }

    /// Records a mapping file.
    func map(_ rows: [(String, String, String)], autoMatch: Bool = true) throws {
        let mapping = try MappingFile.parse(
            bytes: EventBuilders.mappingBytes(rows), path: "mapping.csv", autoMatch: autoMatch)
        if try MappingFile.needsRecording(mapping, store: store) { try append(try MappingFile.event(mapping)) }
    }

    /// Runs the stage once and returns the events it appended.
    func run() throws -> [RecordedEvent] {
        let before = try store.lastSeq()
        let report = try Transformer(settings: settings).runOnce(store: store, logger: TransformTestStore.logger)
        let after = try store.lastSeq()
        #expect(report.cursor == (try store.cursor(Transformer.consumer)))
        return after > before ? try store.events(in: (before + 1)...after).filter { $0.stage == "transform" } : []
    }

    func invoiceFile(_ name: String, _ rows: [[String: String]], rejected: [Int: EventBuilders.Rejected] = [:]) throws {
        try append(try EventBuilders.file(.invoices, name: name, rows: rows, rejected: rejected))
    }
}

extension RecordedEvent {
    func as_<P: EventPayload>(_ type: P.Type) throws -> P { try decode(type) }
}

/// The event types of a run, in order.
func types(_ events: [RecordedEvent]) -> [String] { events.map(\.type) }
