import CRdKafka
import Logging

/// librdkafka's built-in mock Kafka cluster: real Kafka protocol on loopback ports, in memory.
///
/// For tests and the development broker only (no persistence, no SASL/TLS, about 5 MiB kept
/// per partition). Hand `bootstrapServers` to every client that should use it.
public final class MockCluster: Sendable {
    /// Kafka protocol API keys, for `pushRequestErrors`.
    public enum APIKey {
        public static let produce: Int16 = 0
        public static let fetch: Int16 = 1
        public static let listOffsets: Int16 = 2
        public static let metadata: Int16 = 3
        public static let offsetCommit: Int16 = 8
        public static let offsetFetch: Int16 = 9
        public static let findCoordinator: Int16 = 10
        public static let joinGroup: Int16 = 11
        public static let heartbeat: Int16 = 12
        public static let syncGroup: Int16 = 14
        public static let initProducerId: Int16 = 22
    }

    private let host: ClientHandle
    private let cluster: MockHandle
    private let context: ClientContext
    /// `host:port,...` of the mock brokers.
    public let bootstrapServers: String
    public let brokerCount: Int
    /// The loopback port of each broker, in id order (1...): the mock listens on ports the system picks.
    public var brokerPorts: [Int] {
        bootstrapServers.split(separator: ",").map { Int($0.split(separator: ":").last ?? "") ?? 0 }
    }

    /// Starts `brokers` mock brokers (ids 1...brokers) on loopback.
    public init(brokers: Int = 1, logger: Logger = Logger(label: "kafkakit.mock")) throws {
        context = ClientContext(logger: logger)
        let rk = try makeClient(RD_KAFKA_PRODUCER, config: ["client.id": "mock-cluster-host"], context: context)
        guard let mcluster = rd_kafka_mock_cluster_new(rk, Int32(brokers)) else {
            rd_kafka_destroy(rk)
            throw KafkaError.client("cannot start the mock cluster")
        }
        host = ClientHandle(rk)
        cluster = MockHandle(pointer: mcluster)
        bootstrapServers = String(cString: rd_kafka_mock_cluster_bootstraps(mcluster))
        brokerCount = brokers
    }

    deinit {
        rd_kafka_mock_cluster_destroy(cluster.pointer)
        rd_kafka_destroy(host.rk)
    }

    /// Creates a topic (an existing topic is an error from the mock).
    public func createTopic(_ name: String, partitions: Int32 = 1, replicationFactor: Int32 = 1) throws {
        try check(rd_kafka_mock_topic_create(cluster.pointer, name, partitions, replicationFactor), "mock topic \(name)")
    }

    /// Makes broker `id` unreachable: its connections are closed and new ones refused.
    public func setBrokerDown(_ id: Int32) throws {
        try check(rd_kafka_mock_broker_set_down(cluster.pointer, id), "broker \(id) down")
    }

    /// Brings broker `id` back.
    public func setBrokerUp(_ id: Int32) throws {
        try check(rd_kafka_mock_broker_set_up(cluster.pointer, id), "broker \(id) up")
    }

    /// The next requests of `apiKey` (any broker) fail with `errors`, in order (`KafkaError.code` values).
    public func pushRequestErrors(apiKey: Int16, _ errors: [Int32]) {
        let native = errors.map { rd_kafka_resp_err_t(rawValue: $0) }
        native.withUnsafeBufferPointer { buffer in
            rd_kafka_mock_push_request_errors_array(cluster.pointer, apiKey, buffer.count, buffer.baseAddress)
        }
    }

    /// Drops any errors still queued for `apiKey`.
    public func clearRequestErrors(apiKey: Int16) {
        rd_kafka_mock_clear_request_errors(cluster.pointer, apiKey)
    }

    /// Makes every request for `topic` fail with `code` (0 clears it).
    public func setTopicError(_ topic: String, code: Int32) {
        rd_kafka_mock_topic_set_error(cluster.pointer, topic, rd_kafka_resp_err_t(rawValue: code))
    }

    /// Moves the leadership of a partition to broker `id`.
    public func setPartitionLeader(topic: String, partition: Int32, broker id: Int32) throws {
        try check(rd_kafka_mock_partition_set_leader(cluster.pointer, topic, partition, id), "set leader")
    }
}

private struct MockHandle: @unchecked Sendable {
    let pointer: OpaquePointer
}
