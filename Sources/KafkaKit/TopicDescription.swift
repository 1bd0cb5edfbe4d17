import CRdKafka

/// A topic as the cluster describes it: partitions, replication and topic-level settings.
public struct TopicDescription: Sendable, Equatable {
    public var name: String
    public var partitions: Int
    /// Replicas of the first partition (Kafka gives every partition of a topic the same count).
    public var replicationFactor: Int
    /// Topic-level settings as the broker reports them (`retention.ms`, `cleanup.policy`, ...);
    /// nil when not asked for or when the broker does not answer DescribeConfigs (librdkafka's
    /// mock cluster, for one).
    public var configs: [String: String]?

    public init(name: String, partitions: Int, replicationFactor: Int, configs: [String: String]? = nil) {
        self.name = name
        self.partitions = partitions
        self.replicationFactor = replicationFactor
        self.configs = configs
    }
}

extension KafkaAdmin {
    /// Every topic of the cluster (internal topics such as `__consumer_offsets` left out), by name.
    public func listTopics(timeout: Duration = .seconds(10)) async throws -> [TopicDescription] {
        let handle = self.handle
        return try await blocking.run { try Self.metadataBlocking(handle.rk, timeout: timeout) }
    }

    /// The named topics with their settings (nil where the broker does not describe them); throws
    /// `KafkaError` naming a topic that does not exist.
    public func describeTopics(_ names: [String], timeout: Duration = .seconds(10)) async throws -> [TopicDescription] {
        let handle = self.handle
        return try await blocking.run {
            let known = Dictionary(try Self.metadataBlocking(handle.rk, timeout: timeout).map { ($0.name, $0) },
                                   uniquingKeysWith: { first, _ in first })
            return try names.map { name in
                guard var topic = known[name] else {
                    throw KafkaError(RD_KAFKA_RESP_ERR_UNKNOWN_TOPIC_OR_PART, message: "topic \(name) does not exist")
                }
                topic.configs = try? Self.configsBlocking(handle.rk, topic: name, timeout: timeout)
                return topic
            }
        }
    }

    private static func metadataBlocking(_ rk: OpaquePointer, timeout: Duration) throws -> [TopicDescription] {
        var metadata: UnsafePointer<rd_kafka_metadata>?
        try check(rd_kafka_metadata(rk, 1, nil, &metadata, timeout.milliseconds), "metadata")
        guard let metadata else { return [] }
        defer { rd_kafka_metadata_destroy(metadata) }
        var topics: [TopicDescription] = []
        for i in 0..<Int(metadata.pointee.topic_cnt) {
            let topic = metadata.pointee.topics[i]
            let name = String(cString: topic.topic)
            guard !name.hasPrefix("__"), topic.err == RD_KAFKA_RESP_ERR_NO_ERROR else { continue }
            let replicas = topic.partition_cnt > 0 ? Int(topic.partitions[0].replica_cnt) : 0
            topics.append(TopicDescription(name: name, partitions: Int(topic.partition_cnt), replicationFactor: replicas))
        }
        return topics.sorted { $0.name < $1.name }
    }

    private static func configsBlocking(_ rk: OpaquePointer, topic: String, timeout: Duration) throws -> [String: String] {
        var errbuf = [CChar](repeating: 0, count: 512)
        var resource: OpaquePointer? = rd_kafka_ConfigResource_new(RD_KAFKA_RESOURCE_TOPIC, topic)
        defer { rd_kafka_ConfigResource_destroy(resource) }
        let options = rd_kafka_AdminOptions_new(rk, RD_KAFKA_ADMIN_OP_DESCRIBECONFIGS)
        defer { rd_kafka_AdminOptions_destroy(options) }
        _ = rd_kafka_AdminOptions_set_request_timeout(options, timeout.milliseconds, &errbuf, errbuf.count)
        let queue = rd_kafka_queue_new(rk)
        defer { rd_kafka_queue_destroy(queue) }
        rd_kafka_DescribeConfigs(rk, &resource, 1, options, queue)
        guard let event = rd_kafka_queue_poll(queue, timeout.milliseconds + 1000) else {
            throw KafkaError(RD_KAFKA_RESP_ERR__TIMED_OUT, message: "describe configs of \(topic) timed out")
        }
        defer { rd_kafka_event_destroy(event) }
        let eventErr = rd_kafka_event_error(event)
        if eventErr != RD_KAFKA_RESP_ERR_NO_ERROR {
            throw KafkaError(eventErr, message: rd_kafka_event_error_string(event).map { String(cString: $0) })
        }
        guard let result = rd_kafka_event_DescribeConfigs_result(event) else { return [:] }
        var count = 0
        guard let resources = rd_kafka_DescribeConfigs_result_resources(result, &count), count > 0 else { return [:] }
        try check(rd_kafka_ConfigResource_error(resources[0]), "describe configs of \(topic)")
        var entryCount = 0
        guard let entries = rd_kafka_ConfigResource_configs(resources[0], &entryCount) else { return [:] }
        var configs: [String: String] = [:]
        for i in 0..<entryCount {
            let entry = entries[i]
            guard let value = rd_kafka_ConfigEntry_value(entry) else { continue }
            configs[String(cString: rd_kafka_ConfigEntry_name(entry))] = String(cString: value)
        }
        return configs
    }
}
