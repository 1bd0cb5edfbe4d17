import KafkaKit
import Testing

@Suite(.timeLimit(.minutes(1)))
struct AdminTests {
    /// librdkafka 2.0.2's mock cluster has no controller, so CreateTopics cannot succeed there;
    /// what we can pin here is that the call ends within its timeout with a KafkaError.
    @Test func createTopicsOnAClusterWithoutControllerFailsWithinTheTimeout() async throws {
        let cluster = try MockCluster(brokers: 1)
        let admin = try KafkaAdmin(config: ["bootstrap.servers": cluster.bootstrapServers])
        let started = ContinuousClock.now
        await #expect(throws: KafkaError.self) {
            try await admin.createTopics([TopicSpec(name: "a", partitions: 3)], timeout: .seconds(2))
        }
        #expect(ContinuousClock.now - started < .seconds(10))
    }
}
