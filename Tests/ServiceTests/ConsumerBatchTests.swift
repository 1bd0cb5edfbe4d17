import FilingsCore
import Foundation
import KafkaKit
import Synchronization
import Testing

/// A consumer loop with an after-batch step (the metrics changelog's produce) handles the records
/// its consumer already holds together, and stores their offsets only once the step succeeded.
@Suite(.serialized, .timeLimit(.minutes(3)))
struct ConsumerBatchTests {
    /// A one-broker mock cluster whose `topic` holds records "r0" to "r29", one partition, in order,
    /// and a consumer of it in group `topic`.
    static func thirtyRecords(topic: String) async throws -> (MockCluster, KafkaProducer, KafkaConsumer, KafkaConfig) {
        let cluster = try MockCluster(brokers: 1)
        try cluster.createTopic(topic)
        let config: KafkaConfig = ["bootstrap.servers": cluster.bootstrapServers]
        let producer = try KafkaProducer(config: config)
        for result in await producer.sendAll((0..<30).map { ProducerRecord(topic: topic, key: "k", value: Array("r\($0)".utf8)) }) {
            _ = try result.get()
        }
        var consumerConfig = config
        consumerConfig["group.id"] = topic
        return (cluster, producer, try KafkaConsumer(config: consumerConfig, topics: [topic]), consumerConfig)
    }

    /// Stops the loop, then reads the offset its group committed on `topic`.
    static func committedAfterStopping(_ running: Task<Void, any Error>, _ consumerConfig: KafkaConfig, topic: String) async throws -> Int64? {
        running.cancel()
        _ = try? await running.value
        let checker = try KafkaConsumer(config: consumerConfig, topics: [topic])
        let offset = try await checker.committed([TopicPartition(topic: topic, partition: 0)]).first?.offset
        await checker.close()
        return offset
    }

    /// A loop over `consumer` with batches of up to 10 records, no handler retries.
    static func loop(_ consumer: KafkaConsumer, _ producer: KafkaProducer, afterBatch: @escaping ConsumerLoop.BatchStep,
                     handler: @escaping ConsumerLoop.Handler) throws -> ConsumerLoop {
        ConsumerLoop(consumer: consumer, producer: producer, store: try Store.inMemory(migrations: { _ in }), topics: Topics(),
                     stage: "batch", logger: quietLogger, retryDelays: [], afterBatch: afterBatch, maxBatch: 10, handler: handler)
    }

    @Test func offsetsWaitForTheAfterBatchStepAndAFailedStepIsRetried() async throws {
        let (cluster, producer, consumer, consumerConfig) = try await Self.thirtyRecords(topic: "batch.in")
        defer { withExtendedLifetime(cluster) {} }  // the broker lives as long as the test
        let topic = "batch.in"
        let handled = Mutex<[String]>([]), batches = Mutex<[[String]]>([])
        let gateOpen = Mutex(false), failuresLeft = Mutex(1)
        let loop = try Self.loop(consumer, producer, afterBatch: { batch in
                while !gateOpen.withLock({ $0 }) { try await Task.sleep(for: .milliseconds(20)) }
                if failuresLeft.withLock({ left in defer { left -= 1 }; return left > 0 }) { throw PoisonMessage("changelog broker away") }
                batches.withLock { $0.append(batch.map { String(decoding: $0.value, as: UTF8.self) }) }
                return nil
            }) { message in handled.withLock { $0.append(String(decoding: message.value, as: UTF8.self)) } }
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

        #expect(try await Self.committedAfterStopping(running, consumerConfig, topic: topic) == 30)
        await producer.close()
    }

    /// A step that leaves an acknowledgement to come (the changelog's records, produced but not
    /// yet acknowledged): the loop handles the next batch meanwhile, but stores no offset of a batch
    /// before its acknowledgement returned, retries one that throws, and takes no third batch while
    /// one is still waiting.
    @Test func theNextBatchIsHandledWhileAnAcknowledgementIsAwaitedAndOffsetsWaitForIt() async throws {
        let (cluster, producer, consumer, consumerConfig) = try await Self.thirtyRecords(topic: "acknowledged.in")
        defer { withExtendedLifetime(cluster) {} }  // the broker lives as long as the test
        let topic = "acknowledged.in"
        let handled = Mutex<[String]>([]), steps = Mutex<[[String]]>([]), acknowledged = Mutex<[Int]>([])
        let gateOpen = Mutex(false), failuresLeft = Mutex(1)
        let loop = try Self.loop(consumer, producer, afterBatch: { batch in
                let number = steps.withLock { steps in
                    steps.append(batch.map { String(decoding: $0.value, as: UTF8.self) })
                    return steps.count - 1
                }
                return {
                    while !gateOpen.withLock({ $0 }) { try await Task.sleep(for: .milliseconds(20)) }
                    if failuresLeft.withLock({ left in defer { left -= 1 }; return left > 0 }) { throw PoisonMessage("no acknowledgement") }
                    acknowledged.withLock { $0.append(number) }
                }
            }) { message in handled.withLock { $0.append(String(decoding: message.value, as: UTF8.self)) } }
        let running = Task { try await loop.run() }

        // The first batch's acknowledgement is held: the second batch is handled, no third, nothing committed.
        let deadline = ContinuousClock.now + .seconds(60)
        while steps.withLock({ $0.count }) < 2 && ContinuousClock.now < deadline { try await Task.sleep(for: .milliseconds(50)) }
        try await Task.sleep(for: .milliseconds(1500))
        let held = steps.withLock { $0 }
        #expect(held.count == 2, "one batch handled while the first waits, no more: \(held.map(\.count))")
        #expect(handled.withLock { $0 } == Array(held.joined()))
        let partition = TopicPartition(topic: topic, partition: 0)
        #expect(try await consumer.committed([partition]).first?.offset ?? -1 < 0)

        gateOpen.withLock { $0 = true }
        let doneDeadline = ContinuousClock.now + .seconds(60)
        while handled.withLock({ $0.count }) < 30 && ContinuousClock.now < doneDeadline { try await Task.sleep(for: .milliseconds(50)) }
        #expect(handled.withLock { $0 } == (0..<30).map { "r\($0)" }, "every record once, in order")
        // Every batch acknowledged once, in order, the first after its retry; then all 30 committed.
        let committedDeadline = ContinuousClock.now + .seconds(30)
        while acknowledged.withLock({ $0.count }) < steps.withLock({ $0.count }) && ContinuousClock.now < committedDeadline {
            try await Task.sleep(for: .milliseconds(50))
        }
        #expect(acknowledged.withLock { $0 } == Array(0..<steps.withLock { $0.count }))
        #expect(try await Self.committedAfterStopping(running, consumerConfig, topic: topic) == 30)
        await producer.close()
    }
}
