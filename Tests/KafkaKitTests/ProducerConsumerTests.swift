import Foundation
import KafkaKit
import Testing

@Suite(.timeLimit(.minutes(2)))
struct ProducerConsumerTests {
    @Test func roundTripKeepsKeysValuesAndHeaders() async throws {
        let kafka = try MockKafka(topics: ["rt": 1])
        let producer = try KafkaProducer(config: kafka.producerConfig)
        for i in 0..<3 {
            let report = try await producer.send(ProducerRecord(
                topic: "rt", key: "cik-\(i)", value: bytes("value-\(i)"),
                headers: [KafkaHeader(name: "ce_id", string: "id-\(i)"), KafkaHeader(name: "empty", value: nil)]))
            #expect(report.topic == "rt")
            #expect(report.offset == Int64(i))
        }
        await producer.close()

        let consumer = try KafkaConsumer(config: kafka.consumerConfig(group: "g"), topics: ["rt"])
        let messages = try await consume(consumer, count: 3)
        await consumer.close()
        #expect(messages.map(\.keyString) == ["cik-0", "cik-1", "cik-2"])
        #expect(messages.map { text($0.value) } == ["value-0", "value-1", "value-2"])
        #expect(messages.map { $0.headers.string("ce_id") } == ["id-0", "id-1", "id-2"])
        #expect(messages[0].headers.contains(KafkaHeader(name: "empty", value: nil)))
        #expect(messages.map(\.offset) == [0, 1, 2])
    }

    @Test func recordsOfOneKeyStayOnOnePartitionInOrder() async throws {
        let kafka = try MockKafka(topics: ["ordered": 4])
        let producer = try KafkaProducer(config: kafka.producerConfig)
        let keys = (0..<6).map { "key-\($0)" }
        for n in 0..<20 {
            for key in keys { try await producer.send(ProducerRecord(topic: "ordered", key: key, value: bytes("\(n)"))) }
        }
        await producer.close()

        let consumer = try KafkaConsumer(config: kafka.consumerConfig(group: "g"), topics: ["ordered"])
        let messages = try await consume(consumer, count: 120)
        await consumer.close()
        for key in keys {
            let ofKey = messages.filter { $0.keyString == key }
            #expect(Set(ofKey.map(\.partition)).count == 1, "\(key) spread over partitions")
            #expect(ofKey.map { Int(text($0.value))! } == Array(0..<20), "\(key) out of order")
        }
        #expect(Set(messages.map(\.partition)).count > 1, "all keys hashed to one partition: test proves nothing")
    }

    @Test func restartedConsumerResumesAfterItsLastCommit() async throws {
        let kafka = try MockKafka(topics: ["resume": 1])
        let producer = try KafkaProducer(config: kafka.producerConfig)
        for i in 0..<10 { try await producer.send(ProducerRecord(topic: "resume", key: nil, value: bytes("\(i)"))) }
        await producer.close()

        let first = try KafkaConsumer(config: kafka.consumerConfig(group: "g", extra: ["enable.auto.commit": "false"]), topics: ["resume"])
        let firstHalf = try await consume(first, count: 4)
        try await first.commit()
        // Read one more without storing its offset: it was never handled, so it must come back.
        let unhandled = try await first.next()
        #expect(unhandled.map { text($0.value) } == "4")
        await first.close()

        let second = try KafkaConsumer(config: kafka.consumerConfig(group: "g"), topics: ["resume"])
        let rest = try await consume(second, count: 6)
        let extra = try await drain(second, for: 1.5)
        await second.close()
        #expect(firstHalf.map { text($0.value) } == ["0", "1", "2", "3"])
        #expect(rest.map { text($0.value) } == ["4", "5", "6", "7", "8", "9"])
        #expect(extra.isEmpty, "redelivered committed records: \(extra.map { text($0.value) })")
    }

    @Test func closeCommitsTheOffsetsOfWorkInHand() async throws {
        let kafka = try MockKafka(topics: ["close": 1])
        let producer = try KafkaProducer(config: kafka.producerConfig)
        for i in 0..<5 { try await producer.send(ProducerRecord(topic: "close", key: nil, value: bytes("\(i)"))) }
        await producer.close()

        // Auto-commit effectively off: only close() can commit.
        let config = kafka.consumerConfig(group: "g", extra: ["auto.commit.interval.ms": "600000"])
        let first = try KafkaConsumer(config: config, topics: ["close"])
        _ = try await consume(first, count: 3)
        await first.close()

        let second = try KafkaConsumer(config: config, topics: ["close"])
        let rest = try await consume(second, count: 2)
        await second.close()
        #expect(rest.map { text($0.value) } == ["3", "4"])
    }

    @Test func twoMembersSplitPartitionsAndARebalanceLosesNothing() async throws {
        let kafka = try MockKafka(topics: ["split": 4])
        let producer = try KafkaProducer(config: kafka.producerConfig)
        let total = 200
        for i in 0..<total { try await producer.send(ProducerRecord(topic: "split", key: "k\(i % 16)", value: bytes("\(i)"))) }
        await producer.close()

        let events = EventLog()
        let a = try KafkaConsumer(config: kafka.consumerConfig(group: "g"), topics: ["split"],
                                  onRebalance: { events.append("a", $0) })
        let firstBatch = try await consume(a, count: 50)
        try await a.commit()
        // A second member joins: A's partitions are revoked and the four are split between them.
        let b = try KafkaConsumer(config: kafka.consumerConfig(group: "g"), topics: ["split"],
                                  onRebalance: { events.append("b", $0) })
        // Both read (committing each record) until together they have everything and B got a share;
        // a rebalance can take a while on a loaded machine, so wait on the condition, not a clock.
        let progress = Progress()
        let readerA = Task { try await drainCommittingEach(a, into: progress, as: "a") }
        let readerB = Task { try await drainCommittingEach(b, into: progress, as: "b") }
        let firstValues = Set(firstBatch.map { Int(text($0.value))! })
        let deadline = ContinuousClock.now + .seconds(75)
        while ContinuousClock.now < deadline {
            let (seen, fromB) = progress.snapshot()
            if seen.union(firstValues).count == total && fromB > 0 { break }
            try await Task.sleep(for: .milliseconds(200))
        }
        try await Task.sleep(for: .seconds(2))  // late duplicates would arrive here
        readerA.cancel()
        readerB.cancel()
        let restA = try await readerA.value, restB = try await readerB.value
        let assignedA = try a.assignment(), assignedB = try b.assignment()
        await a.close()
        await b.close()

        let all = (firstBatch + restA.messages + restB.messages).map { Int(text($0.value))! }
        #expect(Set(all) == Set(0..<total), "lost records: \(Set(0..<total).subtracting(all).sorted())")
        // At-least-once: a record may come twice only if its commit did not go through
        // (the mock rejects commits while the group rebalances; Kafka accepts them).
        let uncommitted = restA.uncommitted.union(restB.uncommitted)
        var seen = Set<Int>()
        for value in all where !seen.insert(value).inserted {
            #expect(uncommitted.contains(value), "record \(value) redelivered although its commit succeeded")
        }
        #expect(!restB.messages.isEmpty, "the second member never received anything")
        #expect(!assignedA.isEmpty && !assignedB.isEmpty)
        #expect(Set(assignedA.map(\.partition)).isDisjoint(with: assignedB.map(\.partition)))
        #expect(events.contains { $0.0 == "a" && $0.1.isRevocation })
    }

    @Test func producerGetsThroughABrokerOutage() async throws {
        let kafka = try MockKafka(topics: ["outage": 1])
        let producer = try KafkaProducer(config: kafka.producerConfig)
        try await producer.send(ProducerRecord(topic: "outage", key: nil, value: bytes("before")))
        try kafka.cluster.setBrokerDown(1)
        let pending = Task { try await producer.send(ProducerRecord(topic: "outage", key: nil, value: bytes("during"))) }
        try await Task.sleep(for: .seconds(2))
        try kafka.cluster.setBrokerUp(1)
        let report = try await pending.value
        #expect(report.offset == 1)
        await producer.close()

        let consumer = try KafkaConsumer(config: kafka.consumerConfig(group: "g"), topics: ["outage"])
        let messages = try await consume(consumer, count: 2)
        let extra = try await drain(consumer, for: 1)
        await consumer.close()
        #expect(messages.map { text($0.value) } == ["before", "during"])
        #expect(extra.isEmpty)
    }

    /// `produceAll` hands records over without waiting (the broker is down meanwhile); records
    /// produced after them follow them; the results come once the broker is back, the same on
    /// every call.
    @Test func producedRecordsAreAwaitedLaterInTheOrderGiven() async throws {
        let kafka = try MockKafka(topics: ["later": 1])
        let producer = try KafkaProducer(config: kafka.producerConfig)
        try await producer.send(ProducerRecord(topic: "later", key: nil, value: bytes("warm-up")))
        try kafka.cluster.setBrokerDown(1)
        let first = producer.produceAll((0..<3).map { ProducerRecord(topic: "later", key: nil, value: bytes("a\($0)")) })
        let second = producer.produceAll([ProducerRecord(topic: "later", key: nil, value: bytes("b"))])
        try await Task.sleep(for: .milliseconds(500))
        try kafka.cluster.setBrokerUp(1)
        #expect(try await first.results().map { try $0.get().offset } == [1, 2, 3])
        #expect(try await second.results().map { try $0.get().offset } == [4])
        #expect(try await first.results().map { try $0.get().offset } == [1, 2, 3], "the same results on every call")
        await producer.close()

        let consumer = try KafkaConsumer(config: kafka.consumerConfig(group: "g"), topics: ["later"])
        let messages = try await consume(consumer, count: 5)
        await consumer.close()
        #expect(messages.map { text($0.value) } == ["warm-up", "a0", "a1", "a2", "b"])
    }

    @Test func injectedProduceErrorsAreRetriedByTheIdempotentProducer() async throws {
        let kafka = try MockKafka(topics: ["retry": 1])
        let producer = try KafkaProducer(config: kafka.producerConfig)
        try await producer.send(ProducerRecord(topic: "retry", key: nil, value: bytes("warm-up")))
        // NOT_LEADER_FOR_PARTITION (6) twice: retriable, so send still succeeds.
        kafka.cluster.pushRequestErrors(apiKey: MockCluster.APIKey.produce, [6, 6])
        let report = try await producer.send(ProducerRecord(topic: "retry", key: nil, value: bytes("after errors")))
        #expect(report.offset == 1)
        await producer.close()
    }

    @Test func sendFailsWithAKafkaErrorWhenDeliveryTimesOut() async throws {
        let kafka = try MockKafka(topics: ["dead": 1])
        var config = kafka.producerConfig
        config["message.timeout.ms"] = "1500"
        let producer = try KafkaProducer(config: config)
        try kafka.cluster.setBrokerDown(1)
        await #expect(throws: KafkaError.self) {
            try await producer.send(ProducerRecord(topic: "dead", key: nil, value: bytes("lost")))
        }
        await producer.close(timeout: .milliseconds(200))
    }

    @Test func invalidSettingIsAClearError() throws {
        #expect {
            _ = try KafkaProducer(config: ["bootstrap.servers": "127.0.0.1:1", "no.such.setting": "1"])
        } throws: { error in
            (error as? KafkaError)?.message.contains("no.such.setting") == true
        }
    }
}

final class EventLog: @unchecked Sendable {
    private let lock = NSLock()
    private var entries: [(String, RebalanceEvent)] = []
    func append(_ who: String, _ event: RebalanceEvent) { lock.withLock { entries.append((who, event)) } }
    func contains(where predicate: ((String, RebalanceEvent)) -> Bool) -> Bool { lock.withLock { entries.contains(where: predicate) } }
}

extension RebalanceEvent {
    var isRevocation: Bool { if case .revoked = self { true } else { false } }
}
