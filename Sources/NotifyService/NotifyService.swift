import FilingEvents
import FilingsCore
import Foundation
import GRDB
import KafkaKit
import Logging

/// The notify service (skeleton): records each `metrics.computed` event in `notify.sqlite`
/// and logs it. Subscriptions and webhooks come next.
public enum NotifyService {
    public static func build(_ runtime: ServiceRuntime) throws {
        let handler = NotifyHandler(store: runtime.store, logger: runtime.logger)
        try runtime.consume(runtime.settings.topics.metricsComputed, stage: "notify") { message in
            try await handler.handle(message)
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
    }
}

/// Records one metric event, once.
public struct NotifyHandler: Sendable {
    let store: Store
    let logger: Logger

    public init(store: Store, logger: Logger) {
        self.store = store
        self.logger = logger
    }

    public func handle(_ message: KafkaMessage) async throws {
        let event = try CloudEvent(message: message)
        guard event.type == EventTypes.metricsComputed else {
            throw CloudEventError.unexpectedType(expected: EventTypes.metricsComputed, got: event.type)
        }
        let metrics = try event.decode(MetricsComputed.self)
        let isNew = try await store.writer.write { db -> Bool in
            try db.execute(sql: """
                INSERT OR IGNORE INTO metric_events (event_id, company_key, filing_id, period_end, payload, received_at)
                VALUES (?, ?, ?, ?, ?, ?)
                """, arguments: [event.id, metrics.companyKey, metrics.filingID, metrics.period?.end, Data(event.data), Date()])
            return db.changesCount == 1
        }
        if isNew {
            let summary = metrics.metrics.map { "\($0.name)=\($0.value)" }.joined(separator: " ")
            logger.info("metric event", metadata: ["company": "\(metrics.company ?? metrics.companyKey)",
                                                   "period": "\(metrics.period?.end ?? "-")", "metrics": "\(summary)"])
        }
    }
}
