import Crypto
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Synchronization

/// A webhook receiver on 127.0.0.1 that verifies each request with the documented algorithm
/// (independently of `WebhookSignature`), answers from a script, and records everything.
final class WebhookReceiver: Sendable {
    struct Received: Sendable {
        var id: String
        var timestamp: Int
        var signature: String
        var body: Data
        var verified: Bool
        var answered: Int
        /// The Host the client asked for.
        var host: String
    }

    let secret: String
    private let script: @Sendable (Int) -> (Int, [String: String])
    private let log = Mutex<[Received]>([])

    /// `script(n)` answers the n-th request (0-based) with a status and headers.
    init(secret: String, script: @escaping @Sendable (Int) -> (Int, [String: String]) = { _ in (200, [:]) }) {
        self.secret = secret
        self.script = script
    }

    var received: [Received] { log.withLock { $0 } }
    var successes: [Received] { received.filter { (200..<300).contains($0.answered) } }

    /// Runs `body` with the receiver listening; its URL is `http://127.0.0.1:<port>/hook`.
    @discardableResult
    func run<T: Sendable>(_ body: @escaping @Sendable (String) async throws -> T) async throws -> T {
        let router = Router()
        router.post("/hook") { request, _ -> Response in
            let bytes = try await request.body.collect(upTo: 10_000_000)
            let data = Data(bytes.readableBytesView)
            let id = request.headers[HTTPField.Name("webhook-id")!] ?? ""
            let timestamp = Int(request.headers[HTTPField.Name("webhook-timestamp")!] ?? "") ?? 0
            let signature = request.headers[HTTPField.Name("webhook-signature")!] ?? ""
            let verified = Self.verify(secret: self.secret, id: id, timestamp: timestamp, body: data, signatures: signature)
            let (status, headers) = self.log.withLock { log -> (Int, [String: String]) in
                let answer = self.script(log.count)
                log.append(Received(id: id, timestamp: timestamp, signature: signature, body: data, verified: verified, answered: answer.0,
                                    host: request.head.authority ?? ""))
                return answer
            }
            var response = Response(status: .init(code: status))
            for (name, value) in headers { response.headers[HTTPField.Name(name)!] = value }
            return response
        }
        let app = Application(router: router, configuration: .init(address: .hostname("127.0.0.1", port: 0)))
        return try await app.test(.live) { client in
            try await body("http://127.0.0.1:\(client.port!)/hook")
        }
    }

    /// Standard Webhooks: HMAC-SHA256 with the base64-decoded part after `whsec_`, over
    /// "{id}.{timestamp}.{body}", base64, prefixed `v1,`; any of the space-separated signatures.
    static func verify(secret: String, id: String, timestamp: Int, body: Data, signatures: String) -> Bool {
        guard let keyData = Data(base64Encoded: String(secret.dropFirst("whsec_".count))) else { return false }
        var content = Data("\(id).\(timestamp).".utf8)
        content.append(body)
        let mac = HMAC<SHA256>.authenticationCode(for: content, using: SymmetricKey(data: keyData))
        let expected = "v1," + Data(mac).base64EncodedString()
        return signatures.split(separator: " ").contains { $0 == expected }
    }
}
