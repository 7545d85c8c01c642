import Hummingbird
import NIOCore

/// The request context: Hummingbird's basics plus the client's address, which the
/// rate limit is keyed on.
struct ServerContext: RequestContext, RemoteAddressRequestContext {
    var coreContext: CoreRequestContextStorage
    let remoteAddress: SocketAddress?

    init(source: Source) {
        coreContext = .init(source: source)
        remoteAddress = source.channel.remoteAddress
    }

    var client: String { remoteAddress?.ipAddress ?? "unknown" }
}
