import FilingsCore
import Foundation
@testable import IngestService
import KafkaKit
import MetricsService
import NotifyService
import ParseService
import Synchronization
import Testing

/// A poison record on a real (mock) broker: it lands in `<topic>.dlq` with its headers and the
/// consumer goes on to the next record.
@Suite(.serialized, .timeLimit(.minutes(4)))
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
        let loop = ConsumerLoop(consumer: consumer, producer: producer, store: store, topics: topics, stage: "parse", logger: quietLogger,
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

    /// One stage over its input topic: its handler with an in-memory store, two valid inputs and
    /// how many effects they have had so far.
    struct Stage {
        var topic: String
        var store: Store
        var handler: ConsumerLoop.Handler
        var valid: [KafkaMessage]
        var effects: @Sendable () async throws -> Int
    }

    static func stage(_ name: String) async throws -> Stage {
        let topics = Topics(), samples = PipelineHandlerTests.samples, chain = PipelineHandlerTests()
        switch name {
        case "ingest":
            let store = try Store.inMemory(migrations: IngestService.migrations)
            let processor = IngestProcessor(store: store, validator: FilingValidator(), topics: topics, logger: quietLogger)
            let valid = try samples.prefix(2).map {
                KafkaMessage(topic: topics.submitted, partition: 0, offset: 0, key: nil, value: try fixture($0), headers: [])
            }
            return Stage(topic: topics.submitted, store: store, handler: { try await IngestService.handleSubmitted($0, processor: processor) },
                         valid: valid, effects: { try await count(store, "SELECT COUNT(*) FROM outbox") })
        case "parse":
            let store = try Store.inMemory(migrations: ParseService.migrations)
            let handler = ParseHandler(store: store, topics: topics, logger: quietLogger)
            return Stage(topic: topics.ingested, store: store, handler: { try await handler.handle($0) },
                         valid: try await chain.ingested(Array(samples.prefix(2))),
                         effects: { try await count(store, "SELECT COUNT(*) FROM parsed_filings") })
        case "metrics":
            let store = try Store.inMemory(migrations: MetricsService.migrations)
            let handler = MetricsHandler(store: store, topics: topics, logger: quietLogger)
            return Stage(topic: topics.parsed, store: store, handler: { try await handler.handle($0) },
                         valid: try await chain.parsed(Array(samples.prefix(2))),
                         effects: { try await count(store, "SELECT COUNT(*) FROM outbox") })
        default:
            let metricsStore = try Store.inMemory(migrations: MetricsService.migrations)
            let metrics = MetricsHandler(store: metricsStore, topics: topics, logger: quietLogger)
            for message in try await chain.parsed(Array(samples.prefix(2))) { try await metrics.handle(message) }
            let store = try Store.inMemory(migrations: NotifyService.migrations)
            let handler = NotifyHandler(store: store, logger: quietLogger)
            return Stage(topic: topics.metricsComputed, store: store, handler: { try await handler.handle($0) },
                         valid: try await outboxMessages(metricsStore),
                         effects: { try await count(store, "SELECT COUNT(*) FROM metric_events") })
        }
    }

    /// On every input topic: a 2 MB poison record goes whole to the DLQ; a 20 MB one that the broker
    /// refuses on the DLQ (MESSAGE_TOO_LARGE, as a broker with the default 1 MB limit answers) is kept
    /// in the quarantine table and a pointer goes to the DLQ. The valid filing after each comes through.
    @Test(arguments: ["ingest", "parse", "metrics", "notify"])
    func oversizedPoisonNeverHaltsTheStage(_ name: String) async throws {
        let stage = try await Self.stage(name)
        let cluster = try MockCluster(brokers: 1)
        let dlq = Topics().deadLetter(of: stage.topic)
        for topic in [stage.topic, dlq] { try cluster.createTopic(topic) }
        let config: KafkaConfig = ["bootstrap.servers": cluster.bootstrapServers]
        let producer = try KafkaProducer(config: ConsumerLoop.producerConfig(config))
        // The 20 MB record is handled only once the broker has been told to refuse its DLQ copy.
        let refusalArmed = Mutex(false)
        let handler = stage.handler
        let gated: ConsumerLoop.Handler = { message in
            while message.value.count > 10_000_000 && !refusalArmed.withLock({ $0 }) { try await Task.sleep(for: .milliseconds(20)) }
            try await handler(message)
        }
        var consumerConfig = config
        consumerConfig["group.id"] = name
        let consumer = try KafkaConsumer(config: consumerConfig, topics: [stage.topic])
        let loop = ConsumerLoop(consumer: consumer, producer: producer, store: stage.store, topics: Topics(), stage: name,
                                logger: quietLogger, retryDelays: [], handler: gated)
        let running = Task { try await loop.run() }
        let dlqConsumer = try KafkaConsumer(config: ["bootstrap.servers": cluster.bootstrapServers, "group.id": "dlq-reader"],
                                            topics: [dlq])
        func send(_ message: KafkaMessage) async throws {
            try await producer.send(ProducerRecord(topic: stage.topic, key: message.key, value: message.value, headers: message.headers))
        }
        func waitForEffects(_ expected: Int) async throws {
            let deadline = ContinuousClock.now + .seconds(60)
            while try await stage.effects() < expected && ContinuousClock.now < deadline { try await Task.sleep(for: .milliseconds(100)) }
            #expect(try await stage.effects() == expected, "\(name): effects after valid input \(expected)")
        }

        let small = [UInt8](repeating: UInt8(ascii: "x"), count: 2 * 1_048_576)
        try await send(KafkaMessage(topic: stage.topic, partition: 0, offset: 0, key: Array("k".utf8), value: small, headers: []))
        try await send(stage.valid[0])
        let whole = try #require(try await dlqConsumer.next())
        #expect(whole.value == small)
        #expect(whole.headers.string("dlq-original-offset") == "0")
        #expect(whole.headers.string("dlq-quarantine-id") == nil)
        try await waitForEffects(1)

        var large = [UInt8](repeating: UInt8(ascii: "y"), count: 20 * 1_048_576)
        large[12_345] = UInt8(ascii: "z")
        try await send(KafkaMessage(topic: stage.topic, partition: 0, offset: 0, key: Array("k".utf8), value: large, headers: []))
        cluster.pushRequestErrors(apiKey: MockCluster.APIKey.produce, [10])  // MESSAGE_TOO_LARGE
        refusalArmed.withLock { $0 = true }
        let pointerRecord = try #require(try await dlqConsumer.next())
        #expect(pointerRecord.value.count < 200)
        #expect(pointerRecord.headers.string("dlq-original-offset") == "2")
        #expect(pointerRecord.headers.string("dlq-stage") == name)
        let pointer = try JSONDecoder().decode(Quarantine.Pointer.self, from: Data(pointerRecord.value))
        #expect(pointer.bytes == large.count && pointer.stage == name)
        #expect(pointerRecord.headers.string("dlq-quarantine-id") == String(pointer.quarantineID))
        let kept = try await stage.store.writer.read { db in try Quarantine.value(db, id: pointer.quarantineID) }
        #expect(kept == large)
        let origin = try await stage.store.writer.read { db in
            try String.fetchOne(db, sql: #"SELECT topic || ':' || partition || ':' || "offset" FROM quarantine"#)
        }
        #expect(origin == "\(stage.topic):0:2")

        try await send(stage.valid[1])
        try await waitForEffects(2)
        running.cancel()
        _ = try? await running.value
        await dlqConsumer.close()
        let checker = try KafkaConsumer(config: consumerConfig, topics: [stage.topic])
        // A new member finds the coordinator first; on a busy machine that can take more than the default 5 s.
        let committed = try await checker.committed([TopicPartition(topic: stage.topic, partition: 0)], timeout: .seconds(30))
        #expect(committed.first?.offset == 4)
        await checker.close()
        await producer.close()
    }
}
