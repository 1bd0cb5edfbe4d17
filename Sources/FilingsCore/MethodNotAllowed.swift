import Hummingbird

/// 405 Method Not Allowed, with `Allow`, for a path the service serves under other methods
/// (instead of Hummingbird's 404). Added after every route, so it wraps only the router's
/// not-found responder: requests that match a route never pass through it.
public struct MethodNotAllowedMiddleware<Context: RequestContext>: RouterMiddleware {
    let routes: [(path: RouterPath, methods: [HTTPRequest.Method])]

    public init(routes: [Router<Context>.RouteDescription]) {
        var byPath: [String: (path: RouterPath, methods: [HTTPRequest.Method])] = [:]
        for route in routes { byPath[route.path.description, default: (route.path, [])].methods.append(route.method) }
        self.routes = byPath.values.sorted { $0.path.description < $1.path.description }
    }

    public func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        let segments = request.uri.path.split(separator: "/", omittingEmptySubsequences: true)
        guard let route = routes.first(where: { Self.matches($0.path, segments) }), !route.methods.contains(request.method) else {
            return try await next(request, context)
        }
        let allowed = route.methods.map(\.rawValue).sorted().joined(separator: ", ")
        var response = errorResponse(.methodNotAllowed, "method not allowed", "\(request.method) is not served here; allowed: \(allowed)")
        response.headers[.allow] = allowed
        return response
    }

    static func matches(_ path: RouterPath, _ segments: [Substring]) -> Bool {
        path.components.count == segments.count && zip(path.components, segments).allSatisfy { $0 ~= $1 }
    }
}
