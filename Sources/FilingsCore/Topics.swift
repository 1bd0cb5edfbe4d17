/// The pipeline's topic names, all behind one configurable prefix (`TOPIC_PREFIX`).
public struct Topics: Sendable, Equatable {
    public var prefix: String

    public init(prefix: String = "") { self.prefix = prefix }

    /// Raw filings published by users (value = the filing's bytes).
    public var submitted: String { prefix + "filings.submitted" }
    /// Accepted, de-duplicated filings (`filings.ingested.v1`).
    public var ingested: String { prefix + "filings.ingested" }
    /// Parsed filings: header, statements, facts (`filings.parsed.v1`).
    public var parsed: String { prefix + "filings.parsed" }
    /// Metrics per filing and updates (`metrics.computed.v1`).
    public var metricsComputed: String { prefix + "metrics.computed" }
    /// The metrics service's state, one compacted record per key (`MetricsChangelog`): partition p
    /// holds the state of the companies whose `filings.parsed` records are on partition p.
    public var metricsChangelog: String { prefix + "metrics.changelog" }
    /// Webhook delivery outcomes.
    public var notificationsDelivered: String { prefix + "notifications.delivered" }
    /// Webhook deliveries that exhausted their retries.
    public var notificationsDLQ: String { prefix + "notifications.dlq" }

    /// The dead-letter topic of `topic`: where records that cannot be processed go.
    public func deadLetter(of topic: String) -> String { topic + ".dlq" }

    /// The topics a stage consumes from and whose failures get a DLQ.
    public var consumed: [String] { [submitted, ingested, parsed, metricsComputed] }

    /// Every topic the pipeline uses, dead-letter topics included.
    public var all: [String] {
        consumed + consumed.map(deadLetter(of:)) + [notificationsDelivered, notificationsDLQ, metricsChangelog]
    }

    /// A name given on the command line: used as is when it already carries the prefix.
    public func resolve(_ name: String) -> String {
        name.hasPrefix(prefix) ? name : prefix + name
    }
}
