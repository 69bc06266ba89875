package import Foundation

/// Where things are, relative to this source file, so tests work from any working directory.
package enum RepositoryPaths {
    /// The repository root.
    package static let root: String = {
        var url = URL(fileURLWithPath: #filePath)
        for _ in 0..<3 { url.deleteLastPathComponent() }  // Tests/TestSupport/<file>
        return url.path
    }()

    /// `../shared` beside the repository (design docs, QBO samples), or nil when absent.
    package static let shared: String? = {
        let path = ((root as NSString).deletingLastPathComponent as NSString).appendingPathComponent("shared")
        return FileManager.default.fileExists(atPath: path) ? path : nil
    }()

    /// The folder where `swift build` put this build's products (debug or release).
    package static let products: String = {
        // The test bundle lives in the products folder; fall back to .build/debug.
        let bundle = Bundle.main.bundlePath
        if FileManager.default.fileExists(atPath: (bundle as NSString).appendingPathComponent("ml-connector")) {
            return bundle
        }
        for candidate in [
            (root as NSString).appendingPathComponent(".build/debug"),
            (root as NSString).appendingPathComponent(".build/x86_64-unknown-linux-gnu/debug"),
        ] where FileManager.default.fileExists(atPath: candidate) {
            return candidate
        }
        return (root as NSString).appendingPathComponent(".build/debug")
    }()

    /// The path of a built executable product.
    package static func executable(_ name: String) -> String {
        (products as NSString).appendingPathComponent(name)
    }

    /// True when CI runs the suite (`CI=true`): integration tooling must then be present.
    package static var isCI: Bool { ProcessInfo.processInfo.environment["CI"] == "true" }
}
