import Foundation
import Hummingbird

/// A JSON body with the given status.
public func jsonResponse<T: Encodable>(_ value: T, status: HTTPResponse.Status = .ok) throws -> Response {
    let data = try JSONCoding.encoder.encode(value)
    return Response(status: status, headers: [.contentType: "application/json"],
                    body: ResponseBody(byteBuffer: ByteBuffer(bytes: data)))
}

/// The body every error response carries: `{"error": "...", "reason": "..."}`.
public struct ErrorBody: Codable, Sendable, Equatable {
    public var error: String
    public var reason: String
    public init(error: String, reason: String) {
        self.error = error
        self.reason = reason
    }
}

/// A JSON error response.
public func errorResponse(_ status: HTTPResponse.Status, _ error: String, _ reason: String) -> Response {
    (try? jsonResponse(ErrorBody(error: error, reason: reason), status: status))
        ?? Response(status: status)
}
