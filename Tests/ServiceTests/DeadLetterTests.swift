import FilingsCore
import Foundation
import KafkaKit
import ParseService
import Testing

/// A poison record on a real (mock) broker: it lands in `<topic>.dlq` with its headers and the
/// consumer goes on to the next record.
@Suite(.timeLimit(.minutes(2)))
struct DeadLetterTests {
    @Test func poisonMessageGoesToTheDLQAndTheLoopMovesOn() async throws {
        let cluster = try MockCluster(brokers: 1)
        let topics = Topics()
        for topic in [topics.ingested, topics.deadLetter(of: topics.ingested), topics.parsed] { try cluster.createTopic(topic) }
        let config: KafkaConfig = ["bootstrap.servers": cluster.bootstrapServers]
        let producer = try KafkaProducer(config: config)

        // 1: not a CloudEvent at all; 2: a valid ingested event.
        try await producer.send(ProducerRecord(topic: topics.ingested, key: "k", value: Array("garbage".utf8),
                                               headers: [KafkaHeader(name: "trace", string: "t-1")]))
        let valid = try await PipelineHandlerTests().ingested(["ptix-8k-2003-07-23.txt"])[0]
        try await producer.send(ProducerRecord(topic: topics.ingested, key: valid.key, value: valid.value, headers: valid.headers))

        let store = try Store.inMemory(migrations: ParseService.migrations)
        let handler = ParseHandler(store: store, topics: topics, logger: quietLogger)
        var consumerConfig = config
        consumerConfig["group.id"] = "parse"
        let consumer = try KafkaConsumer(config: consumerConfig, topics: [topics.ingested])
        let loop = ConsumerLoop(consumer: consumer, producer: producer, topics: topics, stage: "parse", logger: quietLogger,
                                retryDelays: []) { message in try await handler.handle(message) }
        let running = Task { try await loop.run() }

        let dlqConsumer = try KafkaConsumer(config: ["bootstrap.servers": cluster.bootstrapServers, "group.id": "dlq-reader"],
                                            topics: [topics.deadLetter(of: topics.ingested)])
        let deadLetter = try #require(try await dlqConsumer.next())
        #expect(String(decoding: deadLetter.value, as: UTF8.self) == "garbage")
        #expect(deadLetter.keyString == "k")
        let headers = deadLetter.headers
        #expect(headers.string("dlq-stage") == "parse")
        #expect(headers.string("dlq-original-topic") == topics.ingested)
        #expect(headers.string("dlq-original-partition") == "0")
        #expect(headers.string("dlq-original-offset") == "0")
        #expect(headers.string("dlq-error")?.contains("ce_specversion") == true)
        #expect(headers.string("trace") == "t-1")

        // The valid record after it was processed.
        let deadline = ContinuousClock.now + .seconds(30)
        while try await count(store, "SELECT COUNT(*) FROM parsed_filings") == 0 && ContinuousClock.now < deadline {
            try await Task.sleep(for: .milliseconds(100))
        }
        #expect(try await count(store, "SELECT COUNT(*) FROM parsed_filings") == 1)
        running.cancel()
        _ = try? await running.value
        await dlqConsumer.close()
        // Both offsets were committed: the group resumes after the valid record.
        let checker = try KafkaConsumer(config: consumerConfig, topics: [topics.ingested])
        let committed = try await checker.committed([TopicPartition(topic: topics.ingested, partition: 0)])
        #expect(committed.first?.offset == 2)
        await checker.close()
        await producer.close()
    }
}
