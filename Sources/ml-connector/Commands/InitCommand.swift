import ArgumentParser
import EventLog
import Foundation

struct InitCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "init",
        abstract: "Write a commented configuration file, a data dir and a master key.",
        discussion: """
            Writes the configuration file named by --config (default ./ml-connector.toml) with every key commented, creates the data dir and a master key file (mode 0600) that encrypts stored credentials. An existing configuration file is kept unless --force is given.

            Examples:
              ml-connector init
              ml-connector init --config /etc/ml-connector/ml-connector.toml --data-dir /var/lib/ml-connector
            """)

    @OptionGroup var global: GlobalOptions

    @Option(help: "The data dir to write into the configuration (relative to the configuration file).")
    var dataDir: String = "data"

    @Option(help: "The export root to write into the configuration: an SFTP folder or file:///path.")
    var exportRoot: String = "file://export"

    @Flag(help: "Overwrite an existing configuration file.")
    var force = false

    func run() throws {
        try execute(global) {
            let path = global.config
            let manager = FileManager.default
            var wroteConfig = false
            if !manager.fileExists(atPath: path) || force {
                let folder = (path as NSString).deletingLastPathComponent
                if !folder.isEmpty { try manager.createDirectory(atPath: folder, withIntermediateDirectories: true) }
                try Data(ConfigTemplate.text(dataDir: dataDir, exportRoot: exportRoot).utf8)
                    .write(to: URL(fileURLWithPath: path))
                wroteConfig = true
            }
            let configuration = try Configuration.load(path: path)
            let dataDir = configuration.storage.dataDir
            try manager.createDirectory(atPath: dataDir, withIntermediateDirectories: true)
            chmod(dataDir, 0o700)
            let wroteKey = try SecretStore.createKeyFile(dataDir: dataDir)
            let store = try SQLiteEventStore(path: configuration.storage.databasePath)
            try store.close()
            if global.json {
                try Output.json([
                    "config": path, "dataDir": dataDir, "database": configuration.storage.databasePath,
                    "wroteConfig": String(wroteConfig), "wroteMasterKey": String(wroteKey),
                ])
            } else {
                Output.line(wroteConfig ? "wrote \(path)" : "kept existing \(path)")
                Output.line("data dir \(dataDir)")
                Output.line(wroteKey ? "created master key \(dataDir)/\(SecretStore.keyFileName) (mode 0600)" : "kept existing master key")
                Output.line("next: store secrets with `ml-connector credentials set <name>` (reads standard input)")
            }
        }
    }
}
