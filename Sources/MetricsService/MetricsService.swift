import FilingEvents
import FilingMetrics
import FilingParser
import FilingsCore
import Foundation
import GRDB
import KafkaKit
import Logging

/// The metrics service: `filings.parsed` in, company history in `metrics.sqlite`,
/// `metrics.computed` out.
public enum MetricsService {
    public static func build(_ runtime: ServiceRuntime) throws {
        let handler = MetricsHandler(store: runtime.store, topics: runtime.settings.topics, logger: runtime.logger)
        let relay = runtime.relay
        try runtime.consume(runtime.settings.topics.parsed, stage: "metrics") { message in
            try await handler.handle(message)
            relay.wake()
        }
    }

    public static func migrations(_ migrator: inout DatabaseMigrator) {
        migrator.registerMigration("metrics-v1") { db in
            try db.create(table: "facts") { t in
                t.autoIncrementedPrimaryKey("id")
                t.column("company_key", .text).notNull()
                t.column("filing_id", .text).notNull()
                t.column("concept", .text).notNull()
                t.column("period_start", .text)
                t.column("period_end", .text)
                t.column("period_instant", .text)
                t.column("value", .double).notNull()
                t.column("unit", .text).notNull()
            }
            try db.create(index: "facts_company", on: "facts", columns: ["company_key", "id"])
            try db.create(table: "metrics") { t in
                t.column("company_key", .text).notNull()
                t.column("name", .text).notNull()
                t.column("period_start", .text)
                t.column("period_end", .text).notNull()
                t.column("value", .double).notNull()
                t.column("unit", .text).notNull()
                t.column("filing_id", .text).notNull()
                t.column("computed_at", .datetime).notNull()
                t.primaryKey(["company_key", "name", "period_end", "period_start"])
            }
        }
    }
}

/// Stores one parsed filing's GAAP facts and computes the metrics of its main period.
public struct MetricsHandler: Sendable {
    let store: Store
    let topics: Topics
    let logger: Logger

    public init(store: Store, topics: Topics, logger: Logger) {
        self.store = store
        self.topics = topics
        self.logger = logger
    }

    public func handle(_ message: KafkaMessage) async throws {
        let event = try CloudEvent(message: message)
        guard event.type == EventTypes.filingParsed else {
            throw CloudEventError.unexpectedType(expected: EventTypes.filingParsed, got: event.type)
        }
        let parsed = try event.decode(FilingParsed.self)
        let topic = topics.metricsComputed
        let emitted = try await store.writer.write { db -> MetricsComputed? in
            guard try ProcessedEvents.claim(db, id: event.id) else { return nil }
            for fact in parsed.facts where fact.basis == "gaap" {
                try db.execute(sql: """
                    INSERT INTO facts (company_key, filing_id, concept, period_start, period_end, period_instant, value, unit)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?)
                    """, arguments: [parsed.companyKey, parsed.filingID, fact.concept, fact.period.start, fact.period.end,
                                     fact.period.instant, fact.value, fact.unit])
            }
            let period = MetricsCalculator.mainPeriod(of: parsed.facts)
            let metrics = try period.map { try MetricsCalculator.metrics(for: $0, history: Self.history(db, parsed.companyKey)) } ?? []
            for metric in metrics {
                try db.execute(sql: """
                    INSERT OR REPLACE INTO metrics (company_key, name, period_start, period_end, value, unit, filing_id, computed_at)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?)
                    """, arguments: [parsed.companyKey, metric.name, metric.period.start ?? "", metric.period.end ?? metric.period.instant,
                                     metric.value, metric.unit, parsed.filingID, Date()])
            }
            let header = parsed.header
            let payload = MetricsComputed(filingID: parsed.filingID, companyKey: parsed.companyKey, cik: header.cik,
                                          accession: header.accession, company: header.company, form: header.form,
                                          period: period, metrics: metrics)
            let out = try CloudEvent(
                id: CloudEvent.deterministicID(stage: "metrics", type: EventTypes.metricsComputed, subject: parsed.filingID),
                source: EventSources.metrics, type: EventTypes.metricsComputed, subject: parsed.filingID, payload: payload)
            try Outbox.enqueue(db, event: out, topic: topic, key: parsed.companyKey)
            return payload
        }
        if let emitted {
            logger.info("metrics computed", metadata: ["filing": "\(emitted.filingID)", "period": "\(emitted.period?.end ?? "-")",
                                                       "metrics": "\(emitted.metrics.count)"])
        }
    }

    /// Every stored fact of a company, oldest filing first.
    static func history(_ db: Database, _ companyKey: String) throws -> [HistoricalFact] {
        try Row.fetchAll(db, sql: """
            SELECT concept, value, unit, period_start, period_end, period_instant, filing_id
            FROM facts WHERE company_key = ? ORDER BY id
            """, arguments: [companyKey]).map { row in
            HistoricalFact(concept: row["concept"], value: row["value"], unit: row["unit"],
                           period: Period(start: row["period_start"], end: row["period_end"], instant: row["period_instant"]),
                           filingID: row["filing_id"])
        }
    }
}
