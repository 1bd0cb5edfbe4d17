import FilingsCore
import Foundation
import GRDB
import Logging
import Metrics
import ServiceLifecycle
import Synchronization

/// Sends due deliveries as Standard Webhooks, records each attempt, and schedules the next one.
///
/// Per attempt: `webhook-id` (the delivery id, stable across attempts), `webhook-timestamp` (the
/// attempt's time), `webhook-signature` (`v1,` HMAC-SHA256 over `id.timestamp.body` with the
/// subscription's secret). 2xx: succeeded. 410: failed and the subscription disabled. 429, 408, 3xx,
/// 5xx, timeouts and connection errors: retried per the schedule (a longer `Retry-After` wins);
/// after the last attempt the delivery is `dead` and reported on `notifications.dlq`. Other 4xx:
/// failed, no retry. Final outcomes go to `notifications.delivered` through the outbox.
public final class DeliveryWorker: Service, Sendable {
    private let store: Store
    private let topics: Topics
    private let settings: NotifySettings
    private let policy: TargetPolicy
    private let transport: any WebhookTransport
    private let clock: any DeliveryClock
    private let logger: Logger
    private let onOutbox: @Sendable () -> Void
    private let pollInterval: Duration
    private let wakeUps: AsyncStream<Void>
    private let waker: AsyncStream<Void>.Continuation
    private let attemptsCounter = Counter(label: "notify_delivery_attempts_total")
    private let outcomes = Mutex<[String: Counter]>([:])

    public init(store: Store, topics: Topics, settings: NotifySettings, policy: TargetPolicy, transport: any WebhookTransport,
                clock: any DeliveryClock = SystemDeliveryClock(), logger: Logger, pollInterval: Duration = .seconds(1),
                onOutbox: @escaping @Sendable () -> Void = {}) {
        self.store = store
        self.topics = topics
        self.settings = settings
        self.policy = policy
        self.transport = transport
        self.clock = clock
        self.logger = logger
        self.pollInterval = pollInterval
        self.onOutbox = onOutbox
        (wakeUps, waker) = AsyncStream.makeStream(bufferingPolicy: .bufferingNewest(1))
    }

    /// Tells the worker new deliveries were committed.
    public func wake() { waker.yield() }

    public func run() async throws {
        let stop = StopFlag()
        await withGracefulShutdownHandler {
            var iterator = wakeUps.makeAsyncIterator()
            while !stop.isSet && !Task.isCancelled {
                if await deliverDue() > 0 { continue }
                let next = try? await store.writer.read { db in try DeliveryStore.nextDue(db) }
                if stop.isSet { break }
                let clock = self.clock, poll = pollInterval, waker = self.waker
                let timer = Task {
                    if let next {
                        await clock.sleep(until: next)
                    } else {
                        try? await Task.sleep(for: poll)
                    }
                    waker.yield()
                }
                _ = await iterator.next()
                timer.cancel()
            }
        } onGracefulShutdown: {
            stop.set()
            self.waker.yield()
        }
        await transport.shutdown()
        logger.info("delivery worker stopped")
    }

    /// Makes one attempt for every delivery due now (at most `concurrency` in flight); returns how many.
    @discardableResult
    public func deliverDue() async -> Int {
        let due: [DeliveryStore.Due]
        do {
            let now = clock.now()
            due = try await store.writer.read { db in try DeliveryStore.due(db, now: now, limit: self.settings.concurrency * 4) }
        } catch {
            logger.warning("cannot read due deliveries", metadata: ["error": "\(error)"])
            return 0
        }
        guard !due.isEmpty else { return 0 }
        await withTaskGroup(of: Void.self) { group in
            var inFlight = 0
            for delivery in due {
                if inFlight >= settings.concurrency {
                    await group.next()
                    inFlight -= 1
                }
                group.addTask { await self.attempt(delivery) }
                inFlight += 1
            }
        }
        return due.count
    }

    enum AttemptResult {
        case succeeded(Int)
        case failed(Int?, String)
        case gone
        case retryable(Int?, String, retryAfter: String?)
    }

    private func attempt(_ delivery: DeliveryStore.Due) async {
        let number = delivery.attempts + 1
        let started = clock.now()
        let result: AttemptResult
        do {
            let target = try await policy.check(delivery.url)
            let key = try WebhookSignature.key(fromSecret: delivery.secret)
            let timestamp = Int(started.timeIntervalSince1970)
            let headers = [
                ("content-type", "application/json"),
                ("user-agent", "filings-notify/1"),
                ("webhook-id", delivery.id),
                ("webhook-timestamp", String(timestamp)),
                ("webhook-signature", WebhookSignature.sign(id: delivery.id, timestamp: timestamp, body: delivery.body, key: key)),
            ]
            attemptsCounter.increment()
            do {
                let response = try await transport.post(url: delivery.url, target: target, headers: headers, body: delivery.body, timeout: settings.timeout)
                result = Self.classify(response)
            } catch {
                result = .retryable(nil, Self.describe(error), retryAfter: nil)
            }
        } catch let refusal as TargetPolicy.Refusal {
            result = .failed(nil, "target refused: \(refusal)")
        } catch {
            result = .failed(nil, "cannot sign: \(error)")
        }
        CrashPoint.afterDeliveryAttempt.reached()
        do {
            try await record(delivery, number: number, at: started, result: result)
        } catch {
            logger.error("cannot record delivery attempt", metadata: ["delivery": "\(delivery.id)", "error": "\(error)"])
        }
    }

    static func classify(_ response: WebhookResponse) -> AttemptResult {
        switch response.status {
        case 200..<300: .succeeded(response.status)
        case 410: .gone
        case 408, 429, 300..<400, 500..<600: .retryable(response.status, "HTTP \(response.status)", retryAfter: response.retryAfter)
        default: .failed(response.status, "HTTP \(response.status)")
        }
    }

    static func describe(_ error: any Error) -> String {
        let text = String(describing: error)
        return text.count > 300 ? String(text.prefix(300)) + "…" : text
    }

    private func record(_ delivery: DeliveryStore.Due, number: Int, at started: Date, result: AttemptResult) async throws {
        let now = clock.now()
        var outcome: (status: String, code: Int?, error: String?, next: Date?) = ("pending", nil, nil, nil)
        switch result {
        case .succeeded(let c): outcome = ("succeeded", c, nil, nil)
        case .failed(let c, let e): outcome = ("failed", c, e, nil)
        case .gone: outcome = ("failed", 410, "HTTP 410 Gone: subscription disabled", nil)
        case .retryable(let c, let e, let retryAfter):
            let wait = retryAfter.flatMap { RetrySchedule.parseRetryAfter($0, now: now) }
            if let delay = settings.schedule.delay(after: number, retryAfter: wait) {
                outcome = ("pending", c, e, now.addingTimeInterval(delay.seconds))
            } else {
                outcome = ("dead", c, e, nil)
            }
        }
        let (status, code, error, next) = outcome
        let final = status != "pending"
        let topics = self.topics
        let published = try await store.writer.write { db -> Bool in
            try db.execute(sql: """
                INSERT OR REPLACE INTO delivery_attempts (delivery_id, attempt, attempted_at, status_code, error)
                VALUES (?, ?, ?, ?, ?)
                """, arguments: [delivery.id, number, started.timeIntervalSince1970, code, error])
            try db.execute(sql: """
                UPDATE deliveries SET status = ?, attempts = ?, next_attempt_at = ?, last_status_code = ?, last_error = ?,
                    finished_at = ? WHERE id = ? AND status = 'pending'
                """, arguments: [status, number, next?.timeIntervalSince1970, code, error,
                                 final ? now.timeIntervalSince1970 : nil, delivery.id])
            guard db.changesCount == 1, final else { return false }
            if case .gone = result {
                try SubscriptionStore.disable(db, id: delivery.subscriptionID, reason: "the target answered 410 Gone")
            }
            let row = try Row.fetchOne(db, sql: "SELECT event_id, filing_id, company_key FROM deliveries WHERE id = ?", arguments: [delivery.id])
            var outcome = DeliveryOutcome(deliveryID: delivery.id, subscriptionID: delivery.subscriptionID,
                                          eventID: row?["event_id"] ?? "", filingID: row?["filing_id"] ?? "",
                                          companyKey: row?["company_key"] ?? "", status: status, attempts: number,
                                          lastStatusCode: code, lastError: error, finishedAt: JSONCoding.rfc3339.format(now))
            let type = NotifyEventTypes.deliveryOutcome
            try Outbox.enqueue(db, event: try CloudEvent(
                id: CloudEvent.deterministicID(stage: "notify", type: type, subject: delivery.id, discriminator: status),
                source: NotifyEventTypes.source, type: type, subject: outcome.filingID, payload: outcome),
                topic: topics.notificationsDelivered, key: outcome.companyKey)
            if status == "dead" {
                outcome.webhook = try? JSONDecoder().decode(JSONValue.self, from: Data(delivery.body))
                let deadType = NotifyEventTypes.deadDelivery
                try Outbox.enqueue(db, event: try CloudEvent(
                    id: CloudEvent.deterministicID(stage: "notify", type: deadType, subject: delivery.id),
                    source: NotifyEventTypes.source, type: deadType, subject: outcome.filingID, payload: outcome),
                    topic: topics.notificationsDLQ, key: outcome.companyKey)
            }
            return true
        }
        let metadata: Logger.Metadata = ["delivery": "\(delivery.id)", "subscription": "\(delivery.subscriptionID)",
                                         "attempt": "\(number)", "status": "\(status)", "code": "\(code.map(String.init) ?? "-")",
                                         "error": "\(error ?? "-")"]
        switch status {
        case "succeeded": logger.info("webhook delivered", metadata: metadata)
        case "pending": logger.notice("webhook attempt failed; retrying at \(next.map { JSONCoding.rfc3339.format($0) } ?? "-")", metadata: metadata)
        default: logger.warning("webhook delivery \(status)", metadata: metadata)
        }
        if published {
            outcomes.withLock { counters in
                let counter = counters[status] ?? Counter(label: "notify_deliveries_total", dimensions: [("status", status)])
                counters[status] = counter
                return counter
            }.increment()
            onOutbox()
        }
    }
}

/// A one-way flag set from a shutdown handler and read by a loop.
final class StopFlag: Sendable {
    private let flag = Mutex(false)
    var isSet: Bool { flag.withLock { $0 } }
    func set() { flag.withLock { $0 = true } }
}
