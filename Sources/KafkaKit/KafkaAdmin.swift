import CRdKafka
import Logging

/// A topic to create.
public struct TopicSpec: Sendable, Equatable {
    public var name: String
    public var partitions: Int32
    public var replicationFactor: Int32
    /// Topic-level settings such as `retention.ms` or `cleanup.policy`.
    public var configs: [String: String]

    public init(name: String, partitions: Int32 = 1, replicationFactor: Int32 = 1, configs: [String: String] = [:]) {
        self.name = name
        self.partitions = partitions
        self.replicationFactor = replicationFactor
        self.configs = configs
    }
}

/// Cluster administration: creating, listing and describing topics.
public final class KafkaAdmin: Sendable {
    let handle: ClientHandle
    private let context: ClientContext
    let blocking = BlockingQueue(label: "kafkakit.admin")

    public init(config: KafkaConfig, logger: Logger = Logger(label: "kafkakit.admin")) throws {
        context = ClientContext(logger: logger)
        handle = ClientHandle(try makeClient(RD_KAFKA_PRODUCER, config: config, context: context))
    }

    deinit { rd_kafka_destroy(handle.rk) }

    /// Creates the topics that do not exist yet; topics that already exist are left as they are.
    /// Returns the names it created. Throws the first error other than "already exists".
    @discardableResult
    public func createTopics(_ specs: [TopicSpec], timeout: Duration = .seconds(30)) async throws -> [String] {
        guard !specs.isEmpty else { return [] }
        let handle = self.handle
        return try await blocking.run {
            try Self.createTopicsBlocking(handle.rk, specs, timeout: timeout)
        }
    }

    private static func createTopicsBlocking(_ rk: OpaquePointer, _ specs: [TopicSpec], timeout: Duration) throws -> [String] {
        var errbuf = [CChar](repeating: 0, count: 512)
        var newTopics: [OpaquePointer?] = []
        defer { for t in newTopics { rd_kafka_NewTopic_destroy(t) } }
        for spec in specs {
            guard let topic = rd_kafka_NewTopic_new(spec.name, spec.partitions, spec.replicationFactor, &errbuf, errbuf.count) else {
                throw KafkaError.client("topic \(spec.name): \(string(errbuf))")
            }
            newTopics.append(topic)
            for (key, value) in spec.configs.sorted(by: { $0.key < $1.key }) {
                try check(rd_kafka_NewTopic_set_config(topic, key, value), "topic \(spec.name) setting \(key)")
            }
        }
        let options = rd_kafka_AdminOptions_new(rk, RD_KAFKA_ADMIN_OP_CREATETOPICS)
        defer { rd_kafka_AdminOptions_destroy(options) }
        _ = rd_kafka_AdminOptions_set_operation_timeout(options, timeout.milliseconds, &errbuf, errbuf.count)
        _ = rd_kafka_AdminOptions_set_request_timeout(options, timeout.milliseconds, &errbuf, errbuf.count)
        let queue = rd_kafka_queue_new(rk)
        defer { rd_kafka_queue_destroy(queue) }
        newTopics.withUnsafeMutableBufferPointer { buffer in
            rd_kafka_CreateTopics(rk, buffer.baseAddress, buffer.count, options, queue)
        }
        guard let event = rd_kafka_queue_poll(queue, timeout.milliseconds + 1000) else {
            throw KafkaError(RD_KAFKA_RESP_ERR__TIMED_OUT, message: "create topics timed out")
        }
        defer { rd_kafka_event_destroy(event) }
        let eventErr = rd_kafka_event_error(event)
        if eventErr != RD_KAFKA_RESP_ERR_NO_ERROR {
            throw KafkaError(eventErr, message: rd_kafka_event_error_string(event).map { String(cString: $0) })
        }
        guard let result = rd_kafka_event_CreateTopics_result(event) else { return [] }
        var count = 0
        guard let results = rd_kafka_CreateTopics_result_topics(result, &count) else { return [] }
        var created: [String] = []
        for i in 0..<count {
            let topicResult = results[i]
            let name = String(cString: rd_kafka_topic_result_name(topicResult))
            let err = rd_kafka_topic_result_error(topicResult)
            switch err {
            case RD_KAFKA_RESP_ERR_NO_ERROR: created.append(name)
            case RD_KAFKA_RESP_ERR_TOPIC_ALREADY_EXISTS: continue
            default:
                let reason = rd_kafka_topic_result_error_string(topicResult).map { String(cString: $0) }
                throw KafkaError(err, message: "create topic \(name): \(reason ?? String(cString: rd_kafka_err2str(err)))")
            }
        }
        return created
    }
}
