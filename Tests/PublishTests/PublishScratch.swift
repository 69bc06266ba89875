import EventLog
import Foundation

/// A temporary directory removed on deinit, with helpers for a store and a secret store inside it.
final class PublishScratch {
    let path: String

    init() throws {
        path = NSTemporaryDirectory() + "publish-tests-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    }

    deinit { try? FileManager.default.removeItem(atPath: path) }

    func secretStore() throws -> SecretStore {
        SecretStore(path: path + "/credentials.json", keyBytes: Array(repeating: 7, count: 32))
    }

    func eventStore() throws -> SQLiteEventStore {
        try SQLiteEventStore(path: path + "/events.sqlite")
    }
}
