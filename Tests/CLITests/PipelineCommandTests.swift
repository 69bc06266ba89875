import EventLog
import Foundation
import TestSupport
import Testing

@Suite(.enabled(if: PipelineHarness.isAvailable), .serialized) struct PipelineCommandTests {
    @Test func replayAfterAMappingFixPostsExactlyOneBillAndReplayingAgainPostsNothing() throws {
        let pipeline = try PipelineHarness()
        let cli = pipeline.cli
        let first = try cli.run("run", "--once", "--json")
        #expect(first.status == 0, "\(first.stderr)")
        // INV-000011 uses GL code 7777, which the mapping does not name.
        let quarantined = try cli.json(try cli.run("quarantine", "list", "--json"))
        let items = quarantined["items"] as? [[String: Any]] ?? []
        #expect(items.contains { $0["stampliId"] as? String == "INV-000011" })
        #expect(try pipeline.bills()["B20010"] == nil)

        let mapping = pipeline.exportPath + "/mapping.csv"
        let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: mapping))
        handle.seekToEndOfFile()
        handle.write(Data("account,7777,Office Expenses\r\n".utf8))
        try handle.close()

        let last = try cli.json(try cli.run("status", "--json"))["lastSeq"] as? Int ?? 0
        let dry = try cli.run("replay", "--from", "1", "--to", String(last), "--dry-run")
        #expect(dry.status == 0, "\(dry.stderr)")
        #expect(dry.stdout.contains("invoice INV-000011: transform.invoice.quarantined → transform.bill.planned"))
        #expect(try cli.json(try cli.run("status", "--json"))["lastSeq"] as? Int == last, "a dry run wrote events")

        let replay = try cli.run("replay", "--from", "1", "--to", String(last))
        #expect(replay.status == 0, "\(replay.stderr)")
        #expect(try cli.run("publish").status == 0)
        #expect(try pipeline.bills()["B20010"] == 1)

        let before = try pipeline.bills()
        let again = try cli.run("replay", "--from", "1", "--to", String(last))
        #expect(again.status == 0)
        #expect(try cli.run("run", "--once").status == 0)
        #expect(try pipeline.bills() == before, "replaying a posted range posted again")
        let dossier = try cli.run("audit", "invoice", "INV-000011")
        #expect(dossier.stdout.contains("Invoice INV-000011: posted"))
        #expect(try cli.run("audit", "verify").status == 0)
    }

    @Test func noSecretAppearsInAnyOutputLogOrTheDatabase() throws {
        let pipeline = try PipelineHarness()
        let cli = pipeline.cli
        var outputs = ""
        for arguments in [["run", "--once", "-vv"], ["status", "--json"], ["events", "--json", "--limit", "100000"],
                          ["audit", "report", "--from", "2000-01-01", "--to", "2999-12-31", "--format", "csv"],
                          ["qbo", "status", "--json"], ["credentials", "list"]] {
            let result = try cli.run(arguments)
            outputs += result.stdout + result.stderr
        }
        let secrets = try SecretStore(dataDir: cli.directory.file("data"))
        let values = try [SecretName.qboClientSecret, .qboRefreshToken, .qboAccessToken].compactMap { try secrets.get($0)?.revealed }
        #expect(values.count == 3)
        // The access-token secret holds the token and its expiry as JSON; check the token itself too.
        var needles = values + [PipelineHarness.clientSecret]
        for value in values {
            if let object = try? JSONSerialization.jsonObject(with: Data(value.utf8)) as? [String: Any] {
                needles += object.values.compactMap { $0 as? String }.filter { $0.count >= 12 }
            }
        }
        var files: [String] = []
        let data = cli.directory.file("data")
        for case let name as String in FileManager.default.enumerator(atPath: data)!
        where name != "credentials.json" && name != "master.key" {
            var isDirectory: ObjCBool = false
            if FileManager.default.fileExists(atPath: "\(data)/\(name)", isDirectory: &isDirectory), !isDirectory.boolValue {
                files.append("\(data)/\(name)")
            }
        }
        #expect(files.contains { $0.hasSuffix("events.sqlite") })
        for needle in needles where needle.count >= 8 {
            #expect(!outputs.contains(needle), "a secret appeared in command output")
            for file in files {
                let bytes = try Data(contentsOf: URL(fileURLWithPath: file))
                #expect(bytes.range(of: Data(needle.utf8)) == nil, "a secret appeared in \(file)")
            }
            let credentials = try Data(contentsOf: URL(fileURLWithPath: "\(data)/credentials.json"))
            #expect(credentials.range(of: Data(needle.utf8)) == nil, "credentials.json holds a secret in clear")
        }
    }
}
