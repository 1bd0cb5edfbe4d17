import ArgumentParser
import Foundation

/// `filings subscriptions add|list|remove`: notify's subscription API from the command line.
struct Subscriptions: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "subscriptions",
        abstract: "Manage webhook subscriptions of the notify service.",
        discussion: """
            Talks to notify's HTTP API at --url (or NOTIFY_URL, default http://127.0.0.1:8084) with the \
            bearer token NOTIFY_API_TOKEN. Rules are described in docs/notify.md.
            """,
        subcommands: [Add.self, List.self, Remove.self])

    struct APIOptions: ParsableArguments {
        @Option(help: "Base URL of the notify service (default: NOTIFY_URL, else http://127.0.0.1:8084).") var url: String?

        var baseURL: String {
            let base = url ?? ProcessInfo.processInfo.environment["NOTIFY_URL"] ?? "http://127.0.0.1:8084"
            return base.hasSuffix("/") ? String(base.dropLast()) : base
        }

        /// Sends a request; returns the status and body, or exits 1 with a message when notify cannot be reached.
        func call(_ method: String, _ path: String, body: Data? = nil) async throws -> (Int, Data) {
            guard URL(string: baseURL + path) != nil else { throw ValidationError("invalid --url \(baseURL)") }
            var headers: [(String, String)] = []
            if let token = ProcessInfo.processInfo.environment["NOTIFY_API_TOKEN"], !token.isEmpty {
                headers.append(("Authorization", "Bearer \(token)"))
            }
            if body != nil { headers.append(("Content-Type", "application/json")) }
            do {
                let answer = try await httpCall(method, baseURL + path, headers: headers, body: body)
                return (answer.status, answer.body)
            } catch {
                printError("error: cannot reach notify at \(baseURL): \(error)")
                throw ExitCode(1)
            }
        }

        /// Prints the API's error (`reason`, and the rule pointer when there is one) and exits 1.
        func fail(_ status: Int, _ data: Data) -> ExitCode {
            let object = (try? JSONSerialization.jsonObject(with: data)) as? [String: Any]
            let reason = object?["reason"] as? String ?? String(decoding: data, as: UTF8.self)
            printError("error: \(object?["error"] as? String ?? "HTTP \(status)"): \(reason)")
            if let pointer = object?["pointer"] as? String { printError(pointer) }
            if status == 401 { printError("hint: set NOTIFY_API_TOKEN to notify's token") }
            return ExitCode(1)
        }
    }

    struct Add: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Create a subscription; prints it with its signing secret (shown only once).",
            discussion: "Example: filings subscriptions add https://example.com/hook 'revenue_growth_yoy > 0.5 and form = 8-K'")

        @OptionGroup var api: APIOptions
        @Argument(help: "Webhook target URL (http or https).") var target: String
        @Argument(help: "Rule, e.g. 'revenue_growth_yoy > 0.5' (quote it).") var rule: String
        @Option(help: "Signing secret whsec_<base64> (default: generated).") var secret: String?
        @Option(help: "Subscription id (default: generated).") var id: String?
        @Option(help: "Free text kept with the subscription.") var description: String?

        func run() async throws {
            var object: [String: String] = ["url": target, "rule": rule]
            object["secret"] = secret
            object["id"] = id
            object["description"] = description
            let (status, data) = try await api.call("POST", "/subscriptions", body: try JSONSerialization.data(withJSONObject: object))
            guard status == 201 else { throw api.fail(status, data) }
            print(String(decoding: data, as: UTF8.self))
        }
    }

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List subscriptions (without secrets).")
        @OptionGroup var api: APIOptions
        @Flag(help: "Print the API's JSON instead of a table.") var json = false

        func run() async throws {
            let (status, data) = try await api.call("GET", "/subscriptions")
            guard status == 200 else { throw api.fail(status, data) }
            if json { print(String(decoding: data, as: UTF8.self)); return }
            let object = (try? JSONSerialization.jsonObject(with: data)) as? [String: Any]
            let rows = object?["subscriptions"] as? [[String: Any]] ?? []
            if rows.isEmpty { print("no subscriptions"); return }
            for row in rows {
                let fields = ["id", "status", "url", "rule"].map { row[$0] as? String ?? "-" }
                print(fields.joined(separator: "  "))
            }
        }
    }

    struct Remove: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Delete a subscription; its pending deliveries are cancelled.")
        @OptionGroup var api: APIOptions
        @Argument(help: "Subscription id.") var id: String

        func run() async throws {
            let encoded = id.addingPercentEncoding(withAllowedCharacters: .urlPathAllowed) ?? id
            let (status, data) = try await api.call("DELETE", "/subscriptions/\(encoded)")
            guard status == 204 else { throw api.fail(status, data) }
            print("removed \(id)")
        }
    }
}
