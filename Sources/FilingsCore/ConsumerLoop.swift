import Foundation
import KafkaKit
import Logging
import Metrics
import ServiceLifecycle
import Synchronization

/// An error that retrying cannot fix (unreadable input, wrong event type, not a filing):
/// the record goes straight to the dead-letter topic.
public protocol PermanentFailure: Error {}

/// A record that cannot be processed, with a reason for the dead-letter headers.
public struct PoisonMessage: PermanentFailure, CustomStringConvertible {
    public let reason: String
    public init(_ reason: String) { self.reason = reason }
    public var description: String { reason }
}

extension CloudEventError: PermanentFailure {}

/// Consume → handle → commit, one record at a time, or in batches when the loop has an `afterBatch`
/// step.
///
/// A record's offset is stored and its commit sent (not waited for) only after its handler returned
/// (its effects are durable) or after the record was written to `<topic>.dlq`, and, with an
/// `afterBatch` step, only after that step returned for the batch it was in, and after the
/// `Acknowledgement` it returned (records it produced, acknowledged by the broker) returned: the
/// loop handles the next batch meanwhile, if its records are already there. A batch is the record
/// waited for plus those the consumer already holds (at most `maxBatch`), less any whose partition
/// a rebalance took away while they were gathered; the step is retried with backoff until it
/// succeeds (or the loop stops, leaving the batch's offsets unstored). Handler errors are retried with
/// backoff (`PermanentFailure`s are not); a record that still fails goes to the DLQ with headers
/// `dlq-stage`, `dlq-error`, `dlq-original-topic`, `dlq-original-partition`, `dlq-original-offset`.
/// The producer takes records as large as the consumer can receive (`producerConfig`); a record
/// the broker still refuses for good (too large for the dead-letter topic) is kept in the store's
/// `quarantine` table and a small dead-letter record pointing at it (`Quarantine.Pointer`, header
/// `dlq-quarantine-id`) goes to the DLQ instead, so no record halts the stage.
/// On graceful shutdown the record in hand is finished, committed, and the consumer closed.
public final class ConsumerLoop: Service, Sendable {
    public typealias Handler = @Sendable (KafkaMessage) async throws -> Void
    /// Runs after every record of a batch was handled, before their offsets are stored. What it
    /// returns, if anything, is awaited before the offsets are stored too (see `Acknowledgement`).
    public typealias BatchStep = @Sendable ([KafkaMessage]) async throws -> Acknowledgement?
    /// What a batch step left to arrive (the broker's acknowledgement of the records it produced).
    /// Called once the loop handled the next batch, or before it waits for records; called again
    /// after it threw, until it returns.
    public typealias Acknowledgement = @Sendable () async throws -> Void

    private let consumer: KafkaConsumer
    private let producer: KafkaProducer
    private let store: Store
    private let topics: Topics
    private let stage: String
    private let handler: Handler
    private let afterBatch: BatchStep?
    private let maxBatch: Int
    private let logger: Logger
    private let retryDelays: [Duration]
    private let kafkaReady: KafkaMonitor?
    private let processed: Counter
    private let deadLetters: DeadLetters
    private let duration: Timer
    private let lastCommit = Mutex(ContinuousClock.now - .seconds(1))

    /// `producer` writes the dead-letter records (configure it with `producerConfig`); `store` keeps
    /// the records the broker refuses.
    public init(consumer: KafkaConsumer, producer: KafkaProducer, store: Store, topics: Topics, stage: String, logger: Logger,
                retryDelays: [Duration] = [.milliseconds(500), .seconds(2), .seconds(5)],
                kafkaReady: KafkaMonitor? = nil, afterBatch: BatchStep? = nil, maxBatch: Int = 50,
                handler: @escaping Handler) {
        self.consumer = consumer
        self.producer = producer
        self.store = store
        self.topics = topics
        self.stage = stage
        self.handler = handler
        self.afterBatch = afterBatch
        self.maxBatch = max(1, maxBatch)
        self.logger = logger
        self.retryDelays = retryDelays
        self.kafkaReady = kafkaReady
        processed = Counter(label: "filings_messages_processed_total", dimensions: [("stage", stage)])
        deadLetters = DeadLetters(producer: producer, store: store, topics: topics, stage: stage, logger: logger)
        duration = Timer(label: "filings_handler_duration_seconds", dimensions: [("stage", stage)])
    }

    public func run() async throws {
        let consumer = self.consumer
        let stop = StopSignal()
        do {
            try await withGracefulShutdownHandler {
                await kafkaReady?.waitUntilConnected(unless: stop)
                // A batch handled whose step's acknowledgement is still to come.
                var unacknowledged: HandledBatch?
                while true {
                    // With a batch waiting, only records already there: else its acknowledgement first.
                    let records = try await consumer.nextBatch(max: afterBatch == nil ? 1 : maxBatch, waitForFirst: unacknowledged == nil)
                    if records.isEmpty {
                        guard let waiting = unacknowledged else { break }
                        try await complete(waiting, stop: stop)
                        unacknowledged = nil
                        continue
                    }
                    let batch = try await process(try assignedOnly(records), stop: stop)
                    if let waiting = unacknowledged {
                        try await complete(waiting, stop: stop)
                        unacknowledged = nil
                    }
                    if let batch {
                        if batch.acknowledgement == nil { try complete(batch) } else { unacknowledged = batch }
                    }
                }
            } onGracefulShutdown: {
                stop.set()
                consumer.stopReading()
            }
        } catch {
            logger.error("consumer loop stopped", metadata: ["stage": "\(stage)", "error": "\(error)"])
            await consumer.close()
            throw error
        }
        await consumer.close()
        logger.info("consumer loop stopped", metadata: ["stage": "\(stage)"])
    }

    /// `records` less those of partitions no longer assigned (a rebalance while polling for them
    /// revoked them: their new owner reads them). A batch is the record waited for plus those the
    /// consumer already holds, one alone without an `afterBatch` step.
    private func assignedOnly(_ records: [KafkaMessage]) throws -> [KafkaMessage] {
        guard afterBatch != nil else { return records }  // one record, polled alone: nothing revoked since
        let assigned = Set(try consumer.assignment().map { TopicPartition(topic: $0.topic, partition: $0.partition) })
        return records.filter { assigned.contains(TopicPartition(topic: $0.topic, partition: $0.partition)) }
    }

    /// Handles one record to completion (handler or DLQ), then commits its offset.
    func process(_ message: KafkaMessage) async throws {
        if let batch = try await process([message], stop: nil) { try await complete(batch, stop: nil) }
    }

    /// Records handled (and their batch step run), waiting for their offsets to be stored.
    private struct HandledBatch {
        var messages: [KafkaMessage]
        var succeeded: Int
        var acknowledgement: Acknowledgement?
    }

    /// Handles each record of `batch` to completion (handler or DLQ) and runs the `afterBatch`
    /// step. Once `stop` is set the records not yet handled are left (their offsets unstored, read
    /// again after the restart). Nil when none was handled.
    private func process(_ batch: [KafkaMessage], stop: StopSignal?) async throws -> HandledBatch? {
        var handled: [KafkaMessage] = [], succeeded = 0
        for message in batch {
            if !handled.isEmpty, stop?.isSet == true { break }
            let started = ContinuousClock.now
            if let failure = await handleWithRetries(message) {
                try await deadLetters.send(message, error: failure)
            } else {
                succeeded += 1
                CrashPoint.afterHandle.reached()
            }
            duration.recordNanoseconds((ContinuousClock.now - started).nanoseconds)
            handled.append(message)
        }
        guard !handled.isEmpty else { return nil }
        var acknowledgement: Acknowledgement?
        if let afterBatch {
            acknowledgement = try await retrying("after-batch step", stop: stop) { try await afterBatch(handled) }
            CrashPoint.afterBatch.reached()
        }
        return HandledBatch(messages: handled, succeeded: succeeded, acknowledgement: acknowledgement)
    }

    /// Awaits `batch`'s acknowledgement (retried with backoff until it returns; its error thrown
    /// once the loop is stopping), then stores the batch's offsets.
    private func complete(_ batch: HandledBatch, stop: StopSignal?) async throws {
        if let acknowledgement = batch.acknowledgement {
            try await retrying("acknowledgement of a batch", stop: stop) { try await acknowledgement() }
        }
        try complete(batch)
    }

    /// Stores the offsets of `batch`, whose effects are durable, and commits now and then.
    private func complete(_ batch: HandledBatch) throws {
        // Counted once their effects are durable (with an after-batch step, after it returned).
        processed.increment(by: batch.succeeded)
        for (n, message) in batch.messages.enumerated() {
            // The last record fails the loop (a closed consumer), unless stored after the next batch
            // was handled; the others are in a batch: a partition revoked since is read again by its new owner.
            if n == batch.messages.count - 1 && batch.acknowledgement == nil {
                try consumer.storeOffset(for: message)
                continue
            }
            do { try consumer.storeOffset(for: message) } catch {
                logger.notice("offset not stored; the record will be read again", metadata: ["error": "\(error)"])
            }
        }
        // Sent at most every `commitInterval` and not waited for (a broker round trip per record cost
        // the broker and every service CPU); in between, the consumer's auto-commit (every second)
        // sends what is stored. A commit that fails leaves the offset stored and committed later;
        // a redelivery is a duplicate the idempotent handlers ignore.
        let now = ContinuousClock.now
        guard lastCommit.withLock({ last in
            guard now - last >= Self.commitInterval else { return false }
            last = now
            return true
        }) else { return }
        do { try consumer.commitInBackground() } catch {
            logger.notice("commit failed; will retry with the next one", metadata: ["error": "\(error)"])
        }
    }

    /// The shortest time between two commits the loop sends itself.
    static let commitInterval = Duration.milliseconds(100)

    /// Runs `body` until it returns, with backoff; throws its error once the loop is stopping.
    private func retrying<T>(_ what: String, stop: StopSignal?, _ body: () async throws -> T) async throws -> T {
        var delay = Duration.milliseconds(200)
        while true {
            do {
                return try await body()
            } catch {
                if stop?.isSet ?? true || Task.isCancelled { throw error }
                logger.warning("\(what) failed; retrying in \(delay)", metadata: ["stage": "\(stage)", "error": "\(error)"])
                try? await Task.sleep(for: delay)
                delay = min(delay * 2, .seconds(30))
            }
        }
    }

    /// Nil when handled; the last error when every attempt failed or the failure is permanent.
    private func handleWithRetries(_ message: KafkaMessage) async -> (any Error)? {
        var attempt = 0
        while true {
            do {
                try await handler(message)
                return nil
            } catch {
                let where_ = "\(message.topic)[\(message.partition)]@\(message.offset)"
                if error is PermanentFailure || attempt >= retryDelays.count {
                    logger.warning("record cannot be processed; sending to dead-letter topic",
                                   metadata: ["record": "\(where_)", "stage": "\(stage)", "error": "\(error)"])
                    return error
                }
                logger.notice("handler failed; retrying in \(retryDelays[attempt])",
                              metadata: ["record": "\(where_)", "error": "\(error)"])
                try? await Task.sleep(for: retryDelays[attempt])
                attempt += 1
            }
        }
    }

    /// `config` for the producer that writes dead-letter records: its `message.max.bytes` raised to
    /// what a consumer with the same settings can receive (`receive.message.max.bytes`, librdkafka's
    /// default 100,000,000), unless `message.max.bytes` is set explicitly.
    public static func producerConfig(_ config: KafkaConfig) -> KafkaConfig {
        var config = config
        if config["message.max.bytes"] == nil {
            config["message.max.bytes"] = config["receive.message.max.bytes"] ?? "100000000"
        }
        return config
    }
}

extension Duration {
    var nanoseconds: Int64 {
        let (seconds, attoseconds) = components
        return seconds * 1_000_000_000 + attoseconds / 1_000_000_000
    }
}
