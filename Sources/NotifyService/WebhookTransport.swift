import AsyncHTTPClient
import Foundation
import NIOCore
import NIOHTTP1

/// What answered a webhook POST.
public struct WebhookResponse: Sendable {
    public var status: Int
    public var retryAfter: String?
    public init(status: Int, retryAfter: String? = nil) {
        self.status = status
        self.retryAfter = retryAfter
    }
}

/// Sends one webhook request. A thrown error (connection refused, timeout) is a retryable failure.
public protocol WebhookTransport: Sendable {
    /// POSTs to `url`, connecting to `target.address` when set (the address the policy checked;
    /// Host header and TLS name stay the URL's host).
    func post(url: String, target: TargetPolicy.Target, headers: [(String, String)], body: [UInt8], timeout: Duration) async throws -> WebhookResponse
    func shutdown() async
}

/// AsyncHTTPClient with redirects off (a 3xx is a failed attempt), a connect timeout and a
/// whole-request deadline. A target with a checked address gets a client of its own whose
/// `dnsOverride` maps the host to that address, so no second DNS resolution can move it
/// (DNS rebinding); the request keeps the name for the Host header, SNI and the certificate.
public final class HTTPClientTransport: WebhookTransport {
    private let configuration: HTTPClient.Configuration
    private let client: HTTPClient

    public init(timeout: Duration) {
        let millis = Int64(timeout.seconds * 1000)
        var configuration = HTTPClient.Configuration(
            redirectConfiguration: .disallow,
            timeout: .init(connect: .milliseconds(min(millis, 5000)), read: .milliseconds(millis)))
        configuration.decompression = .disabled
        self.configuration = configuration
        client = HTTPClient(eventLoopGroupProvider: .singleton, configuration: configuration)
    }

    public func post(url: String, target: TargetPolicy.Target, headers: [(String, String)], body: [UInt8],
                     timeout: Duration) async throws -> WebhookResponse {
        guard let address = target.address else {
            return try await post(url: url, headers: headers, body: body, timeout: timeout, client: client)
        }
        var pinned = configuration
        pinned.dnsOverride = [target.host: address]
        let client = HTTPClient(eventLoopGroupProvider: .singleton, configuration: pinned)
        do {
            let response = try await post(url: url, headers: headers, body: body, timeout: timeout, client: client)
            try? await client.shutdown()
            return response
        } catch {
            try? await client.shutdown()
            throw error
        }
    }

    private func post(url: String, headers: [(String, String)], body: [UInt8], timeout: Duration,
                      client: HTTPClient) async throws -> WebhookResponse {
        var request = HTTPClientRequest(url: url)
        request.method = .POST
        for (name, value) in headers { request.headers.add(name: name, value: value) }
        request.body = .bytes(ByteBuffer(bytes: body))
        let response = try await client.execute(request, timeout: .milliseconds(Int64(timeout.seconds * 1000)))
        // Read (and drop) at most 64 KiB of the answer so the connection can be reused.
        _ = try? await response.body.collect(upTo: 65_536)
        return WebhookResponse(status: Int(response.status.code), retryAfter: response.headers.first(name: "retry-after"))
    }

    public func shutdown() async {
        try? await client.shutdown()
    }
}
