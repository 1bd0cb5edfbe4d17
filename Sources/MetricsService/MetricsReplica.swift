import FilingMetrics
import FilingsCore
import Foundation
import GRDB
import KafkaKit
import Logging
import Synchronization

/// What makes several metrics replicas correct in one consumer group: the state of a partition's
/// companies follows the partition (see `MetricsChangelog` for the records).
///
/// - Before the first record of a newly assigned partition is handled, `takeOwnership` compares
///   the changelog partition's end offset with the one the local state matches. Equal: nobody
///   else wrote since, the local state is kept. Different: the partition's companies are dropped
///   from the store and restored from the changelog, read to its end.
/// - After a batch of records is handled, `produceChangelog` produces the records the handler's
///   transactions queued; the consumer loop stores the batch's offsets only once the broker
///   acknowledged them (`ChangelogPublisher`), so an offset is committed only once the state it
///   reflects is in Kafka. A replica killed in between leaves the offset uncommitted: the next
///   owner handles the record again from the state in the changelog.
/// - A revoked partition is marked not owned; its rows stay until the partition comes back and
///   the check above keeps or replaces them.
public final class MetricsReplica: Sendable {
    let store: Store
    let changelog: ChangelogPublisher
    let reader: PartitionReader
    let inputTopic: String
    let changelogTopic: String
    let logger: Logger
    /// Input partitions whose state was checked (kept or restored) since they were assigned.
    private let owned = Mutex<Set<Int32>>([])

    public init(store: Store, producer: KafkaProducer, kafka: KafkaConfig, topics: Topics, logger: Logger) throws {
        self.store = store
        changelog = ChangelogPublisher(store: store, producer: producer, topic: topics.metricsChangelog)
        reader = try PartitionReader(config: kafka, logger: logger.child("kafka.changelog"))
        inputTopic = topics.parsed
        changelogTopic = topics.metricsChangelog
        self.logger = logger
    }

    /// The consumer's rebalance observer: assigned or revoked partitions must be checked again.
    public func observe(_ event: RebalanceEvent) {
        switch event {
        case .assigned(let partitions), .revoked(let partitions):
            let mine = partitions.filter { $0.topic == inputTopic }.map(\.partition)
            owned.withLock { $0.subtract(mine) }
        }
    }

    /// Handles one input record as a replica: the partition's state checked first, `body` (the
    /// handler), then the changelog records it queued produced before this returns.
    public func handle(_ message: KafkaMessage, _ body: (KafkaMessage) async throws -> Void) async throws {
        try await handleLeavingChangelog(message, body)
        try await publishChangelog(partition: message.partition)
    }

    /// `handle` without the changelog produce: the service's consumer loop produces once per batch
    /// (`produceChangelog(of:)`, its `afterBatch` step), before it stores the batch's offsets. One
    /// produce and acknowledgement per record held the metrics loop for a broker round trip each.
    public func handleLeavingChangelog(_ message: KafkaMessage, _ body: (KafkaMessage) async throws -> Void) async throws {
        try await takeOwnership(of: message.partition)
        try await body(message)
    }

    /// Produces the changelog records queued for the partitions of `batch`, without waiting for
    /// the broker: the consumer loop awaits what this returns before it stores the batch's offsets,
    /// and handles its next batch meanwhile (the acknowledgement took a fifth of its time).
    public func produceChangelog(of batch: [KafkaMessage]) async throws -> ConsumerLoop.Acknowledgement {
        let production = try await changelog.produce(partitions: Set(batch.map(\.partition)))
        let changelog = self.changelog
        return { try await changelog.confirm(through: production) }
    }

    /// Makes the local state of `partition`'s companies that of the changelog, once per assignment.
    public func takeOwnership(of partition: Int32) async throws {
        guard !owned.withLock({ $0.contains(partition) }) else { return }
        // The local end offsets include every record produced, and no restore races a production.
        try await changelog.confirmAll()
        let end = try await reader.endOffset(topic: changelogTopic, partition: partition)
        let local = try await store.writer.read { db in
            try Int64.fetchOne(db, sql: "SELECT end_offset FROM changelog_partitions WHERE partition = ?", arguments: [partition])
        } ?? 0
        if local == end {
            // Records queued by a transaction whose send a crash cut short extend the state kept.
            try await publishChangelog(partition: partition)
            logger.info("partition state kept", metadata: ["partition": "\(partition)", "changelog_end": "\(end)"])
        } else {
            try await restore(partition)
        }
        owned.withLock { _ = $0.insert(partition) }
    }

    /// Produces the changelog records queued for `partition` and waits until all are acknowledged.
    public func publishChangelog(partition: Int32) async throws {
        try await changelog.confirm(through: try await changelog.produce(partitions: [partition]))
    }

    /// Drops the partition's companies from the store and rebuilds them from the changelog.
    func restore(_ partition: Int32) async throws {
        let started = ContinuousClock.now
        // The consumer is not polled meanwhile: end well within max.poll.interval.ms (librdkafka: 300 s).
        let (records, end) = try await reader.readToEnd(topic: changelogTopic, partition: partition, timeout: .seconds(240))
        // The restored companies' inputs are written anew: the handler's copies go (before, in case the write fails half-way).
        let companyInputs = CompanyInputs.of(store)
        companyInputs.forgetAll()
        defer { companyInputs.forgetAll() }
        let companies = try await store.writer.write { db -> Int in
            var restored = Set<String>()
            var entries: [MetricsChangelog.Entry] = []
            for record in records {
                restored.insert(try MetricsChangelog.company(ofKey: record.key))
                entries.append(try JSONCoding.decoder.decode(MetricsChangelog.Entry.self, from: Data(record.value)))
            }
            let previous = try String.fetchAll(db, sql: "SELECT company_key FROM company_partitions WHERE partition = ?", arguments: [partition])
            for company in restored.union(previous) { try Self.drop(db, company: company) }
            try db.execute(sql: "DELETE FROM changelog_pending WHERE partition = ?", arguments: [partition])
            for entry in entries { try MetricsChangelog.apply(db, entry) }
            for company in restored {
                try db.execute(sql: "INSERT OR REPLACE INTO company_partitions (company_key, partition) VALUES (?, ?)",
                               arguments: [company, partition])
                try Self.rebuild(db, company: company)
            }
            try db.execute(sql: "DELETE FROM changelog_dirty")  // the rows just written are the changelog's own
            try Self.setEnd(db, partition: partition, end)
            return restored.count
        }
        logger.info("partition state restored from the changelog", metadata: [
            "partition": "\(partition)", "records": "\(records.count)", "companies": "\(companies)",
            "took": "\(ContinuousClock.now - started)"])
    }

    /// Removes every row of `company`.
    static func drop(_ db: Database, company: String) throws {
        for table in ["companies", "filings", "metric_facts", "metric_guidance", "metric_claims", "metrics", "emitted_periods",
                      "company_partitions"] {
            try db.execute(sql: "DELETE FROM \(table) WHERE company_key = ?", arguments: [company])
        }
    }

    /// Recomputes what is derived from a company's filings: the analysis inputs per period and the metrics.
    static func rebuild(_ db: Database, company: String) throws {
        let filings = try MetricsStore.filings(db, company: company)
        for filing in filings { try MetricsStore.addInputs(db, company: company, filing) }
        try MetricsStore.insertMetrics(db, company: company, CompanyAnalysis(filings).metrics)
    }

    static func setEnd(_ db: Database, partition: Int32, _ end: Int64) throws {
        try db.execute(sql: "INSERT OR REPLACE INTO changelog_partitions (partition, end_offset) VALUES (?, ?)", arguments: [partition, end])
    }
}
