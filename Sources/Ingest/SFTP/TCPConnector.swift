import Foundation

/// Opens a TCP connection with a timeout (libssh2 takes a connected socket and does not connect itself).
enum TCPConnector {
    /// A connected, blocking socket.
    /// - Throws: ``SFTPError`` of kind `connectionRefused` or `connectionFailed`, with the errno as code.
    static func connect(host: String, port: Int, timeout: TimeInterval) throws -> Int32 {
        var hints = addrinfo()
        hints.ai_family = AF_UNSPEC
        hints.ai_socktype = Int32(SOCK_STREAM.rawValue)
        var list: UnsafeMutablePointer<addrinfo>?
        let rc = getaddrinfo(host, String(port), &hints, &list)
        guard rc == 0, let first = list else {
            throw SFTPError(
                kind: .connectionFailed, operation: "resolve", code: rc, message: String(cString: gai_strerror(rc)),
                host: host)
        }
        defer { freeaddrinfo(list) }
        var lastError = SFTPError(
            kind: .connectionFailed, operation: "connect", message: "no address", host: "\(host):\(port)")
        var next: UnsafeMutablePointer<addrinfo>? = first
        while let info = next {
            next = info.pointee.ai_next
            do {
                return try connect(info.pointee, timeout: timeout, label: "\(host):\(port)")
            } catch let error as SFTPError {
                lastError = error
            }
        }
        throw lastError
    }

    private static func connect(_ info: addrinfo, timeout: TimeInterval, label: String) throws -> Int32 {
        let fd = socket(info.ai_family, info.ai_socktype | Int32(SOCK_CLOEXEC.rawValue), info.ai_protocol)
        guard fd >= 0 else { throw failure(errno, label) }
        let flags = fcntl(fd, F_GETFL)
        _ = fcntl(fd, F_SETFL, flags | O_NONBLOCK)
        if Glibc.connect(fd, info.ai_addr, info.ai_addrlen) != 0 {
            guard errno == EINPROGRESS else {
                let code = errno
                close(fd)
                throw failure(code, label)
            }
            var poller = pollfd(fd: fd, events: Int16(POLLOUT), revents: 0)
            let ready = poll(&poller, 1, Int32(timeout * 1000))
            guard ready > 0 else {
                close(fd)
                throw SFTPError(
                    kind: .connectionFailed, operation: "connect", code: ETIMEDOUT,
                    message: "no answer within \(Int(timeout)) s", host: label)
            }
            var code: Int32 = 0
            var length = socklen_t(MemoryLayout<Int32>.size)
            getsockopt(fd, SOL_SOCKET, SO_ERROR, &code, &length)
            guard code == 0 else {
                close(fd)
                throw failure(code, label)
            }
        }
        _ = fcntl(fd, F_SETFL, flags)
        var one: Int32 = 1
        setsockopt(fd, Int32(IPPROTO_TCP), TCP_NODELAY, &one, socklen_t(MemoryLayout<Int32>.size))
        return fd
    }

    private static func failure(_ code: Int32, _ label: String) -> SFTPError {
        SFTPError(
            kind: code == ECONNREFUSED ? .connectionRefused : .connectionFailed, operation: "connect", code: code,
            message: String(cString: strerror(code)), host: label)
    }
}
