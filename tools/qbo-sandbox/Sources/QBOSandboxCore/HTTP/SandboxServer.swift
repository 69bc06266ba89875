import Foundation
import Hummingbird
import Logging
import NIOCore

/// Runs the emulator on 127.0.0.1 (in-process for tests, or from the executable).
public final class SandboxServer: Sendable {
    public let sandbox: Sandbox

    public init(sandbox: Sandbox) { self.sandbox = sandbox }

    public func makeApplication(onReady: @escaping @Sendable (Int) async -> Void) -> some ApplicationProtocol {
        let router = Router(context: SandboxContext.self)
        let routes = SandboxRoutes(sandbox: sandbox)
        router.get("**") { request, context in try await routes.respond(request, context: context) }
        router.post("**") { request, context in try await routes.respond(request, context: context) }
        router.get("/") { request, context in try await routes.respond(request, context: context) }
        var logger = Logger(label: "qbo-sandbox")
        logger.logLevel = .critical
        return Application(
            router: router,
            configuration: .init(address: .hostname("127.0.0.1", port: sandbox.configuration.port),
                serverName: "qbo-sandbox"),
            onServerRunning: { channel in await onReady(channel.localAddress?.port ?? 0) },
            logger: logger)
    }
}

/// A server started inside the current process; `stop()` shuts it down.
public final class RunningSandbox: Sendable {
    public let port: Int
    public let sandbox: Sandbox
    private let task: Task<Void, any Error>

    public var baseURL: String { "http://127.0.0.1:\(port)" }

    public static func start(_ configuration: SandboxConfiguration) async throws -> RunningSandbox {
        let sandbox = try Sandbox(configuration: configuration)
        let server = SandboxServer(sandbox: sandbox)
        let (stream, continuation) = AsyncStream<Int>.makeStream()
        let app = server.makeApplication { port in continuation.yield(port) }
        let task = Task { try await app.run() }
        var iterator = stream.makeAsyncIterator()
        guard let port = await iterator.next() else { throw CancellationError() }
        return RunningSandbox(port: port, sandbox: sandbox, task: task)
    }

    private init(port: Int, sandbox: Sandbox, task: Task<Void, any Error>) {
        self.port = port
        self.sandbox = sandbox
        self.task = task
    }

    public func stop() async {
        task.cancel()
        _ = try? await task.value
    }
}
