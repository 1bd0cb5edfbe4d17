import AsyncHTTPClient
import Foundation
import NIOCore
import NIOHTTP1

/// One HTTP request from the CLI to a service; returns the status and body.
/// AsyncHTTPClient rather than URLSession: FoundationNetworking needs libcurl, which the
/// static release build (`--static-swift-stdlib`) of the container image does not link.
func httpCall(_ method: String, _ url: String, headers: [(String, String)] = [], body: Data? = nil,
              timeout: TimeAmount = .seconds(30)) async throws -> (status: Int, body: Data) {
    var request = HTTPClientRequest(url: url)
    request.method = HTTPMethod(rawValue: method)
    for (name, value) in headers { request.headers.add(name: name, value: value) }
    if let body { request.body = .bytes(ByteBuffer(bytes: body)) }
    let response = try await HTTPClient.shared.execute(request, timeout: timeout)
    let buffer = try await response.body.collect(upTo: 64 * 1024 * 1024)
    return (Int(response.status.code), Data(buffer.readableBytesView))
}
