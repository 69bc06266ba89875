import Hummingbird
import NIOCore

/// Request context that keeps the connection's channel, so commit-then-drop can close it
/// without sending a response.
public struct SandboxContext: RequestContext {
    public typealias Source = ApplicationRequestContextSource
    public var coreContext: CoreRequestContextStorage
    public let channel: any Channel

    public init(source: ApplicationRequestContextSource) {
        coreContext = .init(source: source)
        channel = source.channel
    }
}
