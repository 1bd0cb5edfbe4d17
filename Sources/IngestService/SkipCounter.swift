import Metrics

/// `filings_ingest_skipped_total{reason, source}`: every filing ingest did not emit, by reason
/// (`duplicate`, `form`, `items`, `empty`, `too_large`, `event_too_large`, `binary`, ...).
struct SkipCounter: Sendable {
    let factory: (any MetricsFactory)?

    func count(_ reason: String, source: String) {
        let dimensions = [("reason", reason), ("source", source)]
        if let factory {
            Counter(label: "filings_ingest_skipped_total", dimensions: dimensions, factory: factory).increment()
        } else {
            Counter(label: "filings_ingest_skipped_total", dimensions: dimensions).increment()
        }
    }
}
