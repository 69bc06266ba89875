import ArgumentParser
import EventLog

struct StatusCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "status",
        abstract: "Show each stage's cursor and backlog.",
        discussion: """
            The backlog of a stage is the number of events after its cursor that it consumes.

            Examples:
              ml-connector status
              ml-connector status --json
            """)

    @OptionGroup var global: GlobalOptions

    struct StageStatus: Encodable {
        var stage: String
        var cursor: Int64
        var backlog: Int
    }

    struct Document: Encodable {
        var database: String
        var lastSeq: Int64
        var stages: [StageStatus]
    }

    func run() throws {
        try execute(global) {
            let context = try Context(global)
            let store = try context.openStore()
            var stages: [StageStatus] = []
            for (stage, inputs) in StageInputs.all {
                let cursor = try store.cursor(stage)
                stages.append(StageStatus(stage: stage, cursor: cursor, backlog: try store.count(after: cursor, types: inputs)))
            }
            let document = Document(database: context.databasePath, lastSeq: try store.lastSeq(), stages: stages)
            if global.json {
                try Output.json(document)
            } else {
                Output.line("database \(document.database), \(document.lastSeq) events")
                Output.table(["STAGE", "CURSOR", "BACKLOG"], stages.map { [$0.stage, String($0.cursor), String($0.backlog)] })
            }
        }
    }
}

/// The event types each stage consumes (its queue is what follows its cursor).
enum StageInputs {
    static let transform: Set<String> = [
        FileFetched.type, FileRejected.type, RowParsed.type, RowRejected.type, AttachmentFetched.type,
        MappingRecorded.type, ReferenceSynced.type, VendorConfirmed.type, BillPosted.type, PaymentPosted.type,
        WriteRejected.type, QuarantineRetried.type, QuarantineDismissed.type,
    ]
    static let publish: Set<String> = [VendorPlanned.type, BillPlanned.type, PaymentPlanned.type]
    static let all: [(String, Set<String>?)] = [("transform", transform), ("publish", publish)]
}
