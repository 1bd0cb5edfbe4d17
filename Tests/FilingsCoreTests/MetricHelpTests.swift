@testable import FilingsCore
import Foundation
import Testing

/// Every metric the sources record has a HELP text, and `/metrics` text gets it; scrape-time
/// gauges render as valid exposition lines.
struct MetricHelpTests {
    /// The names passed as `label:` to swift-metrics' Counter, Timer, Gauge, Recorder and Meter in Sources/.
    static func recordedMetricNames() throws -> Set<String> {
        let sources = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("Sources")
        let pattern = try NSRegularExpression(pattern: #"\b(?:Counter|Timer|Gauge|Recorder|Meter|FloatingPointCounter)\(label: "([a-z_:][a-z0-9_:]*)""#)
        var names = Set<String>()
        let files = FileManager.default.enumerator(at: sources, includingPropertiesForKeys: nil)!
        for case let url as URL in files where url.pathExtension == "swift" {
            let text = try String(contentsOf: url, encoding: .utf8)
            for match in pattern.matches(in: text, range: NSRange(text.startIndex..., in: text)) {
                names.insert(String(text[Range(match.range(at: 1), in: text)!]))
            }
        }
        return names
    }

    @Test func everyRecordedMetricHasAHelpText() throws {
        let names = try Self.recordedMetricNames()
        #expect(names.contains("filings_messages_processed_total") && names.count >= 8, "the scan finds the metrics: \(names.sorted())")
        let missing = names.subtracting(MetricHelp.texts.keys)
        #expect(missing.isEmpty, "add a HELP text to MetricHelp.texts for: \(missing.sorted())")
    }

    @Test func annotateAddsHelpBeforeTypeOnce() {
        let text = """
            # TYPE filings_outbox_published_total counter
            filings_outbox_published_total 3
            # HELP filings_outbox_dead_total Already described.
            # TYPE filings_outbox_dead_total counter
            filings_outbox_dead_total 0

            """
        #expect(MetricHelp.annotate(text) == """
            # HELP filings_outbox_published_total Outbox rows the relay published to Kafka.
            # TYPE filings_outbox_published_total counter
            filings_outbox_published_total 3
            # HELP filings_outbox_dead_total Already described.
            # TYPE filings_outbox_dead_total counter
            filings_outbox_dead_total 0

            """)
    }

    @Test func scrapeGaugesRenderHelpTypeAndEscapedLabels() async {
        let gauges = ScrapeGauges()
        gauges.add("x_lag", help: "Lag.") { [ScrapeGauges.Sample([("topic", "a\"b"), ("partition", "0")], 7)] }
        gauges.add("x_empty", help: "Nothing yet.") { [] }
        gauges.add("x_ratio", help: "A ratio.") { [ScrapeGauges.Sample([], 0.25)] }
        #expect(await gauges.render() == """
            # HELP x_lag Lag.
            # TYPE x_lag gauge
            x_lag{topic="a\\"b",partition="0"} 7
            # HELP x_ratio A ratio.
            # TYPE x_ratio gauge
            x_ratio 0.25

            """)
    }
}
