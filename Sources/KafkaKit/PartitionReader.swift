import CRdKafka
import Foundation
import Logging

/// Reads one partition from its first kept record to its end, outside any consumer group: for
/// restoring state from a changelog topic (the way Kafka Streams restores a state store).
///
/// "The end" is the partition's high watermark when the read starts; records written later are
/// not included. Reads run one at a time on a dedicated queue, never on Swift's cooperative pool.
public final class PartitionReader: Sendable {
    private let handle: ClientHandle
    private let context: ClientContext
    private let queue = BlockingQueue(label: "kafkakit.partition-reader")

    /// `config` needs `bootstrap.servers`; group settings in it are replaced: librdkafka 2.0.2 assigns
    /// partitions only with a `group.id`, so the reader has one of its own, which it never joins and
    /// never commits to.
    public init(config: KafkaConfig, logger: Logger = Logger(label: "kafkakit.partition-reader")) throws {
        var config = config
        config["group.id"] = "kafkakit.partition-reader"
        config["group.instance.id"] = nil
        let context = ClientContext(logger: logger)
        self.context = context
        let rk = try makeClient(RD_KAFKA_CONSUMER, config: config.withDefaults([
            "enable.auto.commit": "false", "enable.auto.offset.store": "false", "enable.partition.eof": "false",
            "fetch.wait.max.ms": "10", "auto.offset.reset": "earliest",
        ]), context: context)
        rd_kafka_poll_set_consumer(rk)
        handle = ClientHandle(rk)
    }

    deinit {
        rd_kafka_consumer_close(handle.rk)
        rd_kafka_destroy(handle.rk)
        _ = context
    }

    /// The partition's high watermark: the offset the next record written to it will get.
    public func endOffset(topic: String, partition: Int32, timeout: Duration = .seconds(10)) async throws -> Int64 {
        let handle = self.handle
        return try await queue.run { try Self.watermarks(handle.rk, topic, partition, timeout).high }
    }

    /// Every record of `topic[partition]` from the low watermark up to the high watermark read at
    /// the start, in offset order, and that end offset. Throws when the partition does not exist or
    /// the records are not all read within `timeout`.
    public func readToEnd(topic: String, partition: Int32,
                          timeout: Duration = .seconds(60)) async throws -> (records: [KafkaMessage], end: Int64) {
        let handle = self.handle
        return try await queue.run {
            let (low, high) = try Self.watermarks(handle.rk, topic, partition, .seconds(10))
            guard high > low else { return ([], high) }
            let list = rd_kafka_topic_partition_list_new(1)!
            defer { rd_kafka_topic_partition_list_destroy(list) }
            rd_kafka_topic_partition_list_add(list, topic, partition).pointee.offset = low
            try check(rd_kafka_assign(handle.rk, list), "assign \(topic)[\(partition)]")
            defer { rd_kafka_assign(handle.rk, nil) }
            var records: [KafkaMessage] = []
            var next = low
            let deadline = ContinuousClock.now + timeout
            while next < high {
                guard ContinuousClock.now < deadline else {
                    throw KafkaError.client("read of \(topic)[\(partition)] stopped at offset \(next) of \(high) after \(timeout)")
                }
                guard let msg = rd_kafka_consumer_poll(handle.rk, 100) else { continue }
                defer { rd_kafka_message_destroy(msg) }
                let err = msg.pointee.err
                if err == RD_KAFKA_RESP_ERR__PARTITION_EOF { continue }
                guard err == RD_KAFKA_RESP_ERR_NO_ERROR else {
                    throw KafkaError(err, message: "read \(topic)[\(partition)]: "
                                     + (rd_kafka_message_errstr(msg).map { String(cString: $0) } ?? ""))
                }
                let record = KafkaMessage(copying: msg)
                guard record.offset < high else { break }
                records.append(record)
                next = record.offset + 1
            }
            return (records, high)
        }
    }

    private static func watermarks(_ rk: OpaquePointer, _ topic: String, _ partition: Int32,
                                   _ timeout: Duration) throws -> (low: Int64, high: Int64) {
        var low: Int64 = 0, high: Int64 = 0
        try check(rd_kafka_query_watermark_offsets(rk, topic, partition, &low, &high, timeout.milliseconds),
                  "watermarks of \(topic)[\(partition)]")
        return (low, high)
    }
}
