import FilingsCore
import Foundation
import KafkaKit
import Synchronization
import Testing

/// A consumer loop with an after-batch step (the metrics changelog's produce) handles the records
/// its consumer already holds together, and stores their offsets only once the step succeeded.
@Suite(.serialized, .timeLimit(.minutes(3)))
struct ConsumerBatchTests {
    @Test func offsetsWaitForTheAfterBatchStepAndAFailedStepIsRetried() async throws {
        let cluster = try MockCluster(brokers: 1)
        let topic = "batch.in"
        try cluster.createTopic(topic)
        let config: KafkaConfig = ["bootstrap.servers": cluster.bootstrapServers]
        let producer = try KafkaProducer(config: config)
        for result in await producer.sendAll((0..<30).map { ProducerRecord(topic: topic, key: "k", value: Array("r\($0)".utf8)) }) {
            _ = try result.get()
        }
        let handled = Mutex<[String]>([]), batches = Mutex<[[String]]>([])
        let gateOpen = Mutex(false), failuresLeft = Mutex(1)
        var consumerConfig = config
        consumerConfig["group.id"] = "batch"
        let consumer = try KafkaConsumer(config: consumerConfig, topics: [topic])
        let loop = ConsumerLoop(
            consumer: consumer, producer: producer, store: try Store.inMemory(migrations: { _ in }), topics: Topics(), stage: "batch",
            logger: quietLogger, retryDelays: [],
            afterBatch: { batch in
                while !gateOpen.withLock({ $0 }) { try await Task.sleep(for: .milliseconds(20)) }
                if failuresLeft.withLock({ left in defer { left -= 1 }; return left > 0 }) { throw PoisonMessage("changelog broker away") }
                batches.withLock { $0.append(batch.map { String(decoding: $0.value, as: UTF8.self) }) }
            },
            maxBatch: 10) { message in handled.withLock { $0.append(String(decoding: message.value, as: UTF8.self)) } }
        let running = Task { try await loop.run() }

        // Handled but the step has not returned: nothing committed, even after the auto-commit interval.
        let deadline = ContinuousClock.now + .seconds(60)
        while handled.withLock({ $0.isEmpty }) && ContinuousClock.now < deadline { try await Task.sleep(for: .milliseconds(50)) }
        try #require(!handled.withLock { $0.isEmpty })
        try await Task.sleep(for: .milliseconds(1500))
        let partition = TopicPartition(topic: topic, partition: 0)
        #expect(try await consumer.committed([partition]).first?.offset ?? -1 < 0)

        // A deadline of its own: joining the group can take most of the first one on a loaded machine.
        gateOpen.withLock { $0 = true }
        let batchesDeadline = ContinuousClock.now + .seconds(60)
        while batches.withLock({ $0.joined().count }) < 30 && ContinuousClock.now < batchesDeadline { try await Task.sleep(for: .milliseconds(50)) }
        let seen = batches.withLock { $0 }
        #expect(Array(seen.joined()) == (0..<30).map { "r\($0)" }, "every record once, in order, the failed batch retried whole")
        #expect(handled.withLock { $0 } == (0..<30).map { "r\($0)" })
        #expect(seen.allSatisfy { $0.count <= 10 })
        #expect(seen.count < 30, "records the consumer already held went together: \(seen.map(\.count))")

        running.cancel()
        _ = try? await running.value
        let checker = try KafkaConsumer(config: consumerConfig, topics: [topic])
        #expect(try await checker.committed([partition]).first?.offset == 30)
        await checker.close()
        await producer.close()
    }
}
