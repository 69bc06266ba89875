import Foundation
import TestSupport
import Testing

/// style.md §3.1: the stages talk only through the event log. SwiftPM's own check only warns, so the
/// import lines of every source file are checked here.
@Suite struct ModuleBoundaryTests {
    /// Modules each source folder must not import.
    static let forbidden: [String: Set<String>] = [
        "EventLog": ["Ingest", "Transform", "Publish", "CLibSSH2", "CCurl"],
        "Ingest": ["Transform", "Publish", "CCurl", "CZlib", "GRDB", "GRDBSQLite"],
        "Transform": ["Ingest", "Publish", "CCurl", "CLibSSH2", "CZlib", "Zlib", "GRDB", "GRDBSQLite"],
        "Publish": ["Ingest", "Transform", "CLibSSH2", "GRDB", "GRDBSQLite", "CZlib"],
        "ml-connector": ["CCurl", "CLibSSH2", "CZlib", "GRDB", "GRDBSQLite"],
        "Zlib": ["EventLog", "Ingest", "Transform", "Publish"],
    ]

    static func imports(in folder: String) throws -> [(file: String, module: String)] {
        let root = (RepositoryPaths.root as NSString).appendingPathComponent("Sources/\(folder)")
        guard let enumerator = FileManager.default.enumerator(atPath: root) else { return [] }
        var found: [(String, String)] = []
        let pattern = try Regex(#"^\s*(?:@[A-Za-z_]+(?:\([^)]*\))?\s+)*(?:public\s+|package\s+|internal\s+|private\s+|fileprivate\s+)?import\s+(?:(?:struct|class|enum|func|var|let|protocol|typealias)\s+)?([A-Za-z_][A-Za-z0-9_]*)"#)
        for case let relative as String in enumerator where relative.hasSuffix(".swift") {
            let text = try String(contentsOfFile: (root as NSString).appendingPathComponent(relative), encoding: .utf8)
            for line in text.split(separator: "\n") {
                if let match = line.firstMatch(of: pattern), let module = match.output[1].substring {
                    found.append(("\(folder)/\(relative)", String(module)))
                }
            }
        }
        return found
    }

    @Test(arguments: Array(forbidden.keys).sorted())
    func moduleImportsOnlyWhatItMay(_ folder: String) throws {
        for (file, module) in try Self.imports(in: folder) {
            #expect(!Self.forbidden[folder]!.contains(module), "\(file) imports \(module)")
        }
    }

    @Test func theCheckSeesImports() throws {
        // Guards against a pattern that matches nothing and so passes vacuously.
        let modules = Set(try Self.imports(in: "EventLog").map(\.module))
        #expect(modules.contains("GRDB"))
        #expect(modules.contains("Foundation"))
    }
}
