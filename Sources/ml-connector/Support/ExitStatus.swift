/// ml-connector's exit codes (listed in `--help`).
enum ExitStatus: Int32, CaseIterable {
    case ok = 0
    case failed = 1
    case usage = 64
    case integrity = 65
    case unavailable = 69
    case config = 78

    var meaning: String {
        switch self {
        case .ok: return "ok; quarantined items are reported in the output, not as a failure"
        case .failed: return "a stage or command failed"
        case .usage: return "usage error"
        case .integrity: return "data integrity: the event chain does not verify"
        case .unavailable: return "remote unavailable (SFTP or QBO); nothing lost, retry later"
        case .config: return "configuration error"
        }
    }

    static var helpTable: String {
        "Exit codes:\n" + allCases.map { "  \(String($0.rawValue).padding(toLength: 4, withPad: " ", startingAt: 0))\($0.meaning)" }
            .joined(separator: "\n")
    }
}

/// An error the CLI reports itself: its message, an optional hint, and the exit code.
struct CommandFailure: Error, CustomStringConvertible {
    var message: String
    var hint: String?
    var status: ExitStatus

    init(_ message: String, hint: String? = nil, status: ExitStatus = .failed) {
        self.message = message
        self.hint = hint
        self.status = status
    }

    var description: String { message }
}
