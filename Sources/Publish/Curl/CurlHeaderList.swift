internal import CCurl

/// Owns a `curl_slist` of header lines. libcurl does not copy the list: it must stay alive until the
/// transfer using it ends (https://curl.se/libcurl/c/CURLOPT_HTTPHEADER.html), so the easy handle keeps
/// this object for the length of ``CurlEasy/perform(_:)``.
final class CurlHeaderList {
    private(set) var pointer: UnsafeMutablePointer<curl_slist>?

    /// Builds the list from `Name: value` lines.
    /// - Throws: ``CurlError`` of kind `.setup` when libcurl cannot allocate.
    init(_ headers: [(String, String)]) throws {
        for (name, value) in headers {
            // An empty value written as "Name:" makes libcurl drop its own default header (e.g. Expect).
            let line = value.isEmpty ? "\(name):" : "\(name): \(value)"
            guard let next = curl_slist_append(pointer, line) else {
                throw CurlError(kind: .setup, operation: "curl_slist_append", code: 0, message: "out of memory")
            }
            pointer = next
        }
    }

    deinit { curl_slist_free_all(pointer) }
}

@available(*, unavailable) extension CurlHeaderList: Sendable {}
