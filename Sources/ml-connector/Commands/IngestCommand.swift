import ArgumentParser
import EventLog
import Ingest

struct IngestCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "ingest",
        abstract: "Run the Ingest stage once: fetch ready export files and record every row.",
        discussion: """
            Lists each file kind's folder, waits until new files have settled (size and mtime unchanged across two listings `settle_seconds` apart, or a .done marker), fetches them, keeps their bytes compressed in the data dir and records each row or rejection as an event. The mapping file is recorded first when its content changed, so the new rows are decided against it. A file already ingested (same SHA-256, whatever its name) is skipped. Exits 69 when the export server could not be reached; nothing is lost, the next run retries.

            Examples:
              ml-connector ingest
              ml-connector ingest --no-wait --json
            """)

    @OptionGroup var global: GlobalOptions
    @Flag(help: "Do not wait out the settle interval; files not yet settled are picked up by a later run.")
    var noWait = false

    func run() throws {
        try execute(global) {
            let context = try Context(global)
            let lock = try DataDirLock(dataDir: context.configuration.storage.dataDir)
            defer { withExtendedLifetime(lock) {} }
            // The mapping in force is recorded before new rows arrive (as `run` does), so Transform decides them
            // against it rather than quarantining them first and deciding them again when it reads the mapping.
            try context.recordMappingIfChanged(store: try context.openStore())
            let ingestor = try context.makeIngestor(waitForSettle: !noWait)
            let report = try StageRun.perform(context, stage: "ingest") { try ingestor.runOnce(store: $0, logger: context.logger) }
            try StageRun.print([report], json: global.json)
            try StageRun.failIfRemoteUnavailable([report])
        }
    }
}

struct SFTPCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sftp",
        abstract: "Inspect the Stampli SFTP server.",
        discussion: "Examples:\n  ml-connector sftp fingerprint --host sftp.example.com",
        subcommands: [Fingerprint.self])

    struct Fingerprint: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Print the server's host key fingerprint and what to put in the configuration.",
            discussion: """
                Connects, completes the SSH handshake and prints the host key's SHA-256 fingerprint without logging in. It trusts nothing by itself: compare the fingerprint with the one the server's owner gives you before pinning it as `stampli.host_key_sha256`.

                Examples:
                  ml-connector sftp fingerprint
                  ml-connector sftp fingerprint --host sftp.example.com --port 2222
                """)

        @OptionGroup var global: GlobalOptions
        @Option(help: "Host (default: stampli.host).") var host: String?
        @Option(help: "Port (default: stampli.port).") var port: Int?

        func run() throws {
            try execute(global) {
                var configured: (host: String?, port: Int) = (nil, 22)
                if host == nil || port == nil, let context = try? Context(global) {
                    configured = (context.configuration.stampli.host, context.configuration.stampli.port)
                }
                guard let target = host ?? configured.host else {
                    throw CommandFailure("no host given", hint: "pass --host or set stampli.host", status: .usage)
                }
                let key: SFTPProbe.HostKey
                do {
                    key = try SFTPProbe.fingerprint(host: target, port: port ?? configured.port)
                } catch {
                    throw CommandFailure("\(error)", hint: (error as? SFTPError)?.hint, status: .unavailable)
                }
                if global.json {
                    try Output.json(["host": target, "port": String(port ?? configured.port), "type": key.type, "fingerprint": key.fingerprint])
                } else {
                    Output.line("\(target):\(port ?? configured.port) \(key.type) \(key.fingerprint)")
                    Output.line("after checking it with the server's owner, put this in [stampli]:")
                    Output.line("host_key_sha256 = \"\(key.fingerprint)\"")
                }
            }
        }
    }
}
