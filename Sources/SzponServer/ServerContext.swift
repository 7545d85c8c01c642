import HTTPTypes
import Hummingbird
import NIOCore

/// The request context: Hummingbird's basics plus who the client is. Behind the TLS
/// proxy production needs, the peer is always the proxy, so `ClientAddress` replaces
/// it with the address the trusted proxy forwarded, and notes whether the client
/// spoke https (for Secure cookies and HSTS).
struct ServerContext: RequestContext, RemoteAddressRequestContext {
    var coreContext: CoreRequestContextStorage
    let remoteAddress: SocketAddress?
    /// The connection, so that a request past its deadline can be cut off.
    let channel: any Channel
    /// The client's address: the peer's, or the one a trusted proxy forwarded.
    var client: String
    /// The client reached us over https (only a trusted proxy can say so).
    var secure = false

    init(source: Source) {
        coreContext = .init(source: source)
        remoteAddress = source.channel.remoteAddress
        channel = source.channel
        client = remoteAddress?.ipAddress ?? "unknown"
    }
}

/// Takes `X-Forwarded-For` and `X-Forwarded-Proto` from the `--trusted-proxy` addresses
/// only: from anyone else they are a client's claim, and would let it pick its own
/// rate-limit bucket. Applied by `RequestGate`, before routing.
struct ClientAddress: Sendable {
    let trustedProxies: Set<String>

    func apply(_ request: Request, to context: inout ServerContext) {
        guard trustedProxies.contains(context.client) else { return }
        // The proxy appends the address it saw; the last entry is the one it vouches for.
        if let forwarded = request.headers[.xForwardedFor]?.split(separator: ",").last?
            .trimmingCharacters(in: .whitespaces), !forwarded.isEmpty, forwarded.count <= 64 {
            context.client = forwarded
        }
        context.secure = request.headers[.xForwardedProto]?.lowercased() == "https"
    }
}

extension HTTPField.Name {
    static let xForwardedFor = Self("X-Forwarded-For")!
    static let xForwardedProto = Self("X-Forwarded-Proto")!
}
