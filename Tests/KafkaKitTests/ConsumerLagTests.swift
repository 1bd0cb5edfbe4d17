import KafkaKit
import Testing

/// `KafkaConsumer.lag`: high watermark minus the group's committed offset, per assigned partition.
struct ConsumerLagTests {
    @Test func lagIsWhatTheGroupHasNotCommitted() async throws {
        let kafka = try MockKafka(topics: ["lagged": 1])
        let producer = try KafkaProducer(config: kafka.producerConfig)
        for i in 0..<5 { _ = try await producer.send(ProducerRecord(topic: "lagged", key: "k", value: bytes("v\(i)"))) }
        await producer.close()

        let consumer = try KafkaConsumer(config: kafka.consumerConfig(group: "lag"), topics: ["lagged"])
        _ = try await consume(consumer, count: 2)  // reads two, stores their offsets
        try await consumer.commit()
        let lag = try await consumer.lag(timeout: .seconds(20))  // generous: the suite runs beside many others
        #expect(lag.map(\.partition) == [TopicPartition(topic: "lagged", partition: 0)])
        #expect(lag.map(\.lag) == [3], "5 records, 2 committed")
        _ = try await consume(consumer, count: 3)
        try await consumer.commit()
        #expect(try await consumer.lag(timeout: .seconds(20)).map(\.lag) == [0])
        await consumer.close()
    }
}
