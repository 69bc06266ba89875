import ArgumentParser
import EventLog
import Foundation

struct EventsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "events",
        abstract: "List events from the log: a seq range, one type, or one subject.",
        discussion: """
            Subjects name what an event is about: invoice:<Stampli invoice id>, vendor:<Stampli vendor id>, payment:<payment id>, file:<sha256>, reference:<QBO entity>.

            Examples:
              ml-connector events --from 1 --to 50
              ml-connector events --type transform.invoice.quarantined --json
              ml-connector events --subject invoice:INV-1001
            """)

    @OptionGroup var global: GlobalOptions

    @Option(help: "First seq to list.") var from: Int64 = 1
    @Option(help: "Last seq to list.") var to: Int64?
    @Option(help: "Only events of this type (e.g. ingest.file.fetched).") var type: String?
    @Option(help: "Only events about this subject (e.g. invoice:INV-1001).") var subject: String?
    @Option(help: "At most this many events.") var limit: Int = 1000

    func validate() throws {
        if let to, to < from { throw ValidationError("--to must not be less than --from") }
        if limit < 1 { throw ValidationError("--limit must be at least 1") }
    }

    struct Listed: Encodable {
        var seq: Int64
        var recordedAt: String
        var type: String
        var version: Int
        var subject: String
        var hash: String
        var payload: AnyEncodable
    }

    func run() throws {
        try execute(global) {
            let store = try Context(global).openStore()
            var events: [RecordedEvent]
            if let subject {
                events = try store.events(subject: subject, types: type.map { [$0] })
            } else if let type {
                events = try store.events(types: [type], after: from - 1, limit: limit)
            } else {
                events = try store.events(after: from - 1, limit: limit)
            }
            events = events.filter { $0.seq >= from && (to == nil || $0.seq <= to!) }.prefix(limit).map { $0 }
            if global.json {
                let listed = events.map { event in
                    Listed(
                        seq: event.seq, recordedAt: event.recordedAt, type: event.type, version: event.version,
                        subject: event.subject, hash: SHA256Digest.hex(event.hash),
                        payload: AnyEncodable((try? JSONSerialization.jsonObject(with: Data(event.payload))) ?? event.payloadText))
                }
                try Output.json(["events": listed])
            } else {
                Output.table(
                    ["SEQ", "RECORDED", "TYPE", "SUBJECT", "PAYLOAD"],
                    events.map { event in
                        let text = event.payloadText
                        return [String(event.seq), event.recordedAt, event.type, event.subject,
                                text.count > 100 ? String(text.prefix(97)) + "..." : text]
                    })
            }
        }
    }
}
