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

@Suite(.timeLimit(.minutes(1)))
struct TopicListingTests {
    @Test func listTopicsReportsPartitionsAndReplicationOfEveryTopic() async throws {
        let cluster = try MockCluster(brokers: 1)
        try cluster.createTopic("listing.a", partitions: 3)
        try cluster.createTopic("listing.b", partitions: 1)
        let admin = try KafkaAdmin(config: ["bootstrap.servers": cluster.bootstrapServers])
        let topics = try await admin.listTopics()
        #expect(topics.first { $0.name == "listing.a" } == TopicDescription(name: "listing.a", partitions: 3, replicationFactor: 1))
        #expect(topics.first { $0.name == "listing.b" }?.partitions == 1)
        #expect(topics.map(\.name) == topics.map(\.name).sorted())
    }

    @Test func describingATopicThatDoesNotExistNamesIt() async throws {
        let cluster = try MockCluster(brokers: 1)
        try cluster.createTopic("listing.present", partitions: 1)
        let admin = try KafkaAdmin(config: ["bootstrap.servers": cluster.bootstrapServers])
        do {
            _ = try await admin.describeTopics(["listing.absent"], timeout: .seconds(3))
            Issue.record("describing a missing topic succeeded")
        } catch let error as KafkaError {
            #expect(error.message.contains("listing.absent"))
        }
    }
}

struct LibraryVersionTests {
    @Test(arguments: [(UInt32(0x020002ff), "2.0.2"), (0x021000ff, "2.16.0"), (0x010903ff, "1.9.3")])
    func packedVersionsReadAsMajorMinorPatch(packed: UInt32, expected: String) {
        #expect(KafkaLibrary.Version(packed: packed).description == expected)
    }

    @Test func versionsCompareByMajorThenMinorThenPatch() {
        #expect(KafkaLibrary.Version(2, 0, 2) < KafkaLibrary.Version(2, 0, 10))
        #expect(KafkaLibrary.Version(1, 9, 9) < KafkaLibrary.Version(2, 0, 0))
        #expect(!(KafkaLibrary.Version(2, 16, 0) < KafkaLibrary.minimum))
    }

    @Test func theLoadedLibraryMeetsTheMinimum() throws {
        #expect(KafkaLibrary.version >= KafkaLibrary.minimum)
        try KafkaLibrary.checkMinimum()
    }
}
