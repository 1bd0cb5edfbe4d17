import CRdKafka
import Foundation
import Logging
import Synchronization

/// A record to produce. A nil partition lets the partitioner choose from the key
/// (librdkafka's default `consistent_random`: the same key always lands on the same partition).
public struct ProducerRecord: Sendable {
    public var topic: String
    public var partition: Int32?
    public var key: [UInt8]?
    public var value: [UInt8]
    public var headers: [KafkaHeader]

    public init(topic: String, partition: Int32? = nil, key: [UInt8]? = nil, value: [UInt8], headers: [KafkaHeader] = []) {
        self.topic = topic
        self.partition = partition
        self.key = key
        self.value = value
        self.headers = headers
    }

    public init(topic: String, key: String?, value: [UInt8], headers: [KafkaHeader] = []) {
        self.init(topic: topic, key: key.map { Array($0.utf8) }, value: value, headers: headers)
    }
}

/// Where a record was written.
public struct DeliveryReport: Sendable, Equatable {
    public var topic: String
    public var partition: Int32
    public var offset: Int64
}

/// An idempotent Kafka producer. `send` returns once the broker acknowledged the record
/// (or throws the delivery error); a dedicated thread serves librdkafka's delivery reports.
public final class KafkaProducer: Sendable {
    /// Defaults applied under the caller's configuration.
    public static let defaults: [String: String] = [
        "enable.idempotence": "true",
        "acks": "all",
        "compression.type": "lz4",
        "linger.ms": "5",
        "message.timeout.ms": "120000",
    ]

    private let handle: ClientHandle
    private let context: ClientContext
    private let running = AtomicFlag(true)
    private let closed = AtomicFlag(false)
    /// Signalled once by the poll thread when it has left its loop; only then is the client destroyed.
    private let pollThreadExited = DispatchSemaphore(value: 0)
    private let blocking = BlockingQueue(label: "kafkakit.producer.blocking")
    let logger: Logger

    public init(config: KafkaConfig, logger: Logger = Logger(label: "kafkakit.producer")) throws {
        self.logger = logger
        let context = ClientContext(logger: logger)
        self.context = context
        let rk = try makeClient(RD_KAFKA_PRODUCER, config: config.withDefaults(Self.defaults), context: context) { conf in
            rd_kafka_conf_set_dr_msg_cb(conf) { _, message, _ in
                guard let message, let opaque = message.pointee._private else { return }
                let box = Unmanaged<DeliveryBox>.fromOpaque(opaque).takeRetainedValue()
                let m = message.pointee
                if m.err == RD_KAFKA_RESP_ERR_NO_ERROR {
                    box.deliver(.success(DeliveryReport(
                        topic: String(cString: rd_kafka_topic_name(m.rkt)), partition: m.partition, offset: m.offset)))
                } else {
                    box.deliver(.failure(KafkaError(m.err)))
                }
            }
        }
        self.handle = ClientHandle(rk)
        let handle = self.handle
        let running = self.running, exited = self.pollThreadExited
        let thread = Thread {
            while running.value {
                rd_kafka_poll(handle.rk, 100)
            }
            exited.signal()
        }
        thread.name = "kafkakit.producer.poll"
        thread.start()
    }

    deinit {
        if !closed.value {
            running.set(false)
            pollThreadExited.wait()
            rd_kafka_purge(handle.rk, Int32(RD_KAFKA_PURGE_F_QUEUE | RD_KAFKA_PURGE_F_INFLIGHT))
            rd_kafka_poll(handle.rk, 0)
            rd_kafka_destroy(handle.rk)
        }
        _ = context
    }

    /// Produces one record and waits for its delivery report.
    /// Throws `KafkaError` when librdkafka refuses the record or the broker never acknowledges it.
    @discardableResult
    public func send(_ record: ProducerRecord) async throws -> DeliveryReport {
        try await sendAll([record])[0].get()
    }

    /// Produces `records` in their order (so records of one partition keep it), then waits for
    /// every delivery report: one result per record, in the same order. Records given together
    /// leave in the same batches (`linger.ms`) instead of one round trip each.
    public func sendAll(_ records: [ProducerRecord]) async -> [Result<DeliveryReport, KafkaError>] {
        await produceAll(records).results()
    }

    /// Hands `records` to librdkafka in their order before it returns, without waiting for the
    /// broker: the caller awaits `results()` when it needs them, and may produce more meanwhile
    /// (records of one partition still leave in the order they were given).
    public func produceAll(_ records: [ProducerRecord]) -> Deliveries {
        let deliveries = Deliveries(count: records.count)
        guard !closed.value else {
            for index in records.indices { deliveries.set(index, .failure(KafkaError.client("producer is closed"))) }
            return deliveries
        }
        for (index, record) in records.enumerated() {
            let box = DeliveryBox { deliveries.set(index, $0) }
            let opaque = Unmanaged.passRetained(box).toOpaque()
            let headers = Self.makeHeaders(record.headers)
            let err: rd_kafka_resp_err_t = record.value.withUnsafeBytes { value in
                let keyBytes = record.key ?? []
                return keyBytes.withUnsafeBytes { key in
                    crdkafka_produce(handle.rk, record.topic, record.partition ?? RD_KAFKA_PARTITION_UA,
                                     record.key == nil ? nil : key.baseAddress, record.key == nil ? 0 : key.count,
                                     value.baseAddress, value.count, headers, opaque)
                }
            }
            if err != RD_KAFKA_RESP_ERR_NO_ERROR {
                if let headers { rd_kafka_headers_destroy(headers) }
                Unmanaged<DeliveryBox>.fromOpaque(opaque).release()
                deliveries.set(index, .failure(KafkaError(err, message: "produce to \(record.topic) refused: \(String(cString: rd_kafka_err2str(err)))")))
            }
        }
        return deliveries
    }

    /// Waits until every queued record is delivered, or throws `_TIMED_OUT` after `timeout`.
    public func flush(timeout: Duration) async throws {
        let handle = self.handle
        let err = await blocking.run { rd_kafka_flush(handle.rk, timeout.milliseconds) }
        try check(err, "flush")
    }

    /// Flushes within `timeout`, fails whatever is still undelivered, and releases the client.
    public func close(timeout: Duration = .seconds(10)) async {
        guard !closed.exchange(true) else { return }
        do { try await flush(timeout: timeout) } catch {
            logger.warning("producer closed with undelivered records", metadata: ["error": "\(error)"])
        }
        running.set(false)
        let handle = self.handle, exited = self.pollThreadExited
        await blocking.run {
            exited.wait()
            rd_kafka_purge(handle.rk, Int32(RD_KAFKA_PURGE_F_QUEUE | RD_KAFKA_PURGE_F_INFLIGHT))
            rd_kafka_poll(handle.rk, 0)
            rd_kafka_destroy(handle.rk)
        }
    }

    /// Asks the cluster for metadata: true when a broker answered within `timeout`.
    public func isConnected(timeout: Duration = .seconds(2)) async -> Bool {
        guard !closed.value else { return false }
        let handle = self.handle
        return await blocking.run { fetchMetadata(handle.rk, timeout: timeout) }
    }

    private static func makeHeaders(_ headers: [KafkaHeader]) -> OpaquePointer? {
        guard !headers.isEmpty, let native = rd_kafka_headers_new(headers.count) else { return nil }
        for header in headers {
            if let value = header.value {
                value.withUnsafeBytes { bytes in
                    _ = rd_kafka_header_add(native, header.name, -1, bytes.baseAddress, bytes.count)
                }
            } else {
                _ = rd_kafka_header_add(native, header.name, -1, nil, 0)
            }
        }
        return native
    }
}

/// Holds what to do with a record's delivery report while librdkafka owns the message.
private final class DeliveryBox {
    let deliver: (Result<DeliveryReport, KafkaError>) -> Void
    init(_ deliver: @escaping (Result<DeliveryReport, KafkaError>) -> Void) { self.deliver = deliver }
}

/// The delivery reports of records produced together (`KafkaProducer.produceAll`), one per
/// record in their order, complete once the last one came.
public final class Deliveries: Sendable {
    private struct State {
        var results: [Result<DeliveryReport, KafkaError>?]
        var missing: Int
        var waiting: [CheckedContinuation<[Result<DeliveryReport, KafkaError>], Never>] = []
    }
    private let state: Mutex<State>

    init(count: Int) {
        state = Mutex(State(results: Array(repeating: nil, count: count), missing: count))
    }

    /// Waits for every report (at once when they all came); the same results on every call.
    public func results() async -> [Result<DeliveryReport, KafkaError>] {
        await withCheckedContinuation { continuation in
            let done = state.withLock { state -> [Result<DeliveryReport, KafkaError>]? in
                if state.missing == 0 { return state.results.map { $0! } }
                state.waiting.append(continuation)
                return nil
            }
            if let done { continuation.resume(returning: done) }
        }
    }

    func set(_ index: Int, _ result: Result<DeliveryReport, KafkaError>) {
        let (done, waiting) = state.withLock { state -> ([Result<DeliveryReport, KafkaError>], [CheckedContinuation<[Result<DeliveryReport, KafkaError>], Never>]) in
            state.results[index] = result
            state.missing -= 1
            guard state.missing == 0 else { return ([], []) }
            defer { state.waiting = [] }
            return (state.results.map { $0! }, state.waiting)
        }
        for continuation in waiting { continuation.resume(returning: done) }
    }
}

/// A native client pointer that may be shared across threads (librdkafka clients are thread-safe).
struct ClientHandle: @unchecked Sendable {
    let rk: OpaquePointer
    init(_ rk: OpaquePointer) { self.rk = rk }
}

/// True when the cluster answered a metadata request within `timeout` (blocking).
func fetchMetadata(_ rk: OpaquePointer, timeout: Duration) -> Bool {
    var metadata: UnsafePointer<rd_kafka_metadata>?
    let err = rd_kafka_metadata(rk, 0, nil, &metadata, timeout.milliseconds)
    if let metadata { rd_kafka_metadata_destroy(metadata) }
    return err == RD_KAFKA_RESP_ERR_NO_ERROR
}
