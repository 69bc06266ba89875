import Foundation

/// A one-shot HTTP listener on 127.0.0.1 for the OAuth redirect: it accepts ONE request, answers with a
/// short page and returns the request target (`/callback?code=...&state=...&realmId=...`).
final class LoopbackListener {
    /// Bytes read from the browser's request before giving up (the request line is all we need).
    static let maximumRequestBytes = 16 * 1024

    private let descriptor: Int32
    /// The bound port (useful when asked for port 0).
    let port: UInt16

    /// Binds 127.0.0.1:`port` (0 picks a free port).
    /// - Throws: ``QBOError`` of kind `.authorization`.
    init(port: UInt16) throws {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { throw Self.failure("socket") }
        var yes: Int32 = 1
        setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &yes, socklen_t(MemoryLayout<Int32>.size))
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = port.bigEndian
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                bind(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
            }
        }
        guard bound == 0, listen(fd, 1) == 0 else {
            close(fd)
            throw Self.failure("bind 127.0.0.1:\(port)")
        }
        var actual = sockaddr_in()
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        _ = withUnsafeMutablePointer(to: &actual) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &length) }
        }
        descriptor = fd
        self.port = UInt16(bigEndian: actual.sin_port)
    }

    deinit { close(descriptor) }

    private static func failure(_ operation: String) -> QBOError {
        QBOError(
            kind: .authorization, operation: "oauth listener \(operation)",
            message: String(cString: strerror(errno)), hint: "choose another redirect port or use --no-browser")
    }

    /// Waits up to `timeout` seconds for one request and returns its target.
    /// - Throws: ``QBOError`` of kind `.authorization` on timeout or a malformed request.
    func acceptOne(timeout: Double) throws -> String {
        var poller = pollfd(fd: descriptor, events: Int16(POLLIN), revents: 0)
        guard poll(&poller, 1, Int32(timeout * 1000)) == 1 else {
            throw QBOError(
                kind: .authorization, operation: "oauth callback",
                message: "no redirect arrived within \(Int(timeout)) s",
                hint: "finish the consent in the browser, or use --no-browser and paste the redirect URL")
        }
        let client = accept(descriptor, nil, nil)
        guard client >= 0 else { throw Self.failure("accept") }
        defer { close(client) }
        var received: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 4096)
        while received.count < Self.maximumRequestBytes, !received.containsHeaderEnd {
            let count = read(client, &buffer, buffer.count)
            if count <= 0 { break }
            received += buffer[0..<count]
        }
        let page =
            "<html><body><p>ml-connector is connected to QuickBooks. You can close this window.</p></body></html>"
        let reply =
            "HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=utf-8\r\nContent-Length: \(page.utf8.count)\r\n"
            + "Connection: close\r\n\r\n" + page
        _ = reply.withCString { write(client, $0, strlen($0)) }
        let requestLine = String(decoding: received.prefix { $0 != 0x0D && $0 != 0x0A }, as: UTF8.self)
        let parts = requestLine.split(separator: " ")
        guard parts.count >= 2 else {
            throw QBOError(kind: .authorization, operation: "oauth callback", message: "malformed redirect request")
        }
        return String(parts[1])
    }
}

extension Array where Element == UInt8 {
    fileprivate var containsHeaderEnd: Bool {
        count >= 4
            && indices.dropLast(3).contains {
                self[$0] == 13 && self[$0 + 1] == 10 && self[$0 + 2] == 13 && self[$0 + 3] == 10
            }
    }
}

@available(*, unavailable) extension LoopbackListener: Sendable {}
