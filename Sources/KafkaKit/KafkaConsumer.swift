import CRdKafka
import Foundation
import Logging

/// A consumer-group member that reads records one at a time, pulled by the caller.
///
/// Offsets are never stored automatically: call `storeOffset(for:)` once a record's handling
/// is durable. Stored offsets are committed in the background, before partitions are revoked
/// in a rebalance, by `commit()`, and on `close`. A record whose offset was not stored is read
/// again after a restart or rebalance (at-least-once).
public final class KafkaConsumer: Sendable {
    public static let defaults: [String: String] = [
        "enable.auto.offset.store": "false",
        "enable.auto.commit": "true",
        "auto.commit.interval.ms": "1000",
        "auto.offset.reset": "earliest",
        "enable.partition.eof": "false",
        // Low latency and quick recovery (docs/operations.md, "Latency and restarts"): an idle
        // fetch returns after 10 ms (librdkafka: 500); a member that died is dropped after 6 s
        // (librdkafka: 45 s; 6 s is the broker's default minimum).
        "fetch.wait.max.ms": "10",
        "session.timeout.ms": "6000",
        "heartbeat.interval.ms": "2000",
    ]

    private let handle: ClientHandle
    private let context: ClientContext
    private let closed = AtomicFlag(false)
    private let stopped = AtomicFlag(false)
    private let destroyed = AtomicFlag(false)
    /// Serial queue for `rd_kafka_consumer_poll` and close (never two at once).
    private let pollQueue = BlockingQueue(label: "kafkakit.consumer.poll")
    /// Separate queue for commits and metadata, so they never wait behind a poll.
    private let commitQueue = BlockingQueue(label: "kafkakit.consumer.commit")
    let logger: Logger

    /// Joins the group named by `group.id` in `config` and subscribes to `topics`.
    public init(config: KafkaConfig, topics: [String], logger: Logger = Logger(label: "kafkakit.consumer"),
                onRebalance: (@Sendable (RebalanceEvent) -> Void)? = nil) throws {
        guard config["group.id"] != nil else { throw KafkaError.client("consumer needs group.id") }
        guard !topics.isEmpty else { throw KafkaError.client("consumer needs at least one topic") }
        self.logger = logger
        let context = ClientContext(logger: logger, rebalanceObserver: onRebalance)
        self.context = context
        let rk = try makeClient(RD_KAFKA_CONSUMER, config: config.withDefaults(Self.defaults), context: context) { conf in
            rd_kafka_conf_set_rebalance_cb(conf, rebalanceCallback)
        }
        rd_kafka_poll_set_consumer(rk)
        let list = rd_kafka_topic_partition_list_new(Int32(topics.count))!
        defer { rd_kafka_topic_partition_list_destroy(list) }
        for topic in topics { rd_kafka_topic_partition_list_add(list, topic, RD_KAFKA_PARTITION_UA) }
        let err = rd_kafka_subscribe(rk, list)
        if err != RD_KAFKA_RESP_ERR_NO_ERROR {
            rd_kafka_destroy(rk)
            throw KafkaError(err, message: "subscribe to \(topics): \(String(cString: rd_kafka_err2str(err)))")
        }
        self.handle = ClientHandle(rk)
    }

    deinit {
        if !destroyed.exchange(true) {
            rd_kafka_consumer_close(handle.rk)
            rd_kafka_destroy(handle.rk)
        }
        _ = context
    }

    /// The records of the subscribed topics, read only as the caller asks for the next one.
    /// Ends (returns nil) when the consumer is closed or the iterating task is cancelled.
    public var messages: Messages { Messages(consumer: self) }

    /// Waits for the next record; nil once closed, stopped or cancelled.
    public func next() async throws -> KafkaMessage? {
        try await nextBatch(max: 1).first
    }

    /// Waits for the next record, then takes the records the consumer already fetched after it, up
    /// to `max` in all, in one trip to the poll queue (a thread hand-off each way per call, not per
    /// record). Empty once closed, stopped or cancelled; with `waitForFirst` false, also when no
    /// record is there yet.
    public func nextBatch(max: Int, waitForFirst: Bool = true) async throws -> [KafkaMessage] {
        let cancelled = AtomicFlag(false)
        let handle = self.handle, closed = self.closed, stopped = self.stopped, logger = self.logger
        return try await withTaskCancellationHandler {
            try await pollQueue.run { () throws -> [KafkaMessage] in
                var batch: [KafkaMessage] = []
                while batch.isEmpty && !closed.value && !stopped.value && !cancelled.value {
                    if let message = try Self.poll(handle, timeoutMs: waitForFirst ? 100 : 0, logger: logger) { batch.append(message) }
                    if !waitForFirst { break }
                }
                while !batch.isEmpty && batch.count < max && !closed.value && !stopped.value,
                      let message = try Self.poll(handle, timeoutMs: 0, logger: logger) {
                    batch.append(message)
                }
                return batch
            }
        } onCancel: {
            cancelled.set(true)
        }
    }

    /// One `rd_kafka_consumer_poll` (on the poll queue): the record, or nil when none came within
    /// the timeout or the event was not a record (an error is logged, then waited after so as not
    /// to spin on it; a fatal one thrown).
    private static func poll(_ handle: ClientHandle, timeoutMs: Int32, logger: Logger) throws -> KafkaMessage? {
        guard let msg = rd_kafka_consumer_poll(handle.rk, timeoutMs) else { return nil }
        defer { rd_kafka_message_destroy(msg) }
        let err = msg.pointee.err
        if err == RD_KAFKA_RESP_ERR_NO_ERROR { return KafkaMessage(copying: msg) }
        if err == RD_KAFKA_RESP_ERR__PARTITION_EOF { return nil }
        let error = KafkaError(err, message: rd_kafka_message_errstr(msg).map { String(cString: $0) })
        if err == RD_KAFKA_RESP_ERR__FATAL { throw error }
        logger.warning("consumer error", metadata: ["error": "\(error)"])
        usleep(100_000)  // errors come back without waiting: do not spin on them
        return nil
    }

    /// Makes a waiting `next()` (and every later one) return nil, without leaving the group:
    /// the caller can still finish the record in hand, store its offset and `close()`.
    public func stopReading() {
        stopped.set(true)
    }

    /// Marks `message` as handled: its offset + 1 will be committed.
    public func storeOffset(for message: KafkaMessage) throws {
        guard !closed.value else { throw KafkaError.client("consumer is closed") }
        let list = rd_kafka_topic_partition_list_new(1)!
        defer { rd_kafka_topic_partition_list_destroy(list) }
        rd_kafka_topic_partition_list_add(list, message.topic, message.partition).pointee.offset = message.offset + 1
        try check(rd_kafka_offsets_store(handle.rk, list), "store offset \(message.topic)[\(message.partition)]@\(message.offset)")
    }

    /// Commits the stored offsets now and waits for the broker's answer.
    public func commit() async throws {
        guard !closed.value else { throw KafkaError.client("consumer is closed") }
        let handle = self.handle
        let err = await commitQueue.run { rd_kafka_commit(handle.rk, nil, 0) }
        if err == RD_KAFKA_RESP_ERR__NO_OFFSET { return }
        try check(err, "commit")
    }

    /// Sends the stored offsets to the group without waiting for the answer. A commit that fails
    /// is made good by the next one, the background auto-commit, the commit before a revocation
    /// or `close` (all commit what is stored, so never an offset before its record is handled).
    public func commitInBackground() throws {
        guard !closed.value else { throw KafkaError.client("consumer is closed") }
        let err = rd_kafka_commit(handle.rk, nil, 1)
        if err == RD_KAFKA_RESP_ERR__NO_OFFSET { return }
        try check(err, "commit")
    }

    /// The partitions currently assigned to this member.
    public func assignment() throws -> [TopicPartition] {
        guard !closed.value else { throw KafkaError.client("consumer is closed") }
        var list: UnsafeMutablePointer<rd_kafka_topic_partition_list_t>?
        try check(rd_kafka_assignment(handle.rk, &list), "assignment")
        defer { if let list { rd_kafka_topic_partition_list_destroy(list) } }
        return TopicPartition.list(list)
    }

    /// The committed offsets of the group for `partitions` (nil where none is committed).
    public func committed(_ partitions: [TopicPartition], timeout: Duration = .seconds(5)) async throws -> [TopicPartition] {
        let handle = self.handle
        return try await commitQueue.run {
            let list = rd_kafka_topic_partition_list_new(Int32(partitions.count))!
            defer { rd_kafka_topic_partition_list_destroy(list) }
            for p in partitions { rd_kafka_topic_partition_list_add(list, p.topic, p.partition) }
            try check(rd_kafka_committed(handle.rk, list, timeout.milliseconds), "committed")
            return TopicPartition.list(list)
        }
    }

    /// How far the group is behind on each assigned partition: the partition's high watermark
    /// minus the group's committed offset (minus the low watermark when nothing is committed).
    /// Asks the brokers; partitions they do not answer for within `timeout` are left out.
    public func lag(timeout: Duration = .seconds(2)) async throws -> [(partition: TopicPartition, lag: Int64)] {
        let assigned = try assignment()
        guard !assigned.isEmpty else { return [] }
        let committed = try await self.committed(assigned, timeout: timeout)
        let handle = self.handle
        return await commitQueue.run {
            committed.compactMap { p -> (partition: TopicPartition, lag: Int64)? in
                var low: Int64 = 0, high: Int64 = 0
                guard rd_kafka_query_watermark_offsets(handle.rk, p.topic, p.partition, &low, &high, timeout.milliseconds)
                        == RD_KAFKA_RESP_ERR_NO_ERROR else { return nil }
                return (TopicPartition(topic: p.topic, partition: p.partition), max(0, high - (p.offset ?? low)))
            }
        }
    }

    /// True when a broker answered a metadata request within `timeout`.
    public func isConnected(timeout: Duration = .seconds(2)) async -> Bool {
        guard !closed.value else { return false }
        let handle = self.handle
        return await commitQueue.run { fetchMetadata(handle.rk, timeout: timeout) }
    }

    /// Stops reading, commits stored offsets, leaves the group and releases the client.
    /// Gives up waiting after `timeout` (the close then finishes in the background).
    public func close(timeout: Duration = .seconds(10)) async {
        guard !closed.exchange(true) else { return }
        let handle = self.handle, destroyed = self.destroyed, logger = self.logger
        let work = Task {
            await pollQueue.run {
                guard !destroyed.exchange(true) else { return }
                let err = rd_kafka_commit(handle.rk, nil, 0)
                if err != RD_KAFKA_RESP_ERR_NO_ERROR && err != RD_KAFKA_RESP_ERR__NO_OFFSET {
                    logger.warning("final commit failed", metadata: ["error": "\(KafkaError(err))"])
                }
                rd_kafka_consumer_close(handle.rk)
                rd_kafka_destroy(handle.rk)
            }
        }
        let finished = await withTaskGroup(of: Bool.self) { group in
            group.addTask { await work.value; return true }
            group.addTask { try? await Task.sleep(for: timeout); return false }
            let first = await group.next() ?? false
            group.cancelAll()
            return first
        }
        if !finished { logger.warning("consumer close did not finish within \(timeout)") }
    }

    public struct Messages: AsyncSequence, Sendable {
        let consumer: KafkaConsumer
        public func makeAsyncIterator() -> Iterator { Iterator(consumer: consumer) }

        public struct Iterator: AsyncIteratorProtocol {
            let consumer: KafkaConsumer
            public mutating func next() async throws -> KafkaMessage? { try await consumer.next() }
        }
    }
}

/// librdkafka's rebalance callback: commits stored offsets before giving partitions up.
private func rebalanceCallback(_ rk: OpaquePointer?, _ err: rd_kafka_resp_err_t,
                               _ partitions: UnsafeMutablePointer<rd_kafka_topic_partition_list_t>?,
                               _ opaque: UnsafeMutableRawPointer?) {
    guard let rk else { return }
    let context = ClientContext.from(rk)
    let cooperative = rd_kafka_rebalance_protocol(rk).map { String(cString: $0) } == "COOPERATIVE"
    let list = TopicPartition.list(partitions)
    switch err {
    case RD_KAFKA_RESP_ERR__ASSIGN_PARTITIONS:
        if cooperative {
            if let error = rd_kafka_incremental_assign(rk, partitions) {
                context?.logger.error("incremental assign failed", metadata: ["error": "\(KafkaError.consuming(error))"])
            }
        } else {
            rd_kafka_assign(rk, partitions)
        }
        context?.logger.info("partitions assigned", metadata: ["partitions": "\(list)"])
        context?.rebalanceObserver?(.assigned(list))
    case RD_KAFKA_RESP_ERR__REVOKE_PARTITIONS:
        let commitErr = rd_kafka_commit(rk, nil, 0)
        if commitErr != RD_KAFKA_RESP_ERR_NO_ERROR && commitErr != RD_KAFKA_RESP_ERR__NO_OFFSET {
            context?.logger.warning("commit before revocation failed", metadata: ["error": "\(KafkaError(commitErr))"])
        }
        if cooperative {
            if let error = rd_kafka_incremental_unassign(rk, partitions) {
                context?.logger.error("incremental unassign failed", metadata: ["error": "\(KafkaError.consuming(error))"])
            }
        } else {
            rd_kafka_assign(rk, nil)
        }
        context?.logger.info("partitions revoked", metadata: ["partitions": "\(list)"])
        context?.rebalanceObserver?(.revoked(list))
    default:
        context?.logger.error("rebalance error", metadata: ["error": "\(KafkaError(err))"])
        rd_kafka_assign(rk, nil)
    }
}
