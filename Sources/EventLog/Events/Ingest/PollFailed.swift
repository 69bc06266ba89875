/// A poll of the export source failed (connection refused, authentication, host key, a fetch cut off).
/// `status` shows the last one per source. Subject: `source:<source>`.
package struct PollFailed: EventPayload, Equatable {
    package static let type = "ingest.poll.failed"
    package static let version = 1

    package var source: String
    package var path: String?
    package var error: String
    package var hint: String?
    package var attempts: Int

    package init(source: String, path: String?, error: String, hint: String?, attempts: Int) {
        self.source = source
        self.path = path
        self.error = error
        self.hint = hint
        self.attempts = attempts
    }
}
