internal import CCurl

/// `curl_global_init` must run once per process before any other libcurl call and before threads use it
/// (https://curl.se/libcurl/c/curl_global_init.html). A lazily initialised global runs it exactly once.
enum CurlGlobal {
    private static let initResult: Int = Int(curl_global_init(Int(CURL_GLOBAL_DEFAULT)).rawValue)

    /// Runs the global init on first use and reports its failure.
    /// - Throws: ``CurlError`` of kind `.setup`.
    static func ensureInitialized() throws {
        guard initResult == 0 else {
            throw CurlError(
                kind: .setup, operation: "curl_global_init", code: initResult, message: "global init failed")
        }
    }
}
