import Foundation

/// Where the demo finds the emulator, its seed company and the export generator.
struct DemoPaths {
    var sandbox: String
    var company: String
    var generator: String

    init(options: DemoCommand) throws {
        let binaryFolder = ((Bundle.main.executablePath ?? CommandLine.arguments[0]) as NSString).deletingLastPathComponent
        let repository = Self.repositoryRoot(from: binaryFolder)
        let manager = FileManager.default
        func first(_ candidates: [String?]) -> String? {
            candidates.compactMap { $0 }.first { manager.fileExists(atPath: $0) }
        }
        guard let sandbox = first([options.sandbox] + ["release", "debug"].map { mode in
            repository.map { "\($0)/tools/qbo-sandbox/.build/\(mode)/qbo-sandbox" }
        }) else {
            throw CommandFailure(
                "the QBO emulator is not built", hint: "build it with `swift build -c release --package-path tools/qbo-sandbox`, or pass --sandbox")
        }
        guard let company = first([options.company, repository.map { "\($0)/tools/qbo-sandbox/companies/demo-company.json" }]) else {
            throw CommandFailure("the emulator's demo company file was not found", hint: "pass --company")
        }
        guard let generator = first([options.generator, "\(binaryFolder)/stampli-export-gen"]) else {
            throw CommandFailure("the export generator is not built", hint: "build it with `swift build --product stampli-export-gen`, or pass --generator")
        }
        self.sandbox = sandbox
        self.company = company
        self.generator = generator
    }

    /// The repository that holds `tools/qbo-sandbox`, searching upward from the program's folder.
    static func repositoryRoot(from folder: String) -> String? {
        var current = URL(fileURLWithPath: folder).resolvingSymlinksInPath()
        for _ in 0..<8 {
            if FileManager.default.fileExists(atPath: current.appendingPathComponent("tools/qbo-sandbox/Package.swift").path) {
                return current.path
            }
            current.deleteLastPathComponent()
        }
        return nil
    }
}
