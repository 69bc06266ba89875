internal import CCurl
import Foundation

/// Owns one libcurl easy handle. One request at a time; the handle is kept between requests so that
/// libcurl reuses the connection (`curl_easy_reset` keeps live connections and caches:
/// https://curl.se/libcurl/c/curl_easy_reset.html). TLS verification is always on; proxies come from
/// the standard environment variables, which libcurl reads by itself.
package final class CurlEasy {
    private let handle: UnsafeMutableRawPointer
    private let errorBuffer: UnsafeMutablePointer<CChar>
    private let limits: HTTPLimits

    // Transfer state written by the C callbacks.
    fileprivate var body: [UInt8] = []
    fileprivate var headers: [String: String] = [:]
    fileprivate var callbackError: CurlError?
    fileprivate var currentURL = ""

    /// Creates a handle.
    /// - Throws: ``CurlError`` of kind `.setup`.
    package init(limits: HTTPLimits = HTTPLimits()) throws {
        try CurlGlobal.ensureInitialized()
        guard let handle = curl_easy_init() else {
            throw CurlError(kind: .setup, operation: "curl_easy_init", code: 0, message: "no handle")
        }
        self.handle = handle
        self.limits = limits
        // CURLOPT_ERRORBUFFER: "a buffer of at least CURL_ERROR_SIZE bytes ... must be kept available until
        // libcurl no longer needs it" (https://curl.se/libcurl/c/CURLOPT_ERRORBUFFER.html): owned here.
        errorBuffer = .allocate(capacity: Int(CURL_ERROR_SIZE) + 1)
        errorBuffer.initialize(repeating: 0, count: Int(CURL_ERROR_SIZE) + 1)
    }

    deinit {
        curl_easy_cleanup(handle)
        errorBuffer.deallocate()
    }

    /// Sends a request and collects the whole response.
    /// - Throws: ``CurlError``: `.notSent` when no connection was made, `.ambiguous` when the request may have
    ///   been processed, `.responseTooLarge`, `.setup`.
    package func perform(_ request: HTTPRequest) throws -> HTTPResponse {
        curl_easy_reset(handle)
        body = []
        headers = [:]
        callbackError = nil
        currentURL = request.url
        errorBuffer[0] = 0
        let headerList = try CurlHeaderList(request.headers + [("Expect", "")])
        try configure(request, headerList: headerList)
        let started = Date()
        let code = curl_easy_perform(handle)
        let duration = Date().timeIntervalSince(started)
        withExtendedLifetime(headerList) {}
        if let callbackError { throw callbackError }
        guard code == CURLE_OK else { throw transferError(code) }
        var status = 0
        try check(curl_easy_getinfo_long(handle, CURLINFO_RESPONSE_CODE, &status), "getinfo response code")
        return HTTPResponse(status: status, headers: headers, body: body, duration: duration)
    }

    private func configure(_ request: HTTPRequest, headerList: CurlHeaderList) throws {
        try set(CURLOPT_ERRORBUFFER, pointer: UnsafeMutableRawPointer(errorBuffer))
        try set(CURLOPT_URL, string: request.url)
        try set(CURLOPT_PROTOCOLS_STR, string: "http,https")
        try set(CURLOPT_NOSIGNAL, 1)
        try set(CURLOPT_SSL_VERIFYPEER, 1)
        try set(CURLOPT_SSL_VERIFYHOST, 2)
        if let caFile = limits.caFile { try set(CURLOPT_CAINFO, string: caFile) }
        try set(CURLOPT_CONNECTTIMEOUT_MS, Int(limits.connectTimeout * 1000))
        try set(CURLOPT_TIMEOUT_MS, Int(limits.totalTimeout * 1000))
        // An empty string asks for every encoding libcurl can decode (gzip, deflate) and decodes it.
        try set(CURLOPT_ACCEPT_ENCODING, string: "")
        try set(CURLOPT_HTTPHEADER, pointer: headerList.pointer.map { UnsafeMutableRawPointer($0) })
        let me = Unmanaged.passUnretained(self).toOpaque()
        try check(curl_easy_setopt_write_callback(handle, CURLOPT_WRITEFUNCTION, curlWriteBody), "setopt write")
        try set(CURLOPT_WRITEDATA, pointer: me)
        try check(curl_easy_setopt_write_callback(handle, CURLOPT_HEADERFUNCTION, curlWriteHeader), "setopt header")
        try set(CURLOPT_HEADERDATA, pointer: me)
        switch request.method {
        case "GET": try set(CURLOPT_HTTPGET, 1)
        default:
            try set(CURLOPT_POST, 1)
            if request.method != "POST" { try set(CURLOPT_CUSTOMREQUEST, string: request.method) }
            let bytes = request.body ?? []
            try check(
                curl_easy_setopt_off(handle, CURLOPT_POSTFIELDSIZE_LARGE, curl_off_t(bytes.count)), "setopt size")
            // CURLOPT_COPYPOSTFIELDS copies the data, so the array need not outlive this call
            // (https://curl.se/libcurl/c/CURLOPT_COPYPOSTFIELDS.html); the size must be set first.
            if bytes.isEmpty {
                try set(CURLOPT_COPYPOSTFIELDS, string: "")
            } else {
                try bytes.withUnsafeBytes { raw in
                    try set(CURLOPT_COPYPOSTFIELDS, pointer: UnsafeMutableRawPointer(mutating: raw.baseAddress!))
                }
            }
        }
    }

    private func set(_ option: CURLoption, _ value: Int) throws {
        try check(curl_easy_setopt_long(handle, option, value), "setopt \(option.rawValue)")
    }

    private func set(_ option: CURLoption, string: String) throws {
        try check(curl_easy_setopt_string(handle, option, string), "setopt \(option.rawValue)")
    }

    private func set(_ option: CURLoption, pointer: UnsafeMutableRawPointer?) throws {
        try check(curl_easy_setopt_pointer(handle, option, pointer), "setopt \(option.rawValue)")
    }

    private func check(_ code: CURLcode, _ operation: String) throws {
        guard code != CURLE_OK else { return }
        throw CurlError(
            kind: .setup, operation: operation, code: Int(code.rawValue), message: message(for: code), url: currentURL)
    }

    private func message(for code: CURLcode) -> String {
        let buffered = String(cString: errorBuffer)
        return buffered.isEmpty ? String(cString: curl_easy_strerror(code)) : buffered
    }

    private func transferError(_ code: CURLcode) -> CurlError {
        // Failures before any byte of the request left this machine are safe to resend blindly; anything
        // later is ambiguous and must be settled (design.md: requestid + lookup).
        let notSent: Set<UInt32> = [
            CURLE_COULDNT_RESOLVE_HOST.rawValue, CURLE_COULDNT_RESOLVE_PROXY.rawValue,
            CURLE_COULDNT_CONNECT.rawValue, CURLE_SSL_CONNECT_ERROR.rawValue,
        ]
        var kind: CurlError.Kind = notSent.contains(code.rawValue) ? .notSent : .ambiguous
        if code == CURLE_OPERATION_TIMEDOUT {
            var connectTime: Double = 0
            _ = curl_easy_getinfo_double(handle, CURLINFO_CONNECT_TIME, &connectTime)
            if connectTime == 0 { kind = .notSent }
        }
        return CurlError(
            kind: kind, operation: "perform", code: Int(code.rawValue), message: message(for: code), url: currentURL,
            hint: kind == .notSent ? "check that the QBO host is reachable (network, proxy variables)" : nil)
    }

    fileprivate func appendBody(_ chunk: UnsafeBufferPointer<UInt8>) -> Bool {
        guard body.count + chunk.count <= limits.maximumResponseBytes else {
            callbackError = CurlError(
                kind: .responseTooLarge, operation: "receive", code: Int(CURLE_WRITE_ERROR.rawValue),
                message: "response larger than \(limits.maximumResponseBytes) bytes", url: currentURL)
            return false
        }
        body.append(contentsOf: chunk)
        return true
    }

    fileprivate func appendHeaderLine(_ line: String) {
        let trimmed = line.trimmingCharacters(in: .whitespacesAndNewlines)
        if trimmed.hasPrefix("HTTP/") {
            headers = [:]  // a new status line (after 100 Continue or a redirect) starts a new header block
            return
        }
        guard let colon = trimmed.firstIndex(of: ":") else { return }
        let name = trimmed[..<colon].lowercased()
        headers[name] = trimmed[trimmed.index(after: colon)...].trimmingCharacters(in: .whitespaces)
    }
}

@available(*, unavailable) extension CurlEasy: Sendable {}

// The callbacks never throw across C: they record the problem on the owner and return a value libcurl
// treats as an abort (a count different from the one passed in).
private func curlWriteBody(
    _ data: UnsafeMutablePointer<CChar>?, _ size: Int, _ count: Int, _ userdata: UnsafeMutableRawPointer?
) -> Int {
    guard let userdata else { return 0 }
    let owner = Unmanaged<CurlEasy>.fromOpaque(userdata).takeUnretainedValue()
    let length = size * count
    guard let data, length > 0 else { return 0 }
    let chunk = UnsafeBufferPointer(start: UnsafeRawPointer(data).assumingMemoryBound(to: UInt8.self), count: length)
    return owner.appendBody(chunk) ? length : 0
}

private func curlWriteHeader(
    _ data: UnsafeMutablePointer<CChar>?, _ size: Int, _ count: Int, _ userdata: UnsafeMutableRawPointer?
) -> Int {
    guard let userdata, let data else { return 0 }
    let owner = Unmanaged<CurlEasy>.fromOpaque(userdata).takeUnretainedValue()
    let length = size * count
    let bytes = UnsafeBufferPointer(start: UnsafeRawPointer(data).assumingMemoryBound(to: UInt8.self), count: length)
    owner.appendHeaderLine(String(decoding: bytes, as: UTF8.self))
    return length
}
