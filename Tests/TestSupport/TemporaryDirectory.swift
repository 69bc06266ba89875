package import Foundation

/// A fresh directory under the system temporary folder, removed when the value is released.
package final class TemporaryDirectory: @unchecked Sendable {
    package let path: String

    /// Creates `/tmp/ml-connector-tests/<prefix>-<random>`.
    package init(_ prefix: String = "test") throws {
        let base = (NSTemporaryDirectory() as NSString).appendingPathComponent("ml-connector-tests")
        try FileManager.default.createDirectory(atPath: base, withIntermediateDirectories: true)
        path = (base as NSString).appendingPathComponent("\(prefix)-\(UUID().uuidString.prefix(8))")
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    }

    deinit { try? FileManager.default.removeItem(atPath: path) }

    /// A path inside the directory.
    package func file(_ name: String) -> String { (path as NSString).appendingPathComponent(name) }

    /// Writes bytes to a file inside the directory and returns its path.
    @discardableResult
    package func write(_ name: String, _ contents: String) throws -> String {
        let target = file(name)
        try FileManager.default.createDirectory(
            atPath: (target as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        try Data(contents.utf8).write(to: URL(fileURLWithPath: target))
        return target
    }
}
