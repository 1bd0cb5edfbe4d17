import AsyncHTTPClient
import Foundation
import Logging
import NIOCore

/// Why an EDGAR request did not give a body.
public enum EDGARError: Error, CustomStringConvertible, Equatable {
    /// 404: the path does not exist (yet).
    case notFound(String)
    /// The body is larger than the limit.
    case tooLarge(String, limit: Int)
    /// Every attempt failed (403/429/5xx/network); the last status, if any.
    case gaveUp(String, status: Int?, reason: String)
    /// Another status a retry cannot fix.
    case unexpectedStatus(String, status: Int)

    public var description: String {
        switch self {
        case .notFound(let path): "EDGAR has no \(path) (404)"
        case .tooLarge(let path, let limit): "\(path) is larger than \(limit) bytes"
        case .gaveUp(let path, let status, let reason): "EDGAR refused \(path) on every attempt (last: \(status.map { "HTTP \($0)" } ?? reason))"
        case .unexpectedStatus(let path, let status): "EDGAR answered HTTP \(status) for \(path)"
        }
    }
}

/// GETs from EDGAR (or the configured base URL): the declared User-Agent on every request, one
/// shared `RateLimiter`, and `Backoff` on 403, 429, 5xx and network errors.
public struct EDGARClient: Sendable {
    public typealias Sleep = @Sendable (Duration) async throws -> Void

    public let baseURL: String
    public let userAgent: String
    let http: HTTPClient
    let limiter: RateLimiter
    let backoff: Backoff
    let sleep: Sleep
    let timeout: Duration
    let logger: Logger

    /// `sleep` waits between retries (tests pass one that records and returns at once).
    public init(baseURL: String, userAgent: String, limiter: RateLimiter, http: HTTPClient = .shared,
                backoff: Backoff = .default, timeout: Duration = .seconds(60), logger: Logger,
                sleep: @escaping Sleep = { try await Task.sleep(for: $0) }) {
        self.baseURL = baseURL.hasSuffix("/") ? baseURL : baseURL + "/"
        self.userAgent = userAgent
        self.http = http
        self.limiter = limiter
        self.backoff = backoff
        self.timeout = timeout
        self.logger = logger
        self.sleep = sleep
    }

    /// The body of `path` (relative to the base URL), at most `maxBytes`.
    public func get(_ path: String, maxBytes: Int = 64 * 1024 * 1024) async throws -> [UInt8] {
        let url = baseURL + path
        var lastStatus: Int?
        var lastReason = ""
        for attempt in 0..<max(1, backoff.attempts) {
            try Task.checkCancellation()
            var request = HTTPClientRequest(url: url)
            request.headers.add(name: "User-Agent", value: userAgent)
            request.headers.add(name: "Accept", value: "*/*")
            var attemptResult: Result<[UInt8], EDGARError>? = nil
            var retryAfter: Int?
            do {
                (attemptResult, lastStatus, retryAfter) = try await limiter.run { [http, timeout, request] in
                    try await Self.attempt(http: http, request: request, path: path, timeout: timeout, maxBytes: maxBytes)
                }
                lastReason = ""
            } catch is CancellationError {
                throw CancellationError()
            } catch {
                attemptResult = nil
                lastStatus = nil
                lastReason = "\(error)"
            }
            if let attemptResult { return try attemptResult.get() }
            guard attempt + 1 < backoff.attempts else { break }
            let delay = backoff.delay(attempt: attempt, status: lastStatus, retryAfter: retryAfter)
            logger.warning("EDGAR request refused; backing off", metadata: [
                "path": "\(path)", "status": "\(lastStatus.map(String.init) ?? lastReason)", "retry_in": "\(delay)",
            ])
            try await sleep(delay)
        }
        throw EDGARError.gaveUp(path, status: lastStatus, reason: lastReason)
    }

    /// One request: the body or a final error (`.success`/`.failure`), or nil with the status to retry on.
    private static func attempt(http: HTTPClient, request: HTTPClientRequest, path: String, timeout: Duration,
                                maxBytes: Int) async throws -> (Result<[UInt8], EDGARError>?, Int?, Int?) {
        let response = try await http.execute(request, timeout: .seconds(timeout.components.seconds))
        let status = Int(response.status.code)
        switch status {
        case 200..<300:
            do {
                let body = try await response.body.collect(upTo: maxBytes)
                return (.success(Array(buffer: body)), status, nil)
            } catch is NIOTooManyBytesError {
                return (.failure(.tooLarge(path, limit: maxBytes)), status, nil)
            }
        case 404, 410:
            _ = try? await response.body.collect(upTo: 1 << 20)
            return (.failure(.notFound(path)), status, nil)
        case 403, 429, 500..<600:
            _ = try? await response.body.collect(upTo: 1 << 20)
            return (nil, status, response.headers.first(name: "Retry-After").flatMap { Int($0) })
        default:
            _ = try? await response.body.collect(upTo: 1 << 20)
            return (.failure(.unexpectedStatus(path, status: status)), status, nil)
        }
    }
}
