package import Foundation

/// A real OpenSSH `sshd` on 127.0.0.1 and a free port, for integration tests.
///
/// It runs in the foreground (`-D -e`) as a child of the test process, with a generated ed25519 host
/// key, a test user who may log in with a password or an authorized ed25519 key (an RSA key is authorized
/// too, to show libssh2 1.10's missing rsa-sha2), and `ForceCommand internal-sftp -d <root>` so the
/// SFTP session starts in ``root``. Needs root (it creates the user), as CI runs.
package final class SSHDServer {
    /// The user the server accepts.
    package static let username = "mlconnector-sftp"
    /// That user's password (test-only, local-only).
    package static let password = "correct horse battery staple"
    package static let sshdPath = "/usr/sbin/sshd"

    /// True when integration suites should run: sshd is installed, or CI demands it (then a missing
    /// sshd fails the suite instead of skipping it).
    package static var isConfigured: Bool {
        FileManager.default.fileExists(atPath: sshdPath) || ProcessInfo.processInfo.environment["CI"] == "true"
    }

    /// Working folder: keys, config, log.
    package let folder: String
    /// The SFTP root the user lands in.
    package let root: String
    package let port: Int
    /// `SHA256:...` of the host key, as `ssh-keygen -lf` prints it.
    package let fingerprint: String
    /// Paths of the client's private keys.
    package let ed25519KeyPath: String
    package let rsaKeyPath: String
    /// The sshd process id while it runs (spawned with posix_spawn so Foundation's Process reaper never
    /// blocks on it).
    private(set) package var pid: pid_t?

    /// Creates keys, the user and the config, and starts sshd.
    /// - Parameter hostKeyType: `ed25519` (default) or `rsa` (an RSA-only server, which libssh2 1.10 cannot use).
    /// - Throws: when a tool fails or sshd does not start listening within 5 s.
    package init(hostKeyType: String = "ed25519") throws {
        guard FileManager.default.fileExists(atPath: Self.sshdPath) else {
            throw SSHDServerError("OpenSSH server missing at \(Self.sshdPath): apt-get install -y openssh-server")
        }
        folder = NSTemporaryDirectory() + "sshd-" + UUID().uuidString
        root = folder + "/sftp-root"
        try FileManager.default.createDirectory(atPath: root, withIntermediateDirectories: true)
        try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: folder)
        try FileManager.default.setAttributes([.posixPermissions: 0o777], ofItemAtPath: root)
        ed25519KeyPath = folder + "/id_ed25519"
        rsaKeyPath = folder + "/id_rsa"
        try Self.run("/usr/bin/ssh-keygen", ["-q", "-t", hostKeyType, "-N", "", "-f", folder + "/host_key"])
        try Self.run("/usr/bin/ssh-keygen", ["-q", "-t", "ed25519", "-N", "", "-f", ed25519KeyPath])
        try Self.run("/usr/bin/ssh-keygen", ["-q", "-t", "rsa", "-b", "2048", "-N", "", "-f", rsaKeyPath])
        let authorized =
            try String(contentsOfFile: ed25519KeyPath + ".pub", encoding: .utf8)
            + String(contentsOfFile: rsaKeyPath + ".pub", encoding: .utf8)
        try authorized.write(toFile: folder + "/authorized_keys", atomically: true, encoding: .utf8)
        let printed = try Self.run("/usr/bin/ssh-keygen", ["-lf", folder + "/host_key.pub"])
        fingerprint = printed.split(separator: " ").dropFirst().first.map(String.init) ?? ""
        try Self.ensureUser()
        port = try Self.freePort()
        let config = """
            Port \(port)
            ListenAddress 127.0.0.1
            HostKey \(folder)/host_key
            PidFile \(folder)/sshd.pid
            UsePAM no
            StrictModes no
            PasswordAuthentication yes
            KbdInteractiveAuthentication no
            PubkeyAuthentication yes
            AuthorizedKeysFile \(folder)/authorized_keys
            AllowUsers \(Self.username)
            Subsystem sftp internal-sftp
            ForceCommand internal-sftp -d \(root)
            LogLevel VERBOSE
            """
        try config.write(toFile: folder + "/sshd_config", atomically: true, encoding: .utf8)
        try start()
    }

    deinit {
        stop()
        try? FileManager.default.removeItem(atPath: folder)
    }

    /// Starts (or restarts) sshd with the same keys, port and root.
    package func start() throws {
        try? FileManager.default.createDirectory(
            atPath: "/run/sshd", withIntermediateDirectories: true, attributes: [.posixPermissions: 0o755])
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 1, folder + "/sshd.log", O_WRONLY | O_CREAT | O_APPEND, 0o644)
        posix_spawn_file_actions_adddup2(&actions, 1, 2)
        let arguments = [Self.sshdPath, "-D", "-e", "-f", folder + "/sshd_config"]
        var argv: [UnsafeMutablePointer<CChar>?] = arguments.map { strdup($0) } + [nil]
        defer { for pointer in argv { free(pointer) } }
        var child: pid_t = 0
        let rc = posix_spawn(&child, Self.sshdPath, &actions, nil, &argv, environ)
        guard rc == 0 else { throw SSHDServerError("posix_spawn sshd failed: \(String(cString: strerror(rc)))") }
        pid = child
        let deadline = Date().addingTimeInterval(5)
        while Date() < deadline {
            if Self.canConnect(port: port) { return }
            var status: Int32 = 0
            if waitpid(child, &status, WNOHANG) == child {
                pid = nil
                break
            }
            usleep(10_000)
        }
        throw SSHDServerError("sshd did not start listening on 127.0.0.1:\(port); log: \(self.log)")
    }

    /// Stops sshd and every session it forked (killed by pid, children first), as a crash would.
    package func kill() {
        guard let pid else { return }
        for child in Self.descendants(of: pid).reversed() { Foundation.kill(child, SIGKILL) }
        Foundation.kill(pid, SIGKILL)
        var status: Int32 = 0
        waitpid(pid, &status, 0)
        self.pid = nil
    }

    /// Stops sshd.
    package func stop() { kill() }

    /// sshd's log so far.
    package var log: String { (try? String(contentsOfFile: folder + "/sshd.log", encoding: .utf8)) ?? "" }

    /// Creates a folder under the SFTP root that the test user may write in.
    @discardableResult
    package func makeFolder(_ relative: String) throws -> String {
        let path = root + "/" + relative
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        try FileManager.default.setAttributes([.posixPermissions: 0o777], ofItemAtPath: path)
        return path
    }

    /// Writes a file under the SFTP root.
    package func write(_ relative: String, bytes: [UInt8]) throws {
        let path = root + "/" + relative
        try makeFolder((relative as NSString).deletingLastPathComponent)
        guard FileManager.default.createFile(atPath: path, contents: Data(bytes)) else {
            throw SSHDServerError("cannot write \(path)")
        }
    }

    // MARK: Helpers

    @discardableResult
    static func run(_ tool: String, _ arguments: [String], input: String? = nil) throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: tool)
        process.arguments = arguments
        let output = Pipe()
        process.standardOutput = output
        process.standardError = output
        let stdin = Pipe()
        if input != nil { process.standardInput = stdin }
        try process.run()
        if let input {
            stdin.fileHandleForWriting.write(Data(input.utf8))
            try stdin.fileHandleForWriting.close()
        }
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        let text = String(decoding: data, as: UTF8.self)
        guard process.terminationStatus == 0 else {
            throw SSHDServerError("\(tool) \(arguments.joined(separator: " ")) failed: \(text)")
        }
        return text
    }

    private static func ensureUser() throws {
        if (try? run("/usr/bin/id", ["-u", username])) == nil {
            _ = try? run("/usr/sbin/useradd", ["-M", "-s", "/usr/sbin/nologin", username])
        }
        try run("/usr/sbin/chpasswd", [], input: "\(username):\(password)\n")
    }

    /// A port that was free a moment ago (bound to port 0, then released).
    package static func freePort() throws -> Int {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        defer { close(fd) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = 0
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, length) }
        }
        guard bound == 0 else { throw SSHDServerError("bind failed: errno \(errno)") }
        _ = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &length) }
        }
        return Int(UInt16(bigEndian: address.sin_port))
    }

    package static func canConnect(port: Int) -> Bool {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        defer { close(fd) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = UInt16(port).bigEndian
        return withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) == 0
            }
        }
    }

    /// Process ids whose parent chain leads to `pid` (from /proc), parents before children.
    static func descendants(of pid: Int32) -> [Int32] {
        var parentOf: [Int32: Int32] = [:]
        for entry in (try? FileManager.default.contentsOfDirectory(atPath: "/proc")) ?? [] {
            guard let child = Int32(entry),
                let stat = try? String(contentsOfFile: "/proc/\(entry)/stat", encoding: .utf8),
                let close = stat.lastIndex(of: ")")
            else { continue }
            let fields = stat[stat.index(after: close)...].split(separator: " ")
            if fields.count > 1, let parent = Int32(fields[1]) { parentOf[child] = parent }
        }
        var result: [Int32] = []
        var frontier = [pid]
        while let next = frontier.popLast() {
            let children = parentOf.filter { $0.value == next }.map(\.key)
            result.append(contentsOf: children)
            frontier.append(contentsOf: children)
        }
        return result
    }
}

@available(*, unavailable) extension SSHDServer: Sendable {}

/// The sshd launcher could not prepare or start the server.
package struct SSHDServerError: Error, CustomStringConvertible {
    package var description: String
    init(_ description: String) { self.description = description }
}
