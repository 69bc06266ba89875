package import Foundation

/// Headless Chromium (Debian's `chromium` package) for checking rendered HTML reports.
package enum Browser {
    package static let executable: String? = ["/usr/bin/chromium", "/usr/bin/chromium-browser"]
        .first { FileManager.default.isExecutableFile(atPath: $0) }

    /// Present, or CI (where a missing browser must fail the test rather than skip it).
    package static var isAvailable: Bool { executable != nil || RepositoryPaths.isCI }

    static var baseArguments: [String] {
        ["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--no-first-run",
         "--user-data-dir=\(NSTemporaryDirectory())ml-connector-chromium-\(getpid())"]
    }

    /// Loads a file and returns the DOM after rendering.
    package static func dumpDOM(_ path: String) throws -> String {
        guard let executable else { throw BrowserError.missing }
        let result = try ProcessRunner.run(executable, baseArguments + ["--dump-dom", "file://\(path)"])
        guard result.status == 0 else { throw BrowserError.failed(result.stderr) }
        return result.stdout
    }

    /// Renders a file to a PNG.
    package static func screenshot(_ path: String, to png: String) throws {
        guard let executable else { throw BrowserError.missing }
        let result = try ProcessRunner.run(
            executable, baseArguments + ["--screenshot=\(png)", "--window-size=1280,1600", "file://\(path)"])
        guard result.status == 0 else { throw BrowserError.failed(result.stderr) }
    }

    /// Where test artifacts are kept: `.build/test-artifacts/` in the repository.
    package static func artifact(_ name: String) -> String {
        let folder = (RepositoryPaths.root as NSString).appendingPathComponent(".build/test-artifacts")
        try? FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        return (folder as NSString).appendingPathComponent(name)
    }
}

package enum BrowserError: Error { case missing, failed(String) }
