/// The HELP text of every metric the services record through swift-metrics (whose Prometheus
/// backend emits TYPE but no HELP). `/metrics` adds the line before each family's TYPE line;
/// MetricHelpTests fails when a metric in Sources has no entry here.
public enum MetricHelp {
    public static let texts: [String: String] = [
        "filings_messages_processed_total": "Records a consumer loop handled and committed, by stage.",
        "filings_messages_dead_lettered_total": "Records a consumer loop sent to <topic>.dlq after retries, by stage.",
        "filings_messages_quarantined_total": "Records the broker refused even on <topic>.dlq, kept whole in the store's quarantine table (a pointer record went to the DLQ), by stage.",
        "filings_handler_duration_seconds": "Time a stage's handler took per record, in seconds.",
        "filings_outbox_published_total": "Outbox rows the relay published to Kafka.",
        "filings_outbox_dead_total": "Outbox rows the relay gave up on (published to the dead-letter topic).",
        "filings_ingest_skipped_total": "Filings ingest did not emit (duplicates and rejections), by reason and source.",
        "notify_delivery_attempts_total": "Webhook delivery attempts notify made.",
        "notify_deliveries_total": "Webhook deliveries that reached a final or retry state, by status.",
    ]

    /// `text` (the exposition format) with `# HELP` added before every `# TYPE` line of a family
    /// that has none.
    public static func annotate(_ text: String) -> String {
        var out = ""
        out.reserveCapacity(text.utf8.count + 1024)
        var helped = Set<Substring>()
        for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
            if line.hasPrefix("# HELP ") {
                helped.insert(line.dropFirst(7).prefix { $0 != " " })
            } else if line.hasPrefix("# TYPE ") {
                let name = line.dropFirst(7).prefix { $0 != " " }
                if !helped.contains(name), let help = texts[String(name)] { out += "# HELP \(name) \(help)\n" }
            }
            out += line
            out += "\n"
        }
        return String(out.dropLast())
    }
}
