import FilingsCore
import Foundation

/// JSON over HTTP to one of the services, for the commands that ask a service (replay, reconcile):
/// the base URL from an option or an environment variable, the bearer token from the service's
/// token setting when set, and a one-line `Error:` for a service that cannot be reached or refuses.
struct ServiceClient {
    var service: String
    var baseURL: String
    var tokenSetting: String
    var urlSetting: String

    /// `url` is the option's value, else the environment's (`urlSetting`); nil gives `defaultURL`.
    init(_ service: String, url: String?, urlSetting: String, defaultURL: String, tokenSetting: String) {
        let base = url ?? defaultURL
        self.service = service
        self.baseURL = base.hasSuffix("/") ? String(base.dropLast()) : base
        self.tokenSetting = tokenSetting
        self.urlSetting = urlSetting
    }

    /// Sends `body` (JSON) with `method` to `path`; the answer's body when its status is 2xx.
    func send(_ method: String, _ path: String, body: Data? = nil) async throws -> Data {
        var headers: [(String, String)] = []
        if let token = ProcessInfo.processInfo.environment[tokenSetting], !token.isEmpty {
            headers.append(("Authorization", "Bearer \(token)"))
        }
        if body != nil { headers.append(("Content-Type", "application/json")) }
        let answer: (status: Int, body: Data)
        do {
            answer = try await httpCall(method, baseURL + path, headers: headers, body: body)
        } catch {
            throw CLIError("cannot reach \(service) at \(baseURL) (is it running? --\(service)-url or \(urlSetting))")
        }
        guard (200..<300).contains(answer.status) else {
            let reason = (try? JSONSerialization.jsonObject(with: answer.body) as? [String: Any])?["reason"] as? String
            let hint = answer.status == 401 ? " (set \(tokenSetting))" : ""
            throw CLIError("\(service) \(method) \(path): HTTP \(answer.status)\(reason.map { ": \($0)" } ?? "")\(hint)")
        }
        return answer.body
    }

    func decode<T: Decodable>(_ type: T.Type, _ data: Data) throws -> T {
        do {
            return try JSONCoding.decoder.decode(type, from: data)
        } catch {
            throw CLIError("unexpected answer from \(service) at \(baseURL): \(error)")
        }
    }

    static func ingest(_ url: String?) -> ServiceClient {
        ServiceClient("ingest", url: url ?? ProcessInfo.processInfo.environment["INGEST_URL"], urlSetting: "INGEST_URL", defaultURL: "http://127.0.0.1:8081", tokenSetting: "INGEST_API_TOKEN")
    }

    static func metrics(_ url: String?) -> ServiceClient {
        ServiceClient("metrics", url: url ?? ProcessInfo.processInfo.environment["METRICS_URL"], urlSetting: "METRICS_URL", defaultURL: "http://127.0.0.1:8083", tokenSetting: "METRICS_API_TOKEN")
    }
}
