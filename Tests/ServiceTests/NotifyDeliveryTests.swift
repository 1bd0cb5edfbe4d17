import FilingsCore
import Foundation
import GRDB
import KafkaKit
@testable import NotifyService
import Synchronization
import Testing

/// The delivery worker against real HTTP receivers on 127.0.0.1, on a virtual clock.
@Suite(.timeLimit(.minutes(5)))
struct NotifyDeliveryTests {
    struct Setup {
        let store: Store
        let clock: VirtualDeliveryClock
        let settings: NotifySettings
        let handler: NotifyHandler
    }

    /// `timeout` is one attempt's request timeout. The default is long: in a clean-clone CI run with every
    /// suite at once, a 5 s timeout expired on a loopback receiver that had already answered 400/410, and
    /// the (correct) retry of a timed-out attempt broke the count of requests the test asserts. The
    /// timeout test sets its own.
    func setup(schedule: [Duration], timeout: Duration = .seconds(60)) throws -> Setup {
        let store = try Store.inMemory(migrations: NotifyService.migrations)
        let clock = VirtualDeliveryClock()
        let settings = NotifySettings(targets: .loopback, schedule: RetrySchedule(delays: schedule, jitter: 0), timeout: timeout, concurrency: 4)
        let handler = NotifyHandler(store: store, logger: quietLogger, clock: clock, schedule: settings.schedule)
        return Setup(store: store, clock: clock, settings: settings, handler: handler)
    }

    /// Runs a delivery worker (its real loop, on the virtual clock) until no delivery is pending (or 30 s pass).
    func runUntilSettled(_ setup: Setup, policy: TargetPolicy = TargetPolicy(allowance: .loopback)) async throws {
        let worker = DeliveryWorker(store: setup.store, topics: Topics(), settings: setup.settings, policy: policy,
                                    transport: HTTPClientTransport(timeout: setup.settings.timeout), clock: setup.clock,
                                    logger: quietLogger, pollInterval: .milliseconds(50))
        let running = Task { try await worker.run() }
        let deadline = ContinuousClock.now + .seconds(120)  // generous: a loaded CI machine starves this process
        while try await count(setup.store, "SELECT COUNT(*) FROM deliveries WHERE status = 'pending'") > 0 && ContinuousClock.now < deadline {
            try await Task.sleep(for: .milliseconds(20))
        }
        running.cancel()
        _ = try? await running.value
    }

    func attemptTimes(_ store: Store) async throws -> [Double] {
        try await store.writer.read { db in try Double.fetchAll(db, sql: "SELECT attempted_at FROM delivery_attempts ORDER BY attempt") }
    }

    func outboxTopics(_ store: Store) async throws -> [String] {
        try await outboxMessages(store).map(\.topic)
    }

    /// The target's name resolves (once, through the policy) to 127.0.0.1; the worker connects to
    /// that address with the name in the Host header. `hook.invalid` never resolves in DNS, so a
    /// delivery that arrives proves no second resolution happened.
    @Test func deliveryConnectsToTheAddressThePolicyChecked() async throws {
        let receiver = WebhookReceiver(secret: testSecret)
        let s = try setup(schedule: [.zero])
        let lookups = Mutex(0)
        let policy = TargetPolicy(allowance: .loopback) { host in
            lookups.withLock { $0 += 1 }
            return host == "hook.invalid" ? ["127.0.0.1"] : []
        }
        try await receiver.run { url in
            let named = url.replacingOccurrences(of: "127.0.0.1", with: "hook.invalid")
            _ = try await SubscriptionStore.create(SubscriptionRequest(id: "a", url: named, rule: "cik = 320193", secret: testSecret),
                                                   origin: "api", store: s.store, policy: policy)
            try await s.handler.handle(try metricsRecord(id: "e1", start: "2003-01-01", end: "2003-03-31", metrics: ["revenue": 1]))
            try await runUntilSettled(s, policy: policy)
        }
        #expect(receiver.received.count == 1)
        #expect(receiver.received.first?.host.hasPrefix("hook.invalid:") == true, "\(receiver.received.first?.host ?? "-")")
        #expect(lookups.withLock { $0 } == 2, "one lookup when subscribing, one for the attempt")
    }

    @Test func everyDeliveryVerifiesWithTheDocumentedAlgorithm() async throws {
        let receiver = WebhookReceiver(secret: testSecret)
        let s = try setup(schedule: [.zero])
        try await receiver.run { url in
            try await subscribe(s.store, id: "a", url: url, rule: "revenue_growth_yoy > 0.5")
            try await subscribe(s.store, id: "b", url: url, rule: "cik = 320193")
            for (i, growth) in [0.9, 0.1, 2.3].enumerated() {
                try await s.handler.handle(try metricsRecord(id: "e\(i)", start: "2003-0\(i + 1)-01", end: "2003-0\(i + 3)-30",
                                                             metrics: ["revenue_growth_yoy": growth]))
            }
            try await runUntilSettled(s)
        }
        #expect(receiver.received.count == 5)
        #expect(receiver.received.filter { !$0.verified }.isEmpty)
        #expect(Set(receiver.received.map(\.id)).count == 5)
        #expect(try await deliveries(s.store).allSatisfy { $0.status == "succeeded" && $0.attempts == 1 })
        let outcomes = try await outboxMessages(s.store)
        #expect(outcomes.count == 5 && outcomes.allSatisfy { $0.topic == "notifications.delivered" })
        let outcome = try CloudEvent(message: outcomes[0]).decode(DeliveryOutcome.self)
        #expect(outcome.status == "succeeded" && outcome.attempts == 1)
    }

    @Test func aReceiverThatFailsTwiceGetsExactlyOneSuccessOnTheSchedule() async throws {
        let receiver = WebhookReceiver(secret: testSecret) { n in n < 2 ? (n == 0 ? 500 : 503, [:]) : (200, [:]) }
        let s = try setup(schedule: [.zero, .seconds(5), .seconds(300), .seconds(1800)])
        try await receiver.run { url in
            try await subscribe(s.store, url: url, rule: "revenue_growth_yoy > 1.0")
            try await s.handler.handle(try metricsRecord(id: "q3", metrics: ["revenue_growth_yoy": 2.302]))
            try await runUntilSettled(s)
        }
        #expect(receiver.received.map(\.answered) == [500, 503, 200])
        #expect(receiver.successes.count == 1)
        #expect(Set(receiver.received.map(\.id)).count == 1, "webhook-id must be stable across retries")
        #expect(receiver.received.filter { !$0.verified }.isEmpty)
        let stamps = receiver.received.map(\.timestamp)
        #expect(zip(stamps.dropFirst(), stamps).map { $0 - $1 } == [5, 300])
        let times = try await attemptTimes(s.store)
        #expect(zip(times.dropFirst(), times).map { $0 - $1 } == [5, 300])
        let delivery = try #require(try await deliveries(s.store).first)
        #expect(delivery.status == "succeeded" && delivery.attempts == 3 && delivery.lastStatusCode == 200)
        #expect(try await outboxTopics(s.store) == ["notifications.delivered"])
    }

    @Test func retryAfterOn429IsHonoured() async throws {
        let receiver = WebhookReceiver(secret: testSecret) { n in n == 0 ? (429, ["Retry-After": "120"]) : (200, [:]) }
        let s = try setup(schedule: [.zero, .seconds(5)])
        try await receiver.run { url in
            try await subscribe(s.store, url: url, rule: "revenue > 0")
            try await s.handler.handle(try metricsRecord(id: "e", metrics: ["revenue": 1]))
            try await runUntilSettled(s)
        }
        #expect(receiver.received.map(\.answered) == [429, 200])
        let times = try await attemptTimes(s.store)
        #expect(times.count == 2 && times[1] - times[0] == 120)
    }

    @Test func a4xxIsNotRetriedAnd410DisablesTheSubscription() async throws {
        let receiver = WebhookReceiver(secret: testSecret) { _ in (400, [:]) }
        let gone = WebhookReceiver(secret: testSecret) { _ in (410, [:]) }
        let s = try setup(schedule: [.zero, .seconds(5), .seconds(10)])
        try await receiver.run { url in
            try await gone.run { goneURL in
                try await subscribe(s.store, id: "bad-request", url: url, rule: "revenue > 0")
                try await subscribe(s.store, id: "gone", url: goneURL, rule: "revenue > 0")
                try await s.handler.handle(try metricsRecord(id: "e1", metrics: ["revenue": 1]))
                try await runUntilSettled(s)
                // The disabled subscription gets nothing more.
                try await s.handler.handle(try metricsRecord(id: "e2", start: "2003-10-01", end: "2003-12-31", metrics: ["revenue": 1]))
                try await runUntilSettled(s)
            }
        }
        #expect(receiver.received.count == 2)
        #expect(gone.received.count == 1)
        let all = try await deliveries(s.store)
        #expect(all.filter { $0.subscriptionID == "bad-request" }.allSatisfy { $0.status == "failed" && $0.attempts == 1 })
        #expect(all.filter { $0.subscriptionID == "gone" }.map(\.status) == ["failed"])
        let subscription = try await s.store.writer.read { db in try SubscriptionStore.find(db, id: "gone") }
        #expect(subscription?.status == "disabled")
    }

    @Test func aReceiverDownForTheWholeScheduleEndsDeadOnTheDLQTopic() async throws {
        let s = try setup(schedule: [.zero, .seconds(5), .seconds(300)], timeout: .seconds(2))
        let port = try closedPort()
        try await subscribe(s.store, url: "http://127.0.0.1:\(port)/hook", rule: "revenue > 0")
        try await s.handler.handle(try metricsRecord(id: "e", metrics: ["revenue": 1]))
        try await runUntilSettled(s)
        let delivery = try #require(try await deliveries(s.store).first)
        #expect(delivery.status == "dead" && delivery.attempts == 3)
        #expect(try await attemptTimes(s.store).count == 3)
        #expect(try await outboxTopics(s.store) == ["notifications.delivered", "notifications.dlq"])

        // The relay publishes it on the (mock) broker's notifications.dlq.
        let cluster = try MockCluster(brokers: 1)
        let topics = Topics()
        for topic in [topics.notificationsDelivered, topics.notificationsDLQ] { try cluster.createTopic(topic) }
        let producer = try KafkaProducer(config: ["bootstrap.servers": cluster.bootstrapServers])
        let relay = OutboxRelay(store: s.store, producer: producer, logger: quietLogger)
        #expect(try await relay.publishPending() == 2)
        let consumer = try KafkaConsumer(config: ["bootstrap.servers": cluster.bootstrapServers, "group.id": "dlq-check",
                                                  "auto.offset.reset": "earliest"], topics: [topics.notificationsDLQ])
        let message = try #require(try await consumer.next())
        let event = try CloudEvent(message: message)
        #expect(event.type == NotifyEventTypes.deadDelivery)
        let outcome = try event.decode(DeliveryOutcome.self)
        #expect(outcome.status == "dead" && outcome.attempts == 3 && outcome.deliveryID == delivery.id && outcome.webhook != nil)
        await consumer.close()
        await producer.close()
    }
}

/// A loopback port nothing listens on.
func closedPort() throws -> Int {
    let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
    defer { close(fd) }
    var addr = sockaddr_in()
    addr.sin_family = sa_family_t(AF_INET)
    addr.sin_addr.s_addr = inet_addr("127.0.0.1")
    addr.sin_port = 0
    var len = socklen_t(MemoryLayout<sockaddr_in>.size)
    _ = withUnsafeMutablePointer(to: &addr) {
        $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, len) == 0 && getsockname(fd, $0, &len) == 0 }
    }
    return Int(UInt16(bigEndian: addr.sin_port))
}
