// libFuzzer entry for the QBO Fault decoder and the JSON parser under it (Sources/Publish/QBO/QBOFault.swift,
// Sources/Publish/JSON), built by tools/fuzz/run.sh. Oracle: no crash or sanitizer report; a document
// that parses must parse again, to the same value, after being written back out.

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzQBOFault(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let bytes = Array(UnsafeBufferPointer(start: data, count: size))
    for status in [400, 401, 429, 500] { _ = QBOFault.parse(status: status, body: bytes) }
    if let value = try? JSONParser.parse(bytes) {
        let written = value.bytes
        guard let again = try? JSONParser.parse(written) else { preconditionFailure("written JSON does not parse") }
        precondition(again == value, "JSON changes when written and read back")
        _ = QBOFault.from(json: value)
    }
    return 0
}
