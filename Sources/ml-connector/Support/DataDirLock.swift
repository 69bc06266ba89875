import Foundation

/// An exclusive lock on the data dir, held while a stage or `run` works, so a second process on the
/// same data dir is refused with a clear message instead of racing (the event store would catch the
/// race as a cursor conflict, but only after doing the work twice).
final class DataDirLock {
    static let fileName = "ml-connector.lock"

    private let descriptor: Int32
    let path: String

    /// Takes the lock or fails at once.
    /// - Throws: ``CommandFailure`` naming the process that holds it.
    init(dataDir: String) throws {
        path = (dataDir as NSString).appendingPathComponent(Self.fileName)
        try FileManager.default.createDirectory(atPath: dataDir, withIntermediateDirectories: true)
        descriptor = open(path, O_RDWR | O_CREAT, 0o600)
        guard descriptor >= 0 else {
            throw CommandFailure("cannot open the lock file \(path): \(String(cString: strerror(errno)))")
        }
        guard flock(descriptor, LOCK_EX | LOCK_NB) == 0 else {
            let holder = (try? String(contentsOfFile: path, encoding: .utf8))?.trimmingCharacters(in: .whitespacesAndNewlines)
            close(descriptor)
            throw CommandFailure(
                "another ml-connector process is working on this data dir\(holder.map { " (pid \($0))" } ?? "")",
                hint: "wait for it to finish, or stop it; the lock is \(path)")
        }
        ftruncate(descriptor, 0)
        let pid = "\(getpid())\n"
        _ = pid.withCString { write(descriptor, $0, strlen($0)) }
    }

    deinit {
        flock(descriptor, LOCK_UN)
        close(descriptor)
    }
}
