import KafkaKit

/// The settings each pipeline topic is created with (`filings topics create`), the same as
/// deploy/k8s/base/topics.yaml and docs/operations.md "Topics": time retention, 7 days for the
/// pipeline topics and 30 for dead-letter topics; raw filings (`filings.submitted` and its
/// dead-letter twin) allow records up to 6 MiB, every other topic keeps the broker's default.
/// The metrics changelog is compacted (the latest record per key is kept for ever) and must have
/// as many partitions as `filings.parsed`: its partition p restores the state of that partition.
extension Topics {
    public static let pipelineRetentionMs = 7 * 24 * 3600 * 1000
    public static let deadLetterRetentionMs = 30 * 24 * 3600 * 1000
    public static let rawFilingMaxMessageBytes = 6_291_456

    /// Every topic of `all` with its partitions, replication factor and topic-level settings.
    public func specs(partitions: Int32, replicationFactor: Int32) -> [TopicSpec] {
        let deadLetters = Set(consumed.map(deadLetter(of:)) + [notificationsDLQ])
        let rawFilings: Set = [submitted, deadLetter(of: submitted)]
        return all.map { name in
            if name == metricsChangelog {
                return TopicSpec(name: name, partitions: partitions, replicationFactor: replicationFactor,
                                 configs: ["cleanup.policy": "compact"])
            }
            var configs = ["cleanup.policy": "delete"]
            configs["retention.ms"] = String(deadLetters.contains(name) ? Self.deadLetterRetentionMs : Self.pipelineRetentionMs)
            if rawFilings.contains(name) { configs["max.message.bytes"] = String(Self.rawFilingMaxMessageBytes) }
            return TopicSpec(name: name, partitions: partitions, replicationFactor: replicationFactor, configs: configs)
        }
    }
}
