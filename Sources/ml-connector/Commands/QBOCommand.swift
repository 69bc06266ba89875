import ArgumentParser
import EventLog
import Foundation
import Publish

struct QBOCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "qbo",
        abstract: "Connect to a QuickBooks Online company and check the connection.",
        discussion: """
            Examples:
              ml-connector credentials set qbo-client-secret < secret.txt
              ml-connector qbo connect
              ml-connector qbo connect --no-browser
              ml-connector qbo status
            """,
        subcommands: [Connect.self, Status.self])

    struct Connect: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Authorize ml-connector for a QuickBooks company (OAuth 2.0 authorization code flow).",
            discussion: """
                Prints the authorization URL (and opens it when a browser is available), listens on the port of `qbo.redirect_uri` on 127.0.0.1 for QuickBooks' redirect, checks its state, exchanges the code and stores the tokens encrypted. The company's realm id is recorded in the data dir. With --no-browser, open the URL on any machine, approve, and paste the URL your browser was redirected to (it may show an error page; copy its address).

                Examples:
                  ml-connector qbo connect
                  ml-connector qbo connect --no-browser
                """)

        @OptionGroup var global: GlobalOptions
        @Flag(help: "Do not listen for the redirect: print the URL and read the redirected URL from standard input.")
        var noBrowser = false

        func run() throws {
            try execute(global) {
                let context = try Context(global)
                let settings = try context.publishSettings(realmId: context.realmId ?? "pending")
                let secrets = try context.openSecrets()
                guard try secrets.get(.qboClientSecret) != nil else {
                    throw CommandFailure(
                        "no QBO client secret is stored",
                        hint: "store it first: ml-connector credentials set qbo-client-secret < secret.txt", status: .config)
                }
                let connect = OAuthConnect(settings: settings, secrets: secrets)
                let store = try context.openStore()
                let result: OAuthConnect.Result
                if noBrowser {
                    let state = OAuthConnect.randomState()
                    let redirect = context.configuration.qbo.redirectURI
                    Output.error("Open this URL, approve access, then paste the address you were redirected to:")
                    Output.error(connect.authorizeURL(redirectURI: redirect, state: state))
                    guard let pasted = readLine(strippingNewline: true), !pasted.isEmpty else {
                        throw CommandFailure("no redirect URL was pasted", status: .usage)
                    }
                    let callback = try OAuthConnect.parseRedirect(pasted, expectedState: state)
                    result = try connect.exchange(code: callback.code, realmId: callback.realmId, redirectURI: redirect, store: store)
                } else {
                    let port = UInt16(URL(string: context.configuration.qbo.redirectURI)?.port ?? 8765)
                    result = try connect.connect(port: port, store: store) { url in
                        Output.error("Open this URL in a browser and approve access (waiting for the redirect):")
                        Output.error(url)
                        Browser.open(url)
                    }
                }
                if let pinned = context.configuration.qbo.realmId, pinned != result.realmId {
                    throw CommandFailure(
                        "QuickBooks connected company \(result.realmId), but `qbo.realm_id` pins \(pinned)",
                        hint: "approve access for the pinned company, or change `qbo.realm_id`", status: .config)
                }
                try QBOConnection(realmId: result.realmId, connectedAt: SystemEventClock().timestamp())
                    .save(dataDir: context.configuration.storage.dataDir)
                if global.json {
                    try Output.json(ConnectDocument(realmId: result.realmId, tokens: result.status))
                } else {
                    Output.line("connected to QuickBooks company \(result.realmId); tokens stored encrypted")
                    for warning in result.status.warnings { Output.line("warning: \(warning)") }
                }
            }
        }
    }

    struct Status: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Show the QBO connection: company, token ages and expiry horizons.",
            discussion: "Examples:\n  ml-connector qbo status --json")

        @OptionGroup var global: GlobalOptions

        func run() throws {
            try execute(global) {
                let context = try Context(global)
                let status = try TokenStatus.read(secrets: try context.openSecrets(), now: Date().timeIntervalSince1970)
                if global.json {
                    try Output.json(ConnectDocument(realmId: context.realmId, tokens: status))
                    return
                }
                Output.line("company: \(context.realmId ?? "not connected")")
                Output.line("connected: \(status.isConnected ? "yes" : "no")")
                if let age = status.refreshTokenAgeDays { Output.line(String(format: "refresh token age: %.1f days", age)) }
                if let days = status.daysUntilRefreshExpiry { Output.line(String(format: "refresh token expires in %.0f days (if unused)", days)) }
                if let days = status.daysUntilHardExpiry { Output.line(String(format: "authorization ends in %.0f days (5-year limit)", days)) }
                for warning in status.warnings { Output.line("warning: \(warning)") }
            }
        }
    }

    struct ConnectDocument: Encodable {
        var realmId: String?
        var tokens: TokenStatus
    }
}

/// Opens a URL in a desktop browser when one is available; silently does nothing otherwise.
enum Browser {
    static func open(_ url: String) {
        guard ProcessInfo.processInfo.environment["DISPLAY"] != nil else { return }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/xdg-open")
        process.arguments = [url]
        try? process.run()
    }
}
