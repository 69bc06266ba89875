import Foundation
import TestSupport
import Testing

@testable import EventLog

/// A child process killed with SIGKILL in the middle of a batch leaves neither partial events nor a
/// moved cursor (design.md: a stage's events and its cursor move commit in one transaction).
@Suite struct CrashAtomicityTests {
    static let probe = RepositoryPaths.executable("eventlog-probe")

    @Test(.enabled(if: FileManager.default.isExecutableFile(atPath: probe) || RepositoryPaths.isCI))
    func sigkillMidBatchLeavesNothingOfTheBatch() throws {
        let directory = try TemporaryDirectory("crash")
        let path = directory.file("events.sqlite")
        let batch: Int64 = 150_000
        var killedMidway = 0
        var committed: Int64 = 0
        for attempt in 0..<6 {
            let process = Process()
            process.executableURL = URL(fileURLWithPath: Self.probe)
            process.arguments = [path, String(batch)]
            let out = Pipe()
            process.standardOutput = out
            try process.run()
            // Wait until the probe says it is inside commit, then kill it after a varying delay.
            var seen = Data()
            while !String(decoding: seen, as: UTF8.self).contains("committing") {
                let chunk = out.fileHandleForReading.availableData
                if chunk.isEmpty { break }
                seen.append(chunk)
            }
            usleep(UInt32(20_000 + attempt * 40_000))
            kill(process.processIdentifier, SIGKILL)
            process.waitUntilExit()
            let store = try SQLiteEventStore(path: path)
            let last = try store.lastSeq()
            let cursor = try store.cursor("probe")
            // Either the whole batch is there with its cursor, or none of it and the cursor did not move.
            #expect(last == cursor, "events \(last) vs cursor \(cursor)")
            #expect(last % batch == 0)
            if last == committed { killedMidway += 1 }
            committed = last
            #expect(try store.verifyChain(range: nil).isIntact)
        }
        #expect(killedMidway > 0, "no kill landed inside a transaction; the test proved nothing")
    }
}
