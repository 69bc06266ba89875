import Foundation

/// The QBO emulator as a child process on 127.0.0.1, for `demo`.
final class EmulatorProcess {
    static let startTimeout: TimeInterval = 15

    let url: String
    private let process: Process

    init(binary: String, company: String) throws {
        process = Process()
        process.executableURL = URL(fileURLWithPath: binary)
        process.arguments = ["--port", "0", "--seed", company]
        let output = Pipe()
        process.standardOutput = output
        process.standardError = FileHandle.nullDevice
        try process.run()
        var seen = ""
        let deadline = Date().addingTimeInterval(Self.startTimeout)
        while !seen.contains("\n") && Date() < deadline && process.isRunning {
            let chunk = output.fileHandleForReading.availableData
            if chunk.isEmpty { break }
            seen += String(decoding: chunk, as: UTF8.self)
        }
        guard let line = seen.split(separator: "\n").first(where: { $0.hasPrefix("READY ") }) else {
            process.terminate()
            throw CommandFailure("the QBO emulator did not start (\(binary))")
        }
        url = String(line.dropFirst("READY ".count))
    }

    func stop() {
        guard process.isRunning else { return }
        process.terminate()
        process.waitUntilExit()
    }
}
