import Foundation
import GRDB
import KafkaKit
import Logging
import Metrics
import ServiceLifecycle

/// Records waiting in the store to be published: written in the same transaction as the work
/// that produced them, published afterwards by `OutboxRelay`.
public enum Outbox {
    /// Queues `event` for `topic` with `key`, inside the caller's transaction.
    public static func enqueue(_ db: Database, event: CloudEvent, topic: String, key: String?) throws {
        let headers = try JSONCoding.encoder.encode(event.headers.map { StoredHeader(name: $0.name, value: $0.stringValue ?? "") })
        try db.cachedStatement(sql: "INSERT INTO outbox (topic, key, headers, value, created_at) VALUES (?, ?, ?, ?, ?)")
            .execute(arguments: [topic, key, headers, Data(event.data), Date()])
    }

    /// Rows not yet published.
    public static func pendingCount(_ db: Database) throws -> Int {
        try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM outbox WHERE status = 'pending'") ?? 0
    }

    struct StoredHeader: Codable {
        var name: String
        var value: String
    }

    struct Row {
        var id: Int64
        var record: ProducerRecord
    }

    static func nextBatch(_ db: Database, limit: Int) throws -> [Row] {
        try GRDB.Row.fetchAll(db.cachedStatement(sql: "SELECT id, topic, key, headers, value FROM outbox WHERE status = 'pending' ORDER BY id LIMIT ?"),
                              arguments: [limit]).map { row in
            let headers = try JSONCoding.decoder.decode([StoredHeader].self, from: row["headers"] as Data)
            let value: Data = row["value"]
            let key: String? = row["key"]
            return Row(id: row["id"], record: ProducerRecord(
                topic: row["topic"], key: key, value: [UInt8](value),
                headers: headers.map { KafkaHeader(name: $0.name, string: $0.value) }))
        }
    }
}

/// Publishes outbox rows in order with the idempotent producer and deletes each once acknowledged.
///
/// A crash between the broker's acknowledgement and the delete publishes that row again after
/// restart; its deterministic `ce_id` lets consumers drop the repeat. A row the broker refuses
/// for good (too large, invalid) is marked `dead` with the error, logged and counted, never dropped.
public final class OutboxRelay: Service, Sendable {
    private let store: Store
    private let producer: KafkaProducer
    private let logger: Logger
    private let wakeUps: AsyncStream<Void>
    private let waker: AsyncStream<Void>.Continuation
    private let pollInterval: Duration
    /// Times the relay woke up (for tests: an idle relay must stay idle).
    let passes = Atomic<Int>(0)
    private let published = Counter(label: "filings_outbox_published_total")
    private let dead = Counter(label: "filings_outbox_dead_total")

    public init(store: Store, producer: KafkaProducer, logger: Logger, pollInterval: Duration = .seconds(1)) {
        self.store = store
        self.producer = producer
        self.logger = logger
        self.pollInterval = pollInterval
        (wakeUps, waker) = AsyncStream.makeStream(bufferingPolicy: .bufferingNewest(1))
    }

    /// Tells the relay new rows were committed.
    public func wake() { waker.yield() }

    public func run() async throws {
        let stop = StopSignal()
        await withGracefulShutdownHandler {
            var iterator = wakeUps.makeAsyncIterator()
            var backoff = Duration.milliseconds(200)
            while !stop.isSet && !Task.isCancelled {
                do {
                    if try await publishPending() == 0 {
                        backoff = .milliseconds(200)
                        await waitForWakeUp(&iterator)
                    }
                } catch {
                    logger.warning("outbox relay: publish failed, retrying in \(backoff)", metadata: ["error": "\(error)"])
                    try? await Task.sleep(for: backoff)
                    backoff = min(backoff * 2, .seconds(30))
                }
            }
            // Final pass so work committed before shutdown is not left behind.
            do { _ = try await publishPending() } catch {
                logger.warning("outbox relay: rows left pending at shutdown", metadata: ["error": "\(error)"])
            }
        } onGracefulShutdown: {
            stop.set()
            self.waker.yield()
        }
    }

    /// Publishes every pending row; returns how many were handled. Rows go out in batches of up
    /// to 100: produced in order, acknowledged together, deleted in one transaction. A row refused
    /// for good is marked dead; on any other failure the acknowledged rows are deleted and the rest
    /// stay pending for the next pass.
    @discardableResult
    public func publishPending() async throws -> Int {
        var handled = 0
        while true {
            let batch = try await store.writer.read { db in try Outbox.nextBatch(db, limit: 100) }
            if batch.isEmpty { return handled }
            let results = await producer.sendAll(batch.map(\.record))
            var delivered: [Int64] = [], refused: [(id: Int64, error: KafkaError)] = [], failure: KafkaError?
            for (row, result) in zip(batch, results) {
                switch result {
                case .success: delivered.append(row.id)
                case .failure(let error) where Self.isPermanent(error):
                    logger.error("outbox relay: broker refused record for good; marked dead",
                                 metadata: ["topic": "\(row.record.topic)", "outbox_id": "\(row.id)", "error": "\(error)"])
                    refused.append((row.id, error))
                case .failure(let error): failure = failure ?? error
                }
            }
            if !delivered.isEmpty { CrashPoint.afterPublish.reached() }
            try await store.writer.write { [delivered, refused] db in
                for id in delivered { try db.cachedStatement(sql: "DELETE FROM outbox WHERE id = ?").execute(arguments: [id]) }
                for (id, error) in refused {
                    try db.cachedStatement(sql: "UPDATE outbox SET status = 'dead', error = ? WHERE id = ?").execute(arguments: ["\(error)", id])
                }
            }
            published.increment(by: delivered.count)
            dead.increment(by: refused.count)
            handled += delivered.count + refused.count
            if let failure { throw failure }
        }
    }

    /// Errors a retry cannot fix: message too large, invalid record, invalid argument.
    static func isPermanent(_ error: KafkaError) -> Bool {
        [10, 18, 87, -186].contains(error.code)
    }

    /// Waits for `wake()` or the poll interval, whichever comes first. A timer cancelled because
    /// a wake-up came first must not yield itself: that would wake the next wait at once, for ever.
    private func waitForWakeUp(_ iterator: inout AsyncStream<Void>.Iterator) async {
        let interval = pollInterval, waker = self.waker
        let timer = Task {
            guard (try? await Task.sleep(for: interval)) != nil else { return }
            waker.yield()
        }
        _ = await iterator.next()
        timer.cancel()
        passes.add(1, ordering: .relaxed)
    }
}

/// A one-way flag set from a shutdown handler and read by a loop.
final class StopSignal: Sendable {
    private let flag = Mutex(false)
    var isSet: Bool { flag.withLock { $0 } }
    func set() { flag.withLock { $0 = true } }
}

import Synchronization
