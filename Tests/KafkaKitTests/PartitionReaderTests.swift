import Foundation
import KafkaKit
import Testing

struct PartitionReaderTests {
    @Test func readsOnePartitionToTheEndSeenAtTheStartAndNothingElse() async throws {
        let kafka = try MockKafka(topics: ["log": 3])
        let producer = try KafkaProducer(config: kafka.producerConfig)
        for i in 0..<5 { try await producer.send(ProducerRecord(topic: "log", partition: 1, key: Array("k\(i)".utf8), value: bytes("one-\(i)"))) }
        try await producer.send(ProducerRecord(topic: "log", partition: 2, key: nil, value: bytes("two")))
        let reader = try PartitionReader(config: ["bootstrap.servers": kafka.cluster.bootstrapServers, "group.id": "ignored"])

        let (records, end) = try await reader.readToEnd(topic: "log", partition: 1)
        #expect(records.map { text($0.value) } == (0..<5).map { "one-\($0)" })
        #expect(records.map(\.offset) == [0, 1, 2, 3, 4])
        #expect(records.allSatisfy { $0.partition == 1 })
        #expect(end == 5)
        #expect(try await reader.endOffset(topic: "log", partition: 2) == 1)

        let empty = try await reader.readToEnd(topic: "log", partition: 0)
        #expect(empty.records.isEmpty && empty.end == 0)

        // A second read of the same partition starts again at the beginning and sees what came since.
        try await producer.send(ProducerRecord(topic: "log", partition: 1, key: nil, value: bytes("one-5")))
        let again = try await reader.readToEnd(topic: "log", partition: 1)
        #expect(again.records.map { text($0.value) } == (0..<6).map { "one-\($0)" })
        #expect(again.end == 6)
        await producer.close()
    }

    @Test func aMissingPartitionIsAnError() async throws {
        let kafka = try MockKafka(topics: ["small": 1])
        let reader = try PartitionReader(config: ["bootstrap.servers": kafka.cluster.bootstrapServers])
        await #expect(throws: KafkaError.self) { _ = try await reader.readToEnd(topic: "small", partition: 5, timeout: .seconds(5)) }
    }
}
