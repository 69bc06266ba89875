import Foundation
import TestSupport
import Testing

@Suite(.enabled(if: CLIHarness.isBuilt)) struct FoundationCommandTests {
    @Test func initWritesConfigDataDirAndPrivateKey() throws {
        let cli = try CLIHarness()
        let result = try cli.run("init")
        #expect(result.status == 0, "\(result.stderr)")
        #expect(FileManager.default.fileExists(atPath: cli.configPath))
        let attributes = try FileManager.default.attributesOfItem(atPath: cli.directory.file("data/master.key"))
        #expect((attributes[.posixPermissions] as? Int) == 0o600)
        // A second init keeps the existing file.
        let again = try cli.run("init", "--json")
        #expect(try cli.json(again)["wroteConfig"] as? String == "false")
    }

    @Test func aConfigurationErrorNamesTheKeyAndExits78() throws {
        let cli = try CLIHarness()
        try cli.run("init")
        var text = try String(contentsOfFile: cli.configPath, encoding: .utf8)
        text = text.replacingOccurrences(of: "settle_seconds = 30", with: "settle_seconds = \"soon\"")
        try text.write(toFile: cli.configPath, atomically: true, encoding: .utf8)
        let result = try cli.run("status")
        #expect(result.status == 78)
        #expect(result.stdout.isEmpty)
        #expect(result.stderr.contains("stampli.settle_seconds"))
        #expect(result.stderr.contains("\"soon\""))
        #expect(result.stderr.contains("expected a whole number"))
    }

    @Test func anUnknownKeyIsReported() throws {
        let cli = try CLIHarness()
        try cli.run("init")
        let text = try String(contentsOfFile: cli.configPath, encoding: .utf8)
            .replacingOccurrences(of: "[qbo]\n", with: "[qbo]\nrealmid = \"1\"\n")
        try text.write(toFile: cli.configPath, atomically: true, encoding: .utf8)
        let result = try cli.run("status")
        #expect(result.status == 78)
        #expect(result.stderr.contains("qbo.realmid"))
    }

    @Test func auditVerifyNamesTheFirstRowEditedWithTheSQLiteShell() throws {
        let cli = try CLIHarness()
        try cli.run("init")
        let probe = RepositoryPaths.executable("eventlog-probe")
        #expect(try ProcessRunner.run(probe, [cli.databasePath, "20"]).status == 0)
        let clean = try cli.run("audit", "verify", "--json")
        #expect(clean.status == 0)
        #expect(try cli.json(clean)["checked"] as? Int == 20)

        let sql = """
            DROP TRIGGER events_refuse_update;
            UPDATE events SET payload = CAST('{"edited":true}' AS BLOB) WHERE seq = 13;
            """
        let shell = try ProcessRunner.run("/usr/bin/sqlite3", [cli.databasePath], input: sql)
        #expect(shell.status == 0, "\(shell.stderr)")
        let broken = try cli.run("audit", "verify")
        #expect(broken.status == 65)
        #expect(broken.stdout.contains("chain broken at seq 13"))
        #expect(broken.stderr.contains("Error:"))
        let document = try cli.json(try cli.run("audit", "verify", "--json"))
        #expect(document["firstBadSeq"] as? Int == 13)
    }

    @Test func credentialsAreStoredEncryptedAndNeverPrinted() throws {
        let cli = try CLIHarness()
        try cli.run("init")
        let secret = "pw-\(UUID().uuidString)"
        let set = try cli.run("credentials", "set", "sftp-password", input: secret + "\n")
        #expect(set.status == 0, "\(set.stderr)")
        let list = try cli.run("credentials", "list", "--json")
        let names = (try cli.json(list)["credentials"] as? [[String: String]]) ?? []
        #expect(names.contains { $0["name"] == "sftp-password" && $0["stored"] == "yes" })
        let outputs = set.stdout + set.stderr + list.stdout + list.stderr
        #expect(!outputs.contains(secret))
        let file = try Data(contentsOf: URL(fileURLWithPath: cli.directory.file("data/credentials.json")))
        #expect(!String(decoding: file, as: UTF8.self).contains(secret))
        let mode = try FileManager.default.attributesOfItem(atPath: cli.directory.file("data/credentials.json"))[.posixPermissions] as? Int
        #expect(mode == 0o600)
        // The secret must not be passable as a flag.
        #expect(try cli.run("credentials", "set", "sftp-password", secret).status == 64)
        // A wrong master key cannot read it back.
        cli.environment["ML_CONNECTOR_MASTER_KEY"] = Data(repeating: 7, count: 32).base64EncodedString()
        let wrong = try cli.run("credentials", "set", "qbo-client-secret", input: "x")
        #expect(wrong.status == 0)
    }

    @Test func statusAndEventsPrintOneJSONDocumentWithTheirKeys() throws {
        let cli = try CLIHarness()
        try cli.run("init")
        #expect(try ProcessRunner.run(RepositoryPaths.executable("eventlog-probe"), [cli.databasePath, "3"]).status == 0)
        let result = try cli.run("status", "--json")
        #expect(result.status == 0, "\(result.stdout)")
        let status = try cli.json(result)
        #expect(status["lastSeq"] as? Int == 3)
        #expect(status["healthy"] as? Bool == true)
        #expect((status["stages"] as? [[String: Any]])?.map { $0["stage"] as? String } == ["ingest", "reference", "transform", "publish"])
        #expect(status["quarantineOpen"] as? Int == 0)
        let events = try cli.json(try cli.run("events", "--from", "2", "--json"))
        let listed = events["events"] as? [[String: Any]] ?? []
        #expect(listed.map { $0["seq"] as? Int } == [2, 3])
        #expect(Set(listed.first?.keys.map { $0 } ?? []) == ["seq", "recordedAt", "type", "version", "subject", "hash", "payload"])
    }

    @Test func usageErrorsExit64() throws {
        let cli = try CLIHarness()
        #expect(try cli.run("events", "--from", "5", "--to", "2").status == 64)
        #expect(try cli.run("no-such-command").status == 64)
    }

    @Test func auditVerifyHelpIsPinned() throws {
        let cli = try CLIHarness()
        let result = try cli.run("audit", "verify", "--help")
        #expect(result.status == 0)
        let expected = """
            OVERVIEW: Recompute the event hash chain and name the first event that does not
            match.

            Every event stores SHA-256 over the previous event's hash and its own content,
            so any edit, insertion or removal breaks the chain from that event on. Exits 65
            when it does not verify.

            Examples:
              ml-connector audit verify
              ml-connector audit verify --json

            USAGE: ml-connector audit verify [--config <config>] [--db <db>] [--json] [--verbose ...] [--quiet] [--from <from>] [--to <to>]

            OPTIONS:
              --config <config>       The configuration file. (default: ml-connector.toml)
              --db <db>               Use this event database instead of the one in the
                                      configured data dir.
              --json                  Print the result as exactly one JSON document on
                                      stdout.
              -v, --verbose           More log output on stderr (-v info, -vv debug).
              --quiet                 No progress or log output on stderr, errors only.
              --from <from>           First seq to check.
              --to <to>               Last seq to check.
              -h, --help              Show help information.
            """
        #expect(result.stdout.trimmingCharacters(in: .newlines) == expected)
    }
}
