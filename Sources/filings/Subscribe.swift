import ArgumentParser
import FilingEvents
import FilingsCore
import Foundation
import KafkaKit
import Logging

struct Subscribe: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Print the events of a topic as JSON lines (CloudEvent attributes plus data).",
        discussion: "Reads as a throw-away consumer group and never commits. Exits 0 after --count events; exits 1 when --timeout passes first.")

    @Argument(help: "Topic, e.g. metrics.computed (TOPIC_PREFIX is added).") var topic: String
    @Flag(help: "Start from the oldest retained event instead of new ones.") var fromBeginning = false
    @Option(help: "Stop after this many events.") var count: Int?
    @Option(help: "Give up after this many seconds.") var timeout: Double?
    @Option(help: "json (one JSON line per event) or text (one readable line per event).") var format: OutputFormat = .json
    @Option(help: "Only events of this company (CIK, leading zeros ignored, or company key); repeatable.") var cik: [String] = []
    @Option(help: "Only events carrying this metric (e.g. revenue_growth_yoy); repeatable. Text lines then show only these.")
    var metric: [String] = []

    enum OutputFormat: String, ExpressibleByArgument { case json, text }

    func run() async throws {
        let environment = ProcessInfo.processInfo.environment
        let topics = Topics(prefix: environment["TOPIC_PREFIX"] ?? "")
        var config = ServiceSettings.kafkaPassThrough(environment)
        config["bootstrap.servers"] = try ServiceSettings.bootstrapServers(environment)
        config["group.id"] = "filings-subscribe-\(UUID().uuidString.prefix(8))"
        config["auto.offset.reset"] = fromBeginning ? "earliest" : "latest"
        config["enable.auto.commit"] = "false"
        var logger = Logger(label: "filings.subscribe")
        logger.logLevel = .error
        let consumer = try KafkaConsumer(config: config, topics: [topics.resolve(topic)], logger: logger)
        let limit = count, format = self.format, filter = EventFilter(ciks: cik, metrics: metric)
        let reader = Task { () -> Int in
            var seen = 0
            var lines = EventLine()
            for try await message in consumer.messages {
                guard filter.accepts(message) else { continue }
                let line = format == .json ? lines.json(message) ?? EventLine.foundation(message) : Self.textLine(message, metrics: filter.metrics)
                FileHandle.standardOutput.write(Data((line + "\n").utf8))
                seen += 1
                if let limit, seen >= limit { break }
            }
            return seen
        }
        var timer: Task<Void, Never>?
        if let timeout {
            timer = Task {
                try? await Task.sleep(for: .seconds(timeout))
                reader.cancel()
            }
        }
        let seen = try await reader.value
        timer?.cancel()
        await consumer.close(timeout: .seconds(5))
        if let limit, seen < limit {
            printError("error: timed out after \(timeout ?? 0) s with \(seen) of \(limit) events from \(topics.resolve(topic))")
            throw ExitCode(1)
        }
    }

}

extension Subscribe {
    /// A readable line: for metric events the company, period and metrics; else type and subject.
    /// The main period's headline metrics (or those asked for), then guidance positions:
    /// `Company 2003-07-01..2003-09-30: revenue 13,060,000, ... | guidance revenue within, ...`.
    static func textLine(_ message: KafkaMessage, metrics only: [String] = []) -> String {
        let type = message.headers.string("ce_type") ?? "?"
        let subject = message.headers.string("ce_subject") ?? "-"
        guard let object = try? JSONSerialization.jsonObject(with: Data(message.value)) as? [String: Any],
              let metrics = object["metrics"] as? [[String: Any]] else {
            return "\(type) \(subject) \(message.topic)[\(message.partition)]@\(message.offset)"
        }
        let company = object["company"] as? String ?? object["company_key"] as? String ?? "?"
        let period = object["period"] as? [String: Any]
        let span = [period?["start"] as? String, period?["end"] as? String].compactMap { $0 }.joined(separator: "..")
        let headline = ["revenue", "gross_margin", "net_income", "eps_diluted", "revenue_growth_yoy", "revenue_growth_qoq"]
        let mainPeriod = metrics.filter { ($0["period"] as? [String: String]).map { $0["start"] == period?["start"] as? String && $0["end"] == period?["end"] as? String } ?? false }
        let values = (only.isEmpty ? headline : only).compactMap { wanted -> String? in
            guard let metric = (mainPeriod.first { $0["name"] as? String == wanted } ?? (only.isEmpty ? nil : metrics.first { $0["name"] as? String == wanted })),
                  let value = metric["value"] as? Double else { return nil }
            return "\(wanted) \(formatMetric(value, unit: metric["unit"] as? String ?? ""))"
        }
        let guidance = (object["guidance"] as? [[String: Any]] ?? []).compactMap { g -> String? in
            guard let metric = g["metric"] as? String, let position = g["position"] as? String else { return nil }
            return "\(metric) \(position)"
        }
        let kind = object["kind"] as? String == "update" ? " (update)" : ""
        return "\(company) \(span)\(kind): \(values.joined(separator: ", "))"
            + (guidance.isEmpty ? "" : " | guidance " + guidance.joined(separator: ", "))
    }

    static func formatMetric(_ value: Double, unit: String) -> String {
        switch unit {
        case "pure": return String(format: "%+.1f%%", value * 100)
        case "USD/share": return String(format: "%.2f", value)
        default:
            let formatter = NumberFormatter()
            formatter.numberStyle = .decimal
            formatter.maximumFractionDigits = 0
            return formatter.string(from: NSNumber(value: value)) ?? String(value)
        }
    }
}

/// `--cik` and `--metric`: which events `subscribe` prints (all when both are empty).
struct EventFilter: Sendable {
    var ciks: [String]
    var metrics: [String]

    func accepts(_ message: KafkaMessage) -> Bool {
        if ciks.isEmpty && metrics.isEmpty { return true }
        guard let object = try? JSONSerialization.jsonObject(with: Data(message.value)) as? [String: Any] else { return false }
        if !ciks.isEmpty {
            let keys = [object["cik"] as? String, object["company_key"] as? String, message.keyString].compactMap { $0 }
            guard keys.contains(where: { key in ciks.contains { Self.sameCIK($0, key) } }) else { return false }
        }
        if !metrics.isEmpty {
            let names = (object["metrics"] as? [[String: Any]] ?? []).compactMap { $0["name"] as? String }
            guard names.contains(where: { metrics.contains($0) }) else { return false }
        }
        return true
    }

    static func sameCIK(_ a: String, _ b: String) -> Bool {
        func trim(_ s: String) -> Substring { s.drop { $0 == "0" } }
        return a == b || (a.allSatisfy(\.isNumber) && b.allSatisfy(\.isNumber) && trim(a) == trim(b))
    }
}
