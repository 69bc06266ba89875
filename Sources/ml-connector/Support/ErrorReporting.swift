import EventLog

/// Turns any error into the `Error: ... / Hint: ...` lines on stderr and an exit status.
enum ErrorReporting {
    static func status(for error: any Error) -> ExitStatus {
        switch error {
        case let failure as CommandFailure: return failure.status
        case is ConfigError: return .config
        case is SecretStoreError: return .config
        default: return .failed
        }
    }

    static func hint(for error: any Error) -> String? {
        switch error {
        case let failure as CommandFailure: return failure.hint
        case let failure as EventLogError: return failure.hint
        case let failure as SecretStoreError: return failure.hint
        case is ConfigError: return "see the commented template written by `ml-connector init`"
        default: return nil
        }
    }

    static func report(_ error: any Error) -> ExitStatus {
        Output.error("Error: \(error)")
        if let hint = hint(for: error) { Output.error("Hint: \(hint)") }
        return status(for: error)
    }
}
