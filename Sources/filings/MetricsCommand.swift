import ArgumentParser
import Foundation

struct MetricsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "metrics",
        abstract: "Query a company's metrics from the metrics service.",
        discussion: "COMPANY is a CIK or a company key (e.g. file-0-27460 for filings without a CIK). Use `filings metrics --companies` to list them.")

    @Argument(help: "CIK or company key.") var company: String?
    @Option(help: "Only this metric (e.g. revenue, gross_margin, revenue_growth_yoy).") var name: String?
    @Option(help: "Only periods ending on or after this date (yyyy-mm-dd).") var from: String?
    @Option(help: "Only periods ending on or before this date (yyyy-mm-dd).") var to: String?
    @Option(help: "Only this period kind: quarter, ytd, year, instant.") var kind: String?
    @Flag(help: "CSV instead of a table.") var csv = false
    @Flag(help: "List the companies instead.") var companies = false
    @Option(help: "Base URL of the metrics service (default METRICS_URL or http://127.0.0.1:8083).") var url: String?

    func run() async throws {
        let base = url ?? ProcessInfo.processInfo.environment["METRICS_URL"] ?? "http://127.0.0.1:8083"
        if companies {
            return try printCompanies(try await get(base + "/companies"))
        }
        guard let company else { throw ValidationError("give a CIK or company key, or --companies") }
        var components = URLComponents(string: base + "/companies/\(company)/metrics")!
        components.queryItems = [("name", name), ("from", from), ("to", to), ("kind", kind), ("format", csv ? "csv" : nil)]
            .compactMap { key, value in value.map { URLQueryItem(name: key, value: $0) } }
        let body = try await get(components.url!.absoluteString)
        if csv {
            FileHandle.standardOutput.write(body)
            return
        }
        guard let object = try JSONSerialization.jsonObject(with: body) as? [String: Any],
              let metrics = object["metrics"] as? [[String: Any]] else { throw CLIError("unexpected answer from \(base)") }
        print("period".padding(toLength: 24, withPad: " ", startingAt: 0) + "kind     " + "metric".padding(toLength: 26, withPad: " ", startingAt: 0) + "value")
        for metric in metrics {
            let period = metric["period"] as? [String: Any] ?? [:]
            let span = (period["instant"] as? String) ?? "\(period["start"] as? String ?? "?")..\(period["end"] as? String ?? "?")"
            let value = metric["value"] as? Double ?? .nan
            let shown = Subscribe.formatMetric(value, unit: metric["unit"] as? String ?? "") + ((metric["derived"] as? Bool) == true ? " (derived)" : "")
            print(span.padding(toLength: 24, withPad: " ", startingAt: 0)
                  + (metric["period_kind"] as? String ?? "").padding(toLength: 9, withPad: " ", startingAt: 0)
                  + (metric["name"] as? String ?? "").padding(toLength: 26, withPad: " ", startingAt: 0) + shown)
        }
    }

    /// The companies as a table: key, CIK, name, filings, latest period end.
    private func printCompanies(_ body: Data) throws {
        guard let companies = try? JSONSerialization.jsonObject(with: body) as? [[String: Any]] else {
            throw CLIError("unexpected answer from the metrics service")
        }
        let rows = companies.map { c in
            [c["company_key"] as? String ?? "", c["cik"] as? String ?? "", c["name"] as? String ?? "",
             (c["filings"] as? Int).map(String.init) ?? "", c["latest_period_end"] as? String ?? ""]
        }
        let header = ["company", "cik", "name", "filings", "latest period"]
        let widths = header.indices.map { i in ([header] + rows).map { $0[i].count }.max() ?? 0 }
        for row in [header] + rows {
            print(row.enumerated().map { $1.padding(toLength: widths[$0], withPad: " ", startingAt: 0) }.joined(separator: "  "))
        }
        if rows.isEmpty { print("(no companies yet)") }
    }

    /// Scheme, host and port of a URL, for messages.
    private func base(_ url: String) -> String {
        guard let c = URLComponents(string: url), let host = c.host else { return url }
        return "\(c.scheme ?? "http")://\(host)" + (c.port.map { ":\($0)" } ?? "")
    }

    private func get(_ url: String) async throws -> Data {
        let answer: (status: Int, body: Data)
        do {
            var headers: [(String, String)] = []
            if let token = ProcessInfo.processInfo.environment["METRICS_API_TOKEN"], !token.isEmpty {
                headers.append(("Authorization", "Bearer \(token)"))
            }
            answer = try await httpCall("GET", url, headers: headers)
        } catch {
            throw CLIError("cannot reach the metrics service at \(base(url)) (is it running? --url or METRICS_URL)")
        }
        let (status, data) = answer
        guard status == 200 else {
            let reason = (try? JSONSerialization.jsonObject(with: data) as? [String: Any])?["reason"] as? String
            throw CLIError("\(url): HTTP \(status)\(reason.map { ": \($0)" } ?? "")")
        }
        return data
    }
}
