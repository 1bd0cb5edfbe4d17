import Hummingbird
import HummingbirdCore
import Logging
import NIOCore
import NIOHTTPTypes

/// Limits of every service's HTTP server, against clients that hold connections open.
///
/// | key | default | meaning |
/// |---|---|---|
/// | `HTTP_IDLE_TIMEOUT_SECONDS` | 30 | a connection without a complete request head for this long (idle keep-alive, or headers sent slowly) is closed |
/// | `HTTP_BODY_TIMEOUT_SECONDS` | 60 | a request body not complete this long after its head (e.g. a lying `Content-Length`) closes the connection |
/// | `HTTP_MAX_CONNECTIONS` | 256 | connections served at once; more wait in the listen backlog |
public struct HTTPServerLimits: Sendable {
    public var idleTimeout: Duration
    public var bodyTimeout: Duration
    public var maxConnections: Int

    public init(idleTimeout: Duration = .seconds(30), bodyTimeout: Duration = .seconds(60), maxConnections: Int = 256) {
        self.idleTimeout = idleTimeout
        self.bodyTimeout = bodyTimeout
        self.maxConnections = maxConnections
    }

    public init(_ settings: ServiceSettings) throws {
        self.init(idleTimeout: .seconds(try settings.integer("HTTP_IDLE_TIMEOUT_SECONDS", default: 30)),
                  bodyTimeout: .seconds(try settings.integer("HTTP_BODY_TIMEOUT_SECONDS", default: 60)),
                  maxConnections: try settings.integer("HTTP_MAX_CONNECTIONS", default: 256))
    }

    /// The HTTP/1 server with these limits, for `Application(server:)`.
    public var server: HTTPServerBuilder {
        let bodyTimeout = TimeAmount(self.bodyTimeout)
        return .http1(configuration: .init(additionalChannelHandlers: [BodyDeadline(timeout: bodyTimeout)],
                                           idleTimeout: TimeAmount(idleTimeout)))
    }

    /// Stops accepting connections beyond `maxConnections`.
    public var connections: any AvailableConnectionsDelegate { MaximumAvailableConnections(maxConnections) }
}

/// Closes the connection when a request's body is not complete `timeout` after its head.
final class BodyDeadline: ChannelInboundHandler, RemovableChannelHandler {
    typealias InboundIn = HTTPRequestPart
    typealias InboundOut = HTTPRequestPart

    private let timeout: TimeAmount
    private var deadline: Scheduled<Void>?

    init(timeout: TimeAmount) { self.timeout = timeout }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        switch unwrapInboundIn(data) {
        case .head:
            deadline?.cancel()
            let loop = context.eventLoop.assumeIsolated()
            let channel = context.channel
            deadline = loop.scheduleTask(in: timeout) { channel.close(promise: nil) }
        case .end:
            deadline?.cancel()
            deadline = nil
        case .body:
            break
        }
        context.fireChannelRead(data)
    }

    func handlerRemoved(context: ChannelHandlerContext) {
        deadline?.cancel()
        deadline = nil
    }
}

extension TimeAmount {
    init(_ duration: Duration) {
        let (seconds, attoseconds) = duration.components
        self = .nanoseconds(seconds * 1_000_000_000 + attoseconds / 1_000_000_000)
    }
}
