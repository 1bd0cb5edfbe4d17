@testable import FilingsCore
import Foundation
import GRDB
import KafkaKit
import Logging
import Synchronization
import Testing

@Suite(.timeLimit(.minutes(1)))
struct OutboxRelayTests {
    @Test func publishesPendingRowsInOrderAndDeletesThem() async throws {
        let cluster = try MockCluster()
        try cluster.createTopic("out")
        let store = try Store.inMemory { _ in }
        let events = (0..<5).map { CloudEvent(id: "e\($0)", source: "s", type: "t.v1", subject: "x", data: Array("\($0)".utf8)) }
        try await store.writer.write { db in
            for event in events { try Outbox.enqueue(db, event: event, topic: "out", key: "company") }
        }
        let producer = try KafkaProducer(config: ["bootstrap.servers": cluster.bootstrapServers])
        let relay = OutboxRelay(store: store, producer: producer, logger: Logger(label: "test"))
        #expect(try await relay.publishPending() == 5)
        #expect(try await store.writer.read(Outbox.pendingCount) == 0)
        await producer.close()

        let consumer = try KafkaConsumer(config: ["bootstrap.servers": cluster.bootstrapServers, "group.id": "g"], topics: ["out"])
        var received: [CloudEvent] = []
        while received.count < 5, let message = try await consumer.next() { received.append(try CloudEvent(message: message)) }
        await consumer.close()
        #expect(received.map(\.id) == events.map(\.id))
        #expect(received.map(\.data) == events.map(\.data))
    }

    @Test func anIdleRelayWakesOnlyOnWakeUpsAndItsPollInterval() async throws {
        let cluster = try MockCluster()
        let store = try Store.inMemory { _ in }
        let producer = try KafkaProducer(config: ["bootstrap.servers": cluster.bootstrapServers])
        let relay = OutboxRelay(store: store, producer: producer, logger: Logger(label: "test"), pollInterval: .milliseconds(500))
        let running = Task { try await relay.run() }
        for _ in 0..<3 {
            relay.wake()
            try await Task.sleep(for: .milliseconds(100))
        }
        try await Task.sleep(for: .seconds(2))
        running.cancel()
        _ = try? await running.value
        // 3 wake-ups and about 4 poll intervals; a relay that spins would count thousands.
        #expect(relay.passes.load(ordering: .relaxed) <= 12, "\(relay.passes.load(ordering: .relaxed)) passes")
        await producer.close()
    }

    @Test func aRowTheBrokerRefusesForGoodIsMarkedDeadNotDropped() async throws {
        let cluster = try MockCluster()
        try cluster.createTopic("out")
        let store = try Store.inMemory { _ in }
        try await store.writer.write { db in
            try Outbox.enqueue(db, event: CloudEvent(id: "big", source: "s", type: "t", data: [UInt8](repeating: 1, count: 2_000)),
                               topic: "out", key: nil)
            try Outbox.enqueue(db, event: CloudEvent(id: "ok", source: "s", type: "t", data: [1]), topic: "out", key: nil)
        }
        // A client limit below the big record makes librdkafka refuse it (MSG_SIZE_TOO_LARGE).
        let producer = try KafkaProducer(config: ["bootstrap.servers": cluster.bootstrapServers, "message.max.bytes": "1000"])
        let relay = OutboxRelay(store: store, producer: producer, logger: Logger(label: "test"))
        #expect(try await relay.publishPending() == 2)
        await producer.close()
        let rows = try store.writer.read { db in try Row.fetchAll(db, sql: "SELECT status, error FROM outbox") }
        #expect(rows.count == 1)
        #expect(rows.first?["status"] == "dead")
        #expect((rows.first?["error"] as String?)?.contains("MSG_SIZE_TOO_LARGE") == true)
    }
}
