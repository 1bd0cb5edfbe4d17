import Synchronization

/// Gauges read when Prometheus scrapes `/metrics` (outbox backlog, consumer lag, pending
/// deliveries, build info): each family is a name, a help text and a function returning its
/// samples now, rendered in the text exposition format after the registry's metrics.
public final class ScrapeGauges: Sendable {
    public struct Sample: Sendable {
        public var labels: [(String, String)]
        public var value: Double
        public init(_ labels: [(String, String)] = [], _ value: Double) {
            self.labels = labels
            self.value = value
        }
    }

    public typealias Collect = @Sendable () async -> [Sample]

    struct Family: Sendable {
        var name: String
        var help: String
        var collect: Collect
    }

    private let families = Mutex<[Family]>([])

    public init() {}

    /// Adds the gauge `name`; `collect` runs on every scrape (keep it cheap).
    public func add(_ name: String, help: String, collect: @escaping Collect) {
        families.withLock { $0.append(Family(name: name, help: help, collect: collect)) }
    }

    /// Every family's HELP, TYPE and samples; a family with no samples is left out.
    public func render() async -> String {
        var text = ""
        for family in families.withLock({ $0 }) {
            let samples = await family.collect()
            guard !samples.isEmpty else { continue }
            text += "# HELP \(family.name) \(family.help)\n# TYPE \(family.name) gauge\n"
            for sample in samples {
                let labels = sample.labels.map { "\($0.0)=\"\(Self.escape($0.1))\"" }.joined(separator: ",")
                text += family.name + (labels.isEmpty ? "" : "{\(labels)}") + " \(Self.format(sample.value))\n"
            }
        }
        return text
    }

    static func escape(_ value: String) -> String {
        value.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"")
            .replacingOccurrences(of: "\n", with: "\\n")
    }

    static func format(_ value: Double) -> String {
        value == value.rounded() && abs(value) < 1e15 ? String(Int64(value)) : "\(value)"
    }
}
