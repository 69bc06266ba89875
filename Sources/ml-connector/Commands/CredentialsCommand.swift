import ArgumentParser
import EventLog
import Foundation

struct CredentialsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "credentials",
        abstract: "Store, list and remove encrypted secrets.",
        discussion: """
            Secrets are read from standard input (never from a flag, which would show in `ps` and shell history) and stored AES-GCM encrypted in the data dir. Names: \(SecretName.allCases.map(\.rawValue).joined(separator: ", ")).

            Examples:
              ml-connector credentials set sftp-password < password.txt
              ml-connector credentials set sftp-private-key < ~/.ssh/stampli_ed25519
              ml-connector credentials list
            """,
        subcommands: [Set.self, List.self, Remove.self])

    struct Set: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Store a secret read from standard input.",
            discussion: """
                Reads the whole of standard input; for single-line secrets one trailing newline is removed.

                Examples:
                  ml-connector credentials set qbo-client-secret < secret.txt
                  printf '%s' "$SFTP_PASSWORD" | ml-connector credentials set sftp-password
                """)

        @OptionGroup var global: GlobalOptions

        @Argument(help: "The secret's name.")
        var name: String

        func run() throws {
            try execute(global) {
                guard let secretName = SecretName(rawValue: name) else {
                    throw CommandFailure(
                        "unknown credential name \"\(name)\"",
                        hint: "use one of \(SecretName.allCases.map(\.rawValue).joined(separator: ", "))", status: .usage)
                }
                var text = String(decoding: FileHandle.standardInput.readDataToEndOfFile(), as: UTF8.self)
                if secretName != .sftpPrivateKey, text.hasSuffix("\n") {
                    text.removeLast()
                    if text.hasSuffix("\r") { text.removeLast() }
                }
                guard !text.isEmpty else {
                    throw CommandFailure("no secret on standard input", hint: "pipe or redirect the secret into the command", status: .usage)
                }
                let context = try Context(global)
                try context.openSecrets().set(secretName, Secret(text))
                if global.json { try Output.json(["stored": name]) } else { Output.line("stored \(name) (encrypted)") }
            }
        }
    }

    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "List which secrets are stored (never their values).",
            discussion: "Examples:\n  ml-connector credentials list --json")

        @OptionGroup var global: GlobalOptions

        func run() throws {
            try execute(global) {
                let stored = Swift.Set(try Context(global).openSecrets().storedNames())
                if global.json {
                    try Output.json(["credentials": SecretName.allCases.map { ["name": $0.rawValue, "stored": stored.contains($0) ? "yes" : "no"] }])
                } else {
                    Output.table(["NAME", "STORED"], SecretName.allCases.map { [$0.rawValue, stored.contains($0) ? "yes" : "no"] })
                }
            }
        }
    }

    struct Remove: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Remove a stored secret.", discussion: "Examples:\n  ml-connector credentials remove sftp-password")

        @OptionGroup var global: GlobalOptions

        @Argument(help: "The secret's name.")
        var name: String

        func run() throws {
            try execute(global) {
                guard let secretName = SecretName(rawValue: name) else {
                    throw CommandFailure("unknown credential name \"\(name)\"", status: .usage)
                }
                try Context(global).openSecrets().remove(secretName)
                if global.json { try Output.json(["removed": name]) } else { Output.line("removed \(name)") }
            }
        }
    }
}
