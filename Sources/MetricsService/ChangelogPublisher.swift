import FilingsCore
import Foundation
import GRDB
import KafkaKit
import Synchronization

/// Sends the changelog records the handler's transactions queued (`changelog_pending`) to the
/// changelog topic, in the order they were queued, and forgets each once the broker acknowledged it.
///
/// `produce` hands the records not produced yet to the producer and returns at once, so the
/// metrics loop handles its next batch while the broker acknowledges them; `confirm` waits for the
/// acknowledgements of every earlier production, deletes the acknowledged rows and notes the end
/// offset the local state now matches. The order of each key's records is what compaction relies
/// on (the last one wins), so a production that failed is never retried alone: every row still
/// pending, those produced after it included, is produced again in order.
final class ChangelogPublisher: Sendable {
    let store: Store
    let producer: KafkaProducer
    let topic: String

    /// Records handed to the producer together, not yet confirmed.
    final class Production: Sendable {
        let deliveries: Deliveries
        /// Per record, its row's partition and id.
        let rows: [(partition: Int32, id: Int64)]
        init(deliveries: Deliveries, rows: [(partition: Int32, id: Int64)]) {
            self.deliveries = deliveries
            self.rows = rows
        }
    }

    /// Productions not yet confirmed, oldest first.
    private let unconfirmed = Mutex<[Production]>([])
    /// Per partition, the last pending row handed to the producer (rows after it are not produced yet).
    private let producedThrough = Mutex<[Int32: Int64]>([:])

    init(store: Store, producer: KafkaProducer, topic: String) {
        self.store = store
        self.producer = producer
        self.topic = topic
    }

    /// Hands the pending rows of `partitions` not produced yet to the producer, without waiting.
    func produce(partitions: Set<Int32>) async throws -> Production {
        let after = producedThrough.withLock { $0 }
        let rows = try await store.writer.read { db in
            try partitions.sorted().flatMap { partition in
                try Row.fetchAll(db.cachedStatement(sql: """
                    SELECT id, partition, key, value FROM changelog_pending WHERE partition = ? AND id > ? ORDER BY id
                    """), arguments: [partition, after[partition] ?? 0]).map(PendingRecord.init)
            }
        }
        return handOver(rows)
    }

    /// Waits until `production` and every earlier one are acknowledged and their rows deleted;
    /// after a failed delivery, produces every pending row again and waits for those. Throws when
    /// that fails too: calling it again tries again.
    func confirm(through production: Production) async throws {
        while let oldest = unconfirmed.withLock({ list in list.contains { $0 === production } ? list.first : nil }) {
            let reports = await oldest.deliveries.results()
            guard let delivered = try? reports.map({ try $0.get() }) else {
                try await produceAllPendingAgain()
                return
            }
            try await forget(oldest.rows, delivered)
            unconfirmed.withLock { $0.removeAll { $0 === oldest } }
        }
    }

    /// Confirms every production made so far.
    func confirmAll() async throws {
        if let last = unconfirmed.withLock({ $0.last }) { try await confirm(through: last) }
    }

    /// Every pending row of every partition produced again, in order, and waited for: the records
    /// of a failed production, and after them those produced since, so that each key's last record
    /// is again its latest row. Confirms every earlier production.
    private func produceAllPendingAgain() async throws {
        let rows = try await store.writer.read { db in
            try Row.fetchAll(db, sql: "SELECT id, partition, key, value FROM changelog_pending ORDER BY partition, id").map(PendingRecord.init)
        }
        producedThrough.withLock { $0 = [:] }
        let production = handOver(rows)
        let delivered = try await production.deliveries.results().map { try $0.get() }
        try await forget(production.rows, delivered)
        unconfirmed.withLock { $0.removeAll() }
    }

    /// A `changelog_pending` row.
    struct PendingRecord: Sendable {
        var id: Int64
        var partition: Int32
        var key: String
        var value: Data
        init(_ row: Row) {
            id = row["id"]
            partition = row["partition"]
            key = row["key"]
            value = row["value"]
        }
    }

    private func handOver(_ rows: [PendingRecord]) -> Production {
        let topic = self.topic
        let records = rows.map { row in
            ProducerRecord(topic: topic, partition: row.partition, key: Array(row.key.utf8), value: [UInt8](row.value))
        }
        let production = Production(deliveries: producer.produceAll(records), rows: rows.map { ($0.partition, $0.id) })
        producedThrough.withLock { through in
            for row in production.rows { through[row.partition] = max(through[row.partition] ?? 0, row.id) }
        }
        unconfirmed.withLock { $0.append(production) }
        return production
    }

    /// Deletes the acknowledged rows and notes, per partition, the end offset after their records.
    private func forget(_ rows: [(partition: Int32, id: Int64)], _ delivered: [DeliveryReport]) async throws {
        var done: [Int32: (lastID: Int64, end: Int64)] = [:]
        for (row, report) in zip(rows, delivered) {
            done[row.partition] = (max(done[row.partition]?.lastID ?? 0, row.id), max(done[row.partition]?.end ?? 0, report.offset + 1))
        }
        guard !done.isEmpty else { return }
        try await store.writer.write { [done] db in
            for (partition, sent) in done {
                try db.execute(sql: "DELETE FROM changelog_pending WHERE partition = ? AND id <= ?", arguments: [partition, sent.lastID])
                // The highest end seen: a production confirmed after one that covered it must not lower it.
                try db.execute(sql: """
                    INSERT INTO changelog_partitions (partition, end_offset) VALUES (?, ?)
                    ON CONFLICT(partition) DO UPDATE SET end_offset = max(end_offset, excluded.end_offset)
                    """, arguments: [partition, sent.end])
            }
        }
    }
}
