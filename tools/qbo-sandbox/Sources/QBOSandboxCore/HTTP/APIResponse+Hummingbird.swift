import Hummingbird
import NIOCore

extension APIResponse {
    var hummingbirdResponse: Response {
        var fields = HTTPFields()
        fields[.contentType] = contentType
        fields[.init("intuit_tid")!] = "sandbox-" + String(UInt32.random(in: 0...UInt32.max), radix: 16)
        for (name, value) in headers {
            fields[.init(name)!] = value
        }
        return Response(
            status: HTTPResponse.Status(code: status), headers: fields,
            body: ResponseBody(byteBuffer: ByteBuffer(bytes: body)))
    }
}
