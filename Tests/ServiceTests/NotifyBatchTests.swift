import FilingsCore
import GRDB
import KafkaKit
import MetricsService
import NotifyService
import Synchronization
import Testing

/// Notify records a batch of metric events in one transaction, with the same effects as one at a
/// time: nothing before the commit, each event once however often it comes, and rules that depend
/// on an earlier event of the same batch (growth over the previous period) see it.
struct NotifyBatchTests {
    @Test func aBatchHasTheEffectsOfItsEventsOneByOneAndEachOnlyOnce() async throws {
        let chain = PipelineHandlerTests()
        let metricsStore = try Store.inMemory(migrations: MetricsService.migrations)
        let metrics = MetricsHandler(store: metricsStore, topics: Topics(), logger: quietLogger)
        for message in try await chain.parsed(PipelineHandlerTests.samples) { try await metrics.handle(message) }
        let events = try await outboxMessages(metricsStore)
        try #require(events.count == 3)

        // One at a time, the reference.
        let single = try Store.inMemory(migrations: NotifyService.migrations)
        try await subscribe(single, url: "http://127.0.0.1:9/hook", rule: "revenue > 13000000")
        for message in events { try await NotifyHandler(store: single, logger: quietLogger).handle(message) }

        let batched = try Store.inMemory(migrations: NotifyService.migrations)
        try await subscribe(batched, url: "http://127.0.0.1:9/hook", rule: "revenue > 13000000")
        let wakeUps = Atomic<Int>(0)
        let handler = NotifyHandler(store: batched, logger: quietLogger, onDeliveries: { wakeUps.add(1, ordering: .relaxed) })
        // Prepared, then the process dies before the commit: nothing is recorded.
        _ = try events.map { try handler.prepare($0) }
        #expect(try await count(batched, "SELECT COUNT(*) FROM metric_events") == 0)
        // Read again, with the first event twice, committed as one batch; then read again after the commit.
        let batch = PendingBatch<NotifyHandler.Prepared>()
        for message in [events[0]] + events { batch.add(try handler.prepare(message)) }
        try await batch.commit(handler.commit)
        try await handler.commit(try events.map { try handler.prepare($0) })

        for table in ["metric_events", "metric_history", "rule_matches", "deliveries"] {
            let expected = try await count(single, "SELECT COUNT(*) FROM \(table)")
            #expect(try await count(batched, "SELECT COUNT(*) FROM \(table)") == expected, "\(table)")
        }
        #expect(try await count(batched, "SELECT COUNT(*) FROM deliveries") == 2, "Q3 and Q4 2003 (revenue 13.06 and 13.26 million) match, each its own period")
        #expect(wakeUps.load(ordering: .relaxed) == 1, "the worker is woken once for the batch")
    }
}
