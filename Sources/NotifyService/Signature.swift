import Crypto
import FilingsCore
import Foundation

/// Standard Webhooks signatures: `v1,` + base64(HMAC-SHA256(key, "{id}.{timestamp}.{body}")), the
/// key being the base64-decoded part of the `whsec_` secret.
public enum WebhookSignature {
    /// Why a secret is refused.
    public struct InvalidSecret: Error, CustomStringConvertible {
        public let description: String
    }

    /// The HMAC key of a `whsec_<base64>` secret (24 to 64 bytes).
    public static func key(fromSecret secret: String) throws(InvalidSecret) -> SymmetricKey {
        guard secret.hasPrefix("whsec_") else { throw InvalidSecret(description: "the secret must start with whsec_") }
        guard let bytes = Data(base64Encoded: String(secret.dropFirst(6))) else {
            throw InvalidSecret(description: "the part after whsec_ must be base64")
        }
        guard (24...64).contains(bytes.count) else {
            throw InvalidSecret(description: "the secret must hold 24 to 64 bytes (it holds \(bytes.count))")
        }
        return SymmetricKey(data: bytes)
    }

    /// A new random secret (32 bytes).
    public static func generateSecret() -> String {
        let key = SymmetricKey(size: .bits256)
        return "whsec_" + key.withUnsafeBytes { Data($0).base64EncodedString() }
    }

    /// The `webhook-signature` header value.
    public static func sign(id: String, timestamp: Int, body: some DataProtocol, key: SymmetricKey) -> String {
        var hmac = HMAC<SHA256>(key: key)
        hmac.update(data: Data("\(id).\(timestamp).".utf8))
        hmac.update(data: Data(body))
        return "v1," + Data(hmac.finalize()).base64EncodedString()
    }

    /// What a receiver does: true when one of the space-separated `v1,` signatures matches
    /// (constant-time comparison) and the timestamp is within `tolerance` seconds of `now`.
    public static func verify(id: String, timestamp: String, signatures: String, body: some DataProtocol, secret: String,
                              now: Date = Date(), tolerance: TimeInterval = 300) -> Bool {
        guard let key = try? key(fromSecret: secret), let seconds = Int(timestamp),
              abs(now.timeIntervalSince1970 - Double(seconds)) <= tolerance else { return false }
        let expected = sign(id: id, timestamp: seconds, body: body, key: key)
        return signatures.split(separator: " ").contains { constantTimeEqual(Array($0.utf8), Array(expected.utf8)) }
    }
}
