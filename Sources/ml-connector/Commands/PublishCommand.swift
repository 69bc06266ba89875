import ArgumentParser
import EventLog
import Publish

struct PublishCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "publish",
        abstract: "Run the Publish stage once: sync QBO reference data and post every planned write.",
        discussion: """
            Reads QBO's accounts, departments, classes, terms, customers, employees and vendors (changes only, after the first time), then creates or updates vendors and posts planned Bills, vendor credits, bill payments and attachments. Every write carries a request id recorded before it is sent, so a crash or a lost response never makes a second Bill. Exits 69 when QBO could not be reached or the rate-limit budget ran out; nothing is lost, the next run resumes.

            Examples:
              ml-connector publish
              ml-connector publish --json
            """)

    @OptionGroup var global: GlobalOptions

    func run() throws {
        try execute(global) {
            let context = try Context(global)
            let lock = try DataDirLock(dataDir: context.configuration.storage.dataDir)
            defer { withExtendedLifetime(lock) {} }
            let publisher = try context.makePublisher()
            let reports = try PipelineRun(context: context).publish(publisher)
            try StageRun.print(reports, json: global.json)
            try StageRun.failIfRemoteUnavailable(reports)
        }
    }
}
