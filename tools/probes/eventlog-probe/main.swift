// A test probe: appends one large batch of events with a cursor move, so a test can kill it with
// SIGKILL in the middle of the transaction and check that nothing of the batch survives.
// Usage: eventlog-probe <database> <events-in-batch>
import EventLog
import Foundation

let arguments = CommandLine.arguments
guard arguments.count == 3, let count = Int(arguments[2]) else {
    FileHandle.standardError.write(Data("usage: eventlog-probe <database> <events-in-batch>\n".utf8))
    exit(64)
}
do {
    let store = try SQLiteEventStore(path: arguments[1])
    let from = try store.cursor("probe")
    let payload = Array(String(repeating: "x", count: 300).utf8)
    let events = (0..<count).map {
        NewEvent(type: "probe.batch.appended", version: 1, subject: "probe:\($0 % 97)", payload: payload)
    }
    FileHandle.standardOutput.write(Data("committing\n".utf8))
    try store.commit(EventBatch(events: events, cursorMoves: [CursorMove(consumer: "probe", from: from, to: from + Int64(count))]))
    FileHandle.standardOutput.write(Data("committed\n".utf8))
} catch {
    FileHandle.standardError.write(Data("\(error)\n".utf8))
    exit(1)
}
