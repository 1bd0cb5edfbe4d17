import Foundation
import KafkaKit
import Testing

/// The dev broker's restart: a new mock cluster behind the same forwarded port (LoopbackForwarder).
@Suite(.timeLimit(.minutes(3)))
struct BrokerRestartTests {
    /// A producer that bootstrapped through the fixed port finds the new broker by itself: the old
    /// broker's address fails, librdkafka asks its bootstrap address again and takes the new one.
    @Test func producerKeepsWorkingAcrossARestartOnTheSamePort() async throws {
        var cluster: MockCluster? = try MockCluster()
        try cluster!.createTopic("restart", partitions: 1)
        var forwarder: LoopbackForwarder? = try LoopbackForwarder(port: 0, target: cluster!.brokerPorts[0])
        let port = forwarder!.port, oldBroker = cluster!.brokerPorts[0]
        let producer = try KafkaProducer(config: ["bootstrap.servers": "127.0.0.1:\(port)"])
        #expect(try await producer.send(ProducerRecord(topic: "restart", key: "k", value: bytes("before"))).offset == 0)

        forwarder!.stop()
        forwarder = nil
        cluster = nil  // the broker the producer learned from metadata is gone, with its data
        let restarted = try MockCluster()
        try restarted.createTopic("restart", partitions: 1)
        #expect(restarted.brokerPorts[0] != oldBroker)
        let again = try LoopbackForwarder(port: port, target: restarted.brokerPorts[0])
        #expect(again.port == port)

        let report = try await producer.send(ProducerRecord(topic: "restart", key: "k", value: bytes("after")))
        #expect(report.offset == 0, "not the new broker's first record")
        let consumer = try KafkaConsumer(config: ["bootstrap.servers": "127.0.0.1:\(port)", "group.id": "fresh"], topics: ["restart"])
        #expect(try await consume(consumer, count: 1, within: 60).map { text($0.value) } == ["after"])
        await consumer.close()
        await producer.close()
        again.stop()
    }

    @Test func aPortInUseIsAnError() throws {
        let first = try LoopbackForwarder(port: 0, target: 1)
        #expect(throws: KafkaError.self) { _ = try LoopbackForwarder(port: first.port, target: 1) }
        first.stop()
    }
}
