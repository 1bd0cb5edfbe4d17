import FilingEvents
import FilingMetrics
import FilingParser
import FilingsCore
import Foundation
import GRDB
import KafkaKit
import Logging
import Synchronization

/// Handles one `metrics.computed` event: records it once, evaluates every active subscription's
/// rule, and queues a delivery for each rule that starts to match, all in one transaction (the
/// deliveries are the outbox of this handler: a crash either keeps all of it or none).
///
/// A rule fires at most once per company and period: a later event for the same period notifies
/// again only when the rule stopped matching in between.
public struct NotifyHandler: Sendable {
    let store: Store
    let logger: Logger
    let clock: any DeliveryClock
    let schedule: RetrySchedule
    let onDeliveries: @Sendable () -> Void
    let rules = RuleCache()

    public init(store: Store, logger: Logger, clock: any DeliveryClock = SystemDeliveryClock(),
                schedule: RetrySchedule = .standard, onDeliveries: @escaping @Sendable () -> Void = {}) {
        self.store = store
        self.logger = logger
        self.clock = clock
        self.schedule = schedule
        self.onDeliveries = onDeliveries
    }

    /// A `metrics.computed` event decoded, waiting for `commit`.
    public struct Prepared: Sendable {
        let event: CloudEvent
        let metrics: MetricEvent
    }

    /// Handles one event to completion: `prepare`, then `commit` of it alone.
    public func handle(_ message: KafkaMessage) async throws {
        try await commit([try prepare(message)])
    }

    /// Reads the event of `message`; a record that is not a readable `metrics.computed` event is a
    /// permanent failure.
    public func prepare(_ message: KafkaMessage) throws -> Prepared {
        let event = try CloudEvent(message: message)
        guard event.type == EventTypes.metricsComputed else {
            throw CloudEventError.unexpectedType(expected: EventTypes.metricsComputed, got: event.type)
        }
        do { return Prepared(event: event, metrics: try MetricEvent(json: event.data)) } catch {
            throw CloudEventError.undecodableData(type: event.type, reason: "\(error)")
        }
    }

    /// Records `batch` in one transaction, each event in order as `record` does (an event seen
    /// before has no effect), then logs them and wakes the delivery worker once if any delivery
    /// was queued.
    public func commit(_ batch: [Prepared]) async throws {
        guard !batch.isEmpty else { return }
        let now = clock.now()
        let firstAttempt = now.addingTimeInterval(schedule.delays.first?.seconds ?? 0)
        let outcomes = try await store.writer.write { db in
            let subscriptions = try SubscriptionStore.active(db)  // once per transaction: none changes during it
            return try batch.map { try record(db, $0.event, $0.metrics, subscriptions, now: now, firstAttempt: firstAttempt) }
        }
        for (prepared, outcome) in zip(batch, outcomes) where outcome.isNew {
            let metrics = prepared.metrics
            let summary = metrics.metrics.filter { $0.period == metrics.period }.map { "\($0.name)=\($0.value)" }.joined(separator: " ")
            logger.info("metric event", metadata: ["company": "\(metrics.company ?? metrics.companyKey)",
                                                   "period": "\(metrics.period?.end ?? "-")", "metrics": "\(summary)",
                                                   "deliveries": "\(outcome.queued.count)"])
            if !outcome.queued.isEmpty {
                logger.info("rule matched", metadata: ["event": "\(prepared.event.id)", "subscriptions": "\(outcome.queued.joined(separator: ","))"])
            }
        }
        if outcomes.contains(where: { !$0.queued.isEmpty }) { onDeliveries() }
    }

    /// Records one event inside the caller's transaction: nothing when it was recorded before, else
    /// its metric history, the subscriptions' match states and a delivery for each rule that
    /// starts to match.
    private func record(_ db: Database, _ event: CloudEvent, _ metricEvent: MetricEvent, _ subscriptions: [Subscription],
                        now: Date, firstAttempt: Date) throws -> (isNew: Bool, queued: [String]) {
        let metrics = metricEvent
        try db.cachedStatement(sql: """
            INSERT OR IGNORE INTO metric_events (event_id, company_key, filing_id, period_end, payload, received_at)
            VALUES (?, ?, ?, ?, ?, ?)
            """).execute(arguments: [event.id, metrics.companyKey, metrics.filingID, metrics.period?.end, Data(event.data), Date()])
        guard db.changesCount == 1 else { return (false, []) }
        var queued: [String] = []
        // The event as a JSON tree for the webhook bodies: decoded once, and only when a rule matched.
        var data: JSONValue?
        for subscription in subscriptions {
            guard let rule = rules.rule(subscription.rule) else { continue }
            let context = EventContext(event: metricEvent) { ref, metric in
                try? Self.previousValue(db, companyKey: metrics.companyKey, name: ref.name, period: metric.period)
            }
            let matched = rule.matches(context)
            let before = try Bool.fetchOne(db.cachedStatement(sql: """
                SELECT matched FROM rule_matches WHERE subscription_id = ? AND company_key = ? AND period_key = ?
                """), arguments: [subscription.id, metrics.companyKey, metricEvent.periodKey])
            try db.cachedStatement(sql: """
                INSERT INTO rule_matches (subscription_id, company_key, period_key, matched, event_id, updated_at)
                VALUES (?, ?, ?, ?, ?, ?)
                ON CONFLICT(subscription_id, company_key, period_key) DO UPDATE SET matched = excluded.matched,
                    event_id = excluded.event_id, updated_at = excluded.updated_at
                """).execute(arguments: [subscription.id, metrics.companyKey, metricEvent.periodKey, matched, event.id, Date()])
            guard matched && before != true else { continue }
            if data == nil { data = (try? JSONDecoder().decode(JSONValue.self, from: Data(event.data))) ?? .null }
            var values: [String: Double] = [:]
            for ref in rule.metricRefs { if let value = context.value(ref) { values[ref.description] = value } }
            let body = WebhookBody(
                type: "metrics.rule_matched", subscriptionID: subscription.id, rule: subscription.rule, values: values,
                matchedAt: JSONCoding.rfc3339.format(now),
                event: .init(id: event.id, source: event.source, type: event.type, subject: event.subject,
                             time: JSONCoding.rfc3339.format(event.time), data: data ?? .null))
            let id = Delivery.webhookID(eventID: event.id, subscriptionID: subscription.id)
            try db.cachedStatement(sql: """
                INSERT OR IGNORE INTO deliveries (id, subscription_id, event_id, filing_id, company_key, body, status, attempts,
                    next_attempt_at, created_at)
                VALUES (?, ?, ?, ?, ?, ?, 'pending', 0, ?, ?)
                """).execute(arguments: [id, subscription.id, event.id, metrics.filingID, metrics.companyKey,
                                 try JSONCoding.encoder.encode(body), firstAttempt.timeIntervalSince1970, now.timeIntervalSince1970])
            if db.changesCount == 1 { queued.append(subscription.id) }
        }
        try Self.recordHistory(db, metrics)
        return (true, queued)
    }

    /// The metric's value in the latest earlier period of about the same length.
    static func previousValue(_ db: Database, companyKey: String, name: String, period: Period) throws -> Double? {
        guard let end = period.end, let length = MetricEvent.lengthInDays(period) else { return nil }
        return try Double.fetchOne(db.cachedStatement(sql: """
            SELECT value FROM metric_history
            WHERE company_key = ? AND name = ? AND period_end < ? AND length_days BETWEEN ? AND ?
            ORDER BY period_end DESC LIMIT 1
            """), arguments: [companyKey, name, end, length - 12, length + 12])
    }

    static func recordHistory(_ db: Database, _ metrics: MetricEvent) throws {
        for metric in metrics.metrics {
            guard let end = metric.period.end ?? metric.period.instant else { continue }
            try db.cachedStatement(sql: """
                INSERT INTO metric_history (company_key, name, period_start, period_end, length_days, value)
                VALUES (?, ?, ?, ?, ?, ?)
                ON CONFLICT(company_key, name, period_start, period_end) DO UPDATE SET value = excluded.value
                """).execute(arguments: [metrics.companyKey, metric.name, metric.period.start ?? "", end,
                                 MetricEvent.lengthInDays(metric.period), metric.value])
        }
    }
}

/// Parsed rules by text (subscriptions are validated at creation; a rule that no longer parses is skipped).
final class RuleCache: Sendable {
    private let rules = Mutex<[String: Rule]>([:])

    func rule(_ text: String) -> Rule? {
        if let rule = rules.withLock({ $0[text] }) { return rule }
        guard let rule = try? RuleParser.parse(text) else { return nil }
        rules.withLock { $0[text] = rule }
        return rule
    }
}

