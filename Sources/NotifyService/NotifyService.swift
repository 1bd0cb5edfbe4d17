import FilingEvents
import FilingsCore
import Foundation
import GRDB
import KafkaKit
import Logging

/// The notify service: subscriptions (rules over `metrics.computed` events) and their delivery as
/// signed webhooks. See docs/notify.md.
public enum NotifyService {
    public static func build(_ runtime: ServiceRuntime) throws {
        try build(runtime, settings: NotifySettings(runtime.settings))
    }

    /// The same with explicit settings, clock and transport (tests).
    public static func build(_ runtime: ServiceRuntime, settings: NotifySettings, clock: any DeliveryClock = SystemDeliveryClock(),
                             transport: (any WebhookTransport)? = nil) throws {
        let policy = TargetPolicy(allowance: settings.targets)
        if let file = settings.subscriptionsFile {
            let loaded = try SubscriptionStore.loadFile(file, store: runtime.store, policy: policy)
            runtime.logger.info("subscriptions loaded", metadata: ["file": "\(file)", "count": "\(loaded.count)"])
        }
        if settings.apiToken == nil {
            runtime.logger.warning("NOTIFY_API_TOKEN is not set: the subscription API answers 401")
        }
        let relay = runtime.relay
        let worker = DeliveryWorker(store: runtime.store, topics: runtime.settings.topics, settings: settings, policy: policy,
                                    transport: transport ?? HTTPClientTransport(timeout: settings.timeout), clock: clock,
                                    logger: runtime.logger.child("delivery"), onOutbox: { relay.wake() })
        let handler = NotifyHandler(store: runtime.store, logger: runtime.logger, clock: clock, schedule: settings.schedule,
                                    onDeliveries: { worker.wake() })
        // One store transaction per batch of records: the loop stores the batch's offsets only
        // after `commit` returned.
        let batch = PendingBatch<NotifyHandler.Prepared>()
        try runtime.consume(runtime.settings.topics.metricsComputed, stage: "notify", afterBatch: { _ in
            try await batch.commit(handler.commit)
            return nil
        }) { message in
            batch.add(try handler.prepare(message))
        }
        runtime.addService(worker)
        NotifyRoutes.add(to: runtime.router, store: runtime.store, apiToken: settings.apiToken, policy: policy,
                         logger: runtime.logger)
        OpenAPIRoute.add(to: runtime.router, document: NotifyAPIDocument.yaml)
        let store = runtime.store
        runtime.gauges.add("notify_deliveries_by_status",
                           help: "Webhook deliveries in notify's store by status: pending (waiting for an attempt), dead (gave up), succeeded, failed, cancelled.") {
            guard let counts = try? await store.writer.read({ db in try DeliveryStore.countsByStatus(db) }) else { return [] }
            return counts.map { ScrapeGauges.Sample([("status", $0.key)], Double($0.value)) }
        }
    }

    public static func migrations(_ migrator: inout DatabaseMigrator) {
        migrator.registerMigration("notify-v1") { db in
            try db.create(table: "metric_events") { t in
                t.primaryKey("event_id", .text)
                t.column("company_key", .text).notNull()
                t.column("filing_id", .text).notNull()
                t.column("period_end", .text)
                t.column("payload", .blob).notNull()
                t.column("received_at", .datetime).notNull()
            }
        }
        migrator.registerMigration("notify-v2-webhooks") { db in
            try db.create(table: "subscriptions") { t in
                t.primaryKey("id", .text)
                t.column("url", .text).notNull()
                t.column("secret", .text).notNull()
                t.column("rule", .text).notNull()
                t.column("description", .text)
                t.column("status", .text).notNull().defaults(to: "active")
                t.column("disabled_reason", .text)
                t.column("origin", .text).notNull()
                t.column("created_at", .datetime).notNull()
            }
            try db.create(table: "rule_matches") { t in
                t.column("subscription_id", .text).notNull()
                t.column("company_key", .text).notNull()
                t.column("period_key", .text).notNull()
                t.column("matched", .boolean).notNull()
                t.column("event_id", .text).notNull()
                t.column("updated_at", .datetime).notNull()
                t.primaryKey(["subscription_id", "company_key", "period_key"])
            }
            try db.create(table: "metric_history") { t in
                t.column("company_key", .text).notNull()
                t.column("name", .text).notNull()
                t.column("period_start", .text).notNull()
                t.column("period_end", .text).notNull()
                t.column("length_days", .integer)
                t.column("value", .double).notNull()
                t.primaryKey(["company_key", "name", "period_start", "period_end"])
            }
            // Times as seconds since the epoch (REAL), from the worker's clock.
            try db.create(table: "deliveries") { t in
                t.primaryKey("id", .text)
                t.column("subscription_id", .text).notNull()
                t.column("event_id", .text).notNull()
                t.column("filing_id", .text).notNull()
                t.column("company_key", .text).notNull()
                t.column("body", .blob).notNull()
                t.column("status", .text).notNull()
                t.column("attempts", .integer).notNull().defaults(to: 0)
                t.column("next_attempt_at", .double)
                t.column("last_status_code", .integer)
                t.column("last_error", .text)
                t.column("created_at", .double).notNull()
                t.column("finished_at", .double)
                t.uniqueKey(["event_id", "subscription_id"])
            }
            try db.create(index: "deliveries_due", on: "deliveries", columns: ["status", "next_attempt_at"])
            try db.create(index: "deliveries_subscription", on: "deliveries", columns: ["subscription_id", "status"])
            try db.create(table: "delivery_attempts") { t in
                t.column("delivery_id", .text).notNull()
                t.column("attempt", .integer).notNull()
                t.column("attempted_at", .double).notNull()
                t.column("status_code", .integer)
                t.column("error", .text)
                t.primaryKey(["delivery_id", "attempt"])
            }
        }
    }
}
