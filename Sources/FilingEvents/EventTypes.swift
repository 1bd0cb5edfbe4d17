/// CloudEvent `type` values. A breaking change to a payload gets a new version suffix.
public enum EventTypes {
    public static let filingIngested = "filings.ingested.v1"
    public static let filingParsed = "filings.parsed.v1"
    public static let metricsComputed = "metrics.computed.v1"
}

/// CloudEvent `source` values, one per producing service.
public enum EventSources {
    public static let ingest = "/filings/ingest"
    public static let parse = "/filings/parse"
    public static let metrics = "/filings/metrics"
}
