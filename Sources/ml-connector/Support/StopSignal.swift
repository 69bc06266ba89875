import Dispatch
import Foundation
import Synchronization

/// Turns SIGINT and SIGTERM into a flag the run loop checks between transactions, so a stop never
/// interrupts a commit (each step is atomic anyway, so even SIGKILL is safe).
final class StopSignal: @unchecked Sendable {
    private let requested = Atomic<Bool>(false)
    /// Kept alive for the life of the process; only touched in init.
    private var sources: [any DispatchSourceSignal] = []

    init() {
        for number in [SIGINT, SIGTERM] {
            signal(number, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: number, queue: .global())
            source.setEventHandler { [self] in
                if requested.exchange(true, ordering: .relaxed) {
                    // A second signal: stop now.
                    exit(130)
                }
                FileHandle.standardError.write(Data("stopping after the current step (send again to stop at once)\n".utf8))
            }
            source.resume()
            sources.append(source)
        }
    }

    var isRequested: Bool { requested.load(ordering: .relaxed) }

    /// Sleeps up to `seconds`, waking early when a stop is requested.
    func sleep(seconds: Double) {
        let deadline = Date().addingTimeInterval(seconds)
        while !isRequested && Date() < deadline {
            Thread.sleep(forTimeInterval: min(0.2, max(0, deadline.timeIntervalSinceNow)))
        }
    }
}
