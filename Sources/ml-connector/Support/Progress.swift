import Foundation

/// Progress lines for long work (a stage run, a replay, a report), drawn on stderr only when stderr is a
/// terminal and `--quiet` is off, so pipes, logs and cron mail stay clean.
struct Progress {
    let isEnabled: Bool

    init(quiet: Bool) {
        isEnabled = !quiet && isatty(STDERR_FILENO) == 1
    }

    /// Runs `body` between a "working" line and a "done" line with the elapsed time.
    func step<T>(_ label: String, _ body: () throws -> T) rethrows -> T {
        guard isEnabled else { return try body() }
        FileHandle.standardError.write(Data("\(label)…".utf8))
        let started = Date()
        let result = try body()
        let seconds = Date().timeIntervalSince(started)
        FileHandle.standardError.write(Data(String(format: " done (%.1f s)\n", seconds).utf8))
        return result
    }
}
