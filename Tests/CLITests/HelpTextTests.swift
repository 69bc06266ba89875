import Testing

/// The top-level help is what an operator reads first: pinned, so a change to it is deliberate.
@Suite(.enabled(if: CLIHarness.isBuilt)) struct HelpTextTests {
    @Test func rootHelpIsPinned() throws {
        let result = try CLIHarness().run("--help")
        #expect(result.status == 0)
        #expect(result.stdout.trimmingCharacters(in: .newlines) == Self.rootHelp)
    }

    @Test func everySubcommandHasExamples() throws {
        let cli = try CLIHarness()
        for command in [["init"], ["credentials"], ["credentials", "set"], ["qbo", "connect"], ["run"], ["ingest"],
                        ["transform"], ["publish"], ["replay"], ["quarantine"], ["quarantine", "retry"],
                        ["mappings", "check"], ["mappings", "suggest"], ["events"], ["audit", "invoice"],
                        ["audit", "report"], ["audit", "verify"], ["status"], ["sftp", "fingerprint"], ["demo"]] {
            let result = try cli.run(command + ["--help"])
            #expect(result.status == 0, "\(command)")
            #expect(result.stdout.contains("Examples:"), "\(command) --help has no examples")
        }
    }

    static let rootHelp = """
        OVERVIEW: Move approved Stampli invoices, vendors and payments into QuickBooks
        Online.

        Ingest reads Stampli's CSV exports, Transform turns them into mapped, checked
        decisions, and Publish posts them to QuickBooks Online. The stages talk only
        through an append-only, hash-chained event log in the data dir, which is also
        the audit trail.

        Exit codes:
          0   ok; quarantined items are reported in the output, not as a failure
          1   a stage or command failed
          64  usage error
          65  data integrity: the event chain does not verify
          69  remote unavailable (SFTP or QBO); nothing lost, retry later
          78  configuration error

        Examples:
          ml-connector init
          ml-connector credentials set qbo-client-secret < secret.txt
          ml-connector status --json
          ml-connector audit verify

        USAGE: ml-connector <subcommand>

        OPTIONS:
          -h, --help              Show help information.

        SUBCOMMANDS:
          init                    Write a commented configuration file, a data dir and
                                  a master key.
          credentials             Store, list and remove encrypted secrets.
          qbo                     Connect to a QuickBooks Online company and check the
                                  connection.
          run                     Run Ingest, Transform and Publish in turn, once or on
                                  a schedule.
          ingest                  Run the Ingest stage once: fetch ready export files
                                  and record every row.
          transform               Run the Transform stage once over its backlog.
          publish                 Run the Publish stage once: sync QBO reference data
                                  and post every planned write.
          replay                  Re-run Transform over a range of events and show or
                                  append what changes.
          quarantine              List, inspect, retry and dismiss quarantined
                                  invoices, vendors and payments.
          mappings                Check the GL, department, class and bank mapping
                                  against the data and QBO.
          events                  List events from the log: a seq range, one type, or
                                  one subject.
          audit                   Verify the event chain, trace one invoice, or report
                                  a period.
          status                  Show whether ml-connector is healthy: backlogs, last
                                  runs, oldest unposted invoice, quarantine, QBO tokens.
          sftp                    Inspect the Stampli SFTP server.
          demo                    Run the whole pipeline on a generated Stampli export
                                  against the bundled QBO emulator.

          See 'ml-connector help <subcommand>' for detailed help.
        """
}
