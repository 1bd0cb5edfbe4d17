import FilingsCore
import GRDB

/// The metrics service: `filings.parsed` in, each company's history and metrics in
/// `metrics.sqlite`, `metrics.computed` out, and the query API (see docs/metrics-api.yaml).
public enum MetricsService {
    public static func build(_ runtime: ServiceRuntime) throws {
        let handler = MetricsHandler(store: runtime.store, topics: runtime.settings.topics, logger: runtime.logger)
        let relay = runtime.relay
        // Replicas: a partition's company state is restored before its first record and written to
        // the changelog before the offsets of a batch of records are stored (MetricsReplica, MetricsChangelog).
        let replica = try MetricsReplica(store: runtime.store, producer: runtime.producer, kafka: runtime.settings.kafka,
                                         topics: runtime.settings.topics, logger: runtime.logger)
        // One store transaction per batch of records, a savepoint per record: a record that fails
        // is dead-lettered alone. The loop stores the batch's offsets only after this step returned
        // (the batch committed) and its changelog records were acknowledged, which it waits for
        // after handling the next batch.
        let batch = PendingBatch<MetricsHandler.Prepared>()
        let deadLetters = DeadLetters(producer: runtime.producer, store: runtime.store, topics: runtime.settings.topics,
                                      stage: "metrics", logger: runtime.logger)
        try runtime.consume(runtime.settings.topics.parsed, stage: "metrics", onRebalance: replica.observe, afterBatch: { messages in
            try await batch.commit { items in
                for (item, error) in try await handler.commit(items) {
                    runtime.logger.warning("record cannot be processed; sending to dead-letter topic", metadata: [
                        "record": "\(item.message.topic)[\(item.message.partition)]@\(item.message.offset)", "error": "\(error)"])
                    try await deadLetters.send(item.message, error: error)
                }
            }
            relay.wake()
            return try await replica.produceChangelog(of: messages)
        }) { message in
            try await replica.handleLeavingChangelog(message) { message in batch.add(try handler.prepare(message)) }
        }
        // The query API (every route added from here on) behind METRICS_API_TOKEN; open when unset.
        OpenAPIRoute.add(to: runtime.router, document: MetricsAPIDocument.yaml)
        // METRICS_API_TOKEN, when set, guards every route added after this line: the query API and the pages.
        runtime.router.add(middleware: BearerAuth(runtime.settings, setting: "METRICS_API_TOKEN", whenUnset: .open).middleware)
        MetricsQueries(store: runtime.store).addRoutes(to: runtime.router)
        PageRoutes(store: runtime.store).addRoutes(to: runtime.router)
    }

    public static func migrations(_ migrator: inout DatabaseMigrator) {
        MetricsStore.migrations(&migrator)
        MetricsChangelog.migrations(&migrator)
    }
}
