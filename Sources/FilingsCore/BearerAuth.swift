import Hummingbird

/// Bearer-token access to an API: the token from the service's setting (e.g. `INGEST_API_TOKEN`),
/// compared in constant time. Without a configured token the API is either closed (notify's
/// subscription API) or open (ingest's `POST /filings`, the metrics queries), as `whenUnset` says.
public struct BearerAuth: Sendable {
    public enum WhenUnset: Sendable { case closed, open }

    public let token: String?
    /// The setting that holds the token, named in the 401 answers.
    public let setting: String
    public let whenUnset: WhenUnset

    public init(token: String?, setting: String, whenUnset: WhenUnset) {
        self.token = token.flatMap { $0.isEmpty ? nil : $0 }
        self.setting = setting
        self.whenUnset = whenUnset
    }

    /// The token from `settings`' environment (an empty value counts as unset).
    public init(_ settings: ServiceSettings, setting: String, whenUnset: WhenUnset) {
        self.init(token: settings.environment[setting], setting: setting, whenUnset: whenUnset)
    }

    /// A 401 answer when `request` does not carry the token; nil when it may pass.
    public func deny(_ request: Request) -> Response? {
        guard let token else {
            if whenUnset == .open { return nil }
            return errorResponse(.unauthorized, "unauthorized", "the API is disabled: \(setting) is not configured")
        }
        let header = request.headers[.authorization] ?? ""
        guard header.hasPrefix("Bearer "), constantTimeEqual(Array(header.dropFirst(7).utf8), Array(token.utf8)) else {
            var response = errorResponse(.unauthorized, "unauthorized", "send Authorization: Bearer <\(setting)>")
            response.headers[.wwwAuthenticate] = "Bearer"
            return response
        }
        return nil
    }

    /// A router middleware applying `deny` to every route added after it.
    public var middleware: Middleware { Middleware(auth: self) }

    public struct Middleware: RouterMiddleware {
        public typealias Context = BasicRequestContext
        let auth: BearerAuth

        public func handle(_ request: Request, context: Context,
                           next: (Request, Context) async throws -> Response) async throws -> Response {
            if let denied = auth.deny(request) { return denied }
            return try await next(request, context)
        }
    }
}

/// Equality of two byte strings in time that depends only on their lengths.
public func constantTimeEqual(_ a: [UInt8], _ b: [UInt8]) -> Bool {
    guard a.count == b.count else { return false }
    var difference: UInt8 = 0
    for i in a.indices { difference |= a[i] ^ b[i] }
    return difference == 0
}
