import FilingEvents
import FilingMetrics
import FilingParser
import FilingsCore
import Foundation
import GRDB
import KafkaKit
@testable import MetricsService
import Testing

/// Metrics replicas hand a partition's company state to each other through the changelog topic
/// (mock cluster): whatever replica handles which part of a partition, the events emitted are those
/// of one replica handling it all.
@Suite(.serialized)
struct MetricsReplicaTests {
    static let partition: Int32 = 1

    /// `companies` made-up histories of `quarters` filings each, interleaved, as records of one partition.
    static func records(companies: Int, quarters: Int) throws -> [KafkaMessage] {
        let histories = (0..<companies).map { SyntheticHistory(quarters: quarters, seed: UInt64(40 + $0), firstYear: 1990).filings }
        var out: [KafkaMessage] = []
        for index in 0..<(histories.map(\.count).max() ?? 0) {
            for (c, history) in histories.enumerated() where index < history.count {
                let company = "co-\(c)", filing = history[index]
                let id = "\(company)-\(filing.filingID)"
                let header = FilingHeader(form: "8-K", company: "Company \(c)", cik: "\(100 + c)", accession: id, filedDate: filing.date)
                let payload = FilingParsed(filingID: id, companyKey: company, header: header, statements: [],
                                           facts: filing.facts, guidance: filing.guidance, claims: filing.claims)
                let event = try CloudEvent(id: "parsed-" + id, source: "test", type: EventTypes.filingParsed, subject: id, payload: payload)
                out.append(KafkaMessage(topic: Topics().parsed, partition: partition, offset: Int64(out.count), key: Array(company.utf8),
                                        value: event.data, headers: event.headers))
            }
        }
        return out
    }

    /// The `metrics.computed` events in a store's outbox, as "id payload" lines.
    static func events(_ store: Store) async throws -> Set<String> {
        Set(try await outboxMessages(store).filter { $0.topic == Topics().metricsComputed }.map { message in
            "\(try CloudEvent(message: message).id) \(String(decoding: message.value, as: UTF8.self))"
        })
    }

    static func metricRows(_ store: Store) async throws -> [String] {
        try await store.writer.read { db in
            try Row.fetchAll(db, sql: "SELECT company_key, name, period_start, period_end, value, detail FROM metrics ORDER BY 1, 2, 3, 4")
                .map { "\($0[0] as String)|\($0[1] as String)|\($0[2] as String)|\($0[3] as String)|\($0[4] as Double)|\(($0[5] as Data).count)" }
        }
    }

    /// One replica's store, handler and changelog side, on `cluster`.
    struct Replica {
        let store: Store
        let handler: MetricsHandler
        let replica: MetricsReplica

        init(_ cluster: MockCluster, _ producer: KafkaProducer) throws {
            store = try Store.inMemory(migrations: MetricsService.migrations)
            handler = MetricsHandler(store: store, topics: Topics(), logger: quietLogger)
            replica = try MetricsReplica(store: store, producer: producer, kafka: ["bootstrap.servers": cluster.bootstrapServers],
                                         topics: Topics(), logger: quietLogger)
        }

        func handle(_ records: some Sequence<KafkaMessage>) async throws {
            for record in records { try await replica.handle(record) { try await handler.handle($0) } }
        }

        /// The partition revoked and assigned again (as after a rebalance).
        func reassign() {
            let partitions = [TopicPartition(topic: Topics().parsed, partition: MetricsReplicaTests.partition)]
            replica.observe(.revoked(partitions))
            replica.observe(.assigned(partitions))
        }
    }

    static func singleReplicaRun(_ records: [KafkaMessage]) async throws -> (events: Set<String>, metrics: [String]) {
        let store = try Store.inMemory(migrations: MetricsService.migrations)
        let handler = MetricsHandler(store: store, topics: Topics(), logger: quietLogger)
        for record in records { try await handler.handle(record) }
        return (try await events(store), try await metricRows(store))
    }

    static func cluster() throws -> (MockCluster, KafkaProducer) {
        let cluster = try MockCluster()
        try cluster.createTopic(Topics().metricsChangelog, partitions: 3)
        return (cluster, try KafkaProducer(config: ["bootstrap.servers": cluster.bootstrapServers]))
    }

    @Test func aReplicaTakingOverAPartitionRestoresItsCompaniesAndEmitsWhatOneReplicaWould() async throws {
        let records = try Self.records(companies: 3, quarters: 16)
        let single = try await Self.singleReplicaRun(records)
        let (cluster, producer) = try Self.cluster()
        let a = try Replica(cluster, producer), b = try Replica(cluster, producer)

        try await a.handle(records[..<26])
        try await b.handle(records[26...])  // b restores the partition from the changelog first

        let both = try await Self.events(a.store).union(Self.events(b.store))
        #expect(both.count == single.events.count)
        #expect(both == single.events, "\(both.symmetricDifference(single.events).count) events differ from a single replica's")
        #expect(try await Self.metricRows(b.store) == single.metrics)
        #expect(try await b.store.writer.read { db in try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM filings") } == records.count)
        await producer.close()
    }

    /// A stays the owner's store after B wrote: when the partition comes back, A's stale rows (and a
    /// row the changelog never had) are dropped and the changelog's state restored. Before B wrote,
    /// a reassignment keeps A's rows as they are.
    @Test func aPartitionComingBackIsKeptWhenNobodyElseWroteAndRestoredWhenSomeoneDid() async throws {
        let records = try Self.records(companies: 2, quarters: 16)
        let single = try await Self.singleReplicaRun(records)
        let (cluster, producer) = try Self.cluster()
        let a = try Replica(cluster, producer), b = try Replica(cluster, producer)
        func localOnly(_ store: Store) async throws -> Bool {
            try await store.writer.read { db in try Bool.fetchOne(db, sql: "SELECT 1 FROM companies WHERE company_key = 'local-only'") } ?? false
        }

        try await a.handle(records[..<10])
        try await a.store.writer.write { db in
            try db.execute(sql: "INSERT INTO company_partitions (company_key, partition) VALUES ('local-only', ?)", arguments: [Self.partition])
            try db.execute(sql: "INSERT INTO companies (company_key) VALUES ('local-only')")
            try db.execute(sql: "DELETE FROM changelog_dirty")
        }
        a.reassign()
        try await a.handle(records[10..<14])
        #expect(try await localOnly(a.store), "nobody else wrote: the local state is kept")

        try await b.handle(records[14..<22])
        a.reassign()
        try await a.handle(records[22...])
        #expect(try await !localOnly(a.store), "another replica wrote: the partition's rows are replaced by the changelog's")

        let all = try await Self.events(a.store).union(Self.events(b.store))
        #expect(all == single.events, "\(all.symmetricDifference(single.events).count) events differ from a single replica's")
        #expect(try await Self.metricRows(a.store).filter { !$0.hasPrefix("local-only") } == single.metrics)
        await producer.close()
    }

    /// A replica handles a record but dies before its changelog records are sent (the offset is
    /// then not committed): the next owner handles that record again from the changelog's state.
    /// When the first replica gets the partition back, its unsent records are dropped, not sent.
    @Test func aRecordWhoseChangelogWasNeverSentIsHandledAgainByTheNextOwner() async throws {
        let records = try Self.records(companies: 2, quarters: 12)
        let single = try await Self.singleReplicaRun(records)
        let (cluster, producer) = try Self.cluster()
        let a = try Replica(cluster, producer), b = try Replica(cluster, producer)

        try await a.handle(records[..<11])
        try await a.handler.handle(records[11])  // committed in SQLite; the process dies before the send
        #expect(try await a.store.writer.read { db in try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM changelog_pending") } ?? 0 > 0)
        try await b.handle(records[11...])
        let both = try await Self.events(a.store).union(Self.events(b.store))
        #expect(both == single.events, "\(both.symmetricDifference(single.events).count) events differ from a single replica's")

        let end = try await PartitionReader(config: ["bootstrap.servers": cluster.bootstrapServers])
            .endOffset(topic: Topics().metricsChangelog, partition: Self.partition)
        a.reassign()
        try await a.replica.takeOwnership(of: Self.partition)
        #expect(try await a.store.writer.read { db in try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM changelog_pending") } == 0)
        #expect(try await PartitionReader(config: ["bootstrap.servers": cluster.bootstrapServers])
            .endOffset(topic: Topics().metricsChangelog, partition: Self.partition) == end, "nothing stale was sent")
        #expect(try await Self.metricRows(a.store) == single.metrics)
        await producer.close()
    }

    /// Records handled as the metrics loop does: a batch's changelog produced, and its
    /// acknowledgement awaited only after the next batch was handled and produced.
    static func handleInBatches(_ replica: Replica, _ records: ArraySlice<KafkaMessage>, size: Int) async throws {
        var waiting: ConsumerLoop.Acknowledgement?
        for start in stride(from: records.startIndex, to: records.endIndex, by: size) {
            let batch = Array(records[start..<min(start + size, records.endIndex)])
            for record in batch { try await replica.replica.handleLeavingChangelog(record) { try await replica.handler.handle($0) } }
            let acknowledgement = try await replica.replica.produceChangelog(of: batch)
            try await waiting?()
            waiting = acknowledgement
        }
        try await waiting?()
    }

    /// The rows the changelog mirrors (`MetricsChangelog.tables`), as text.
    static func stateRows(_ store: Store) async throws -> [String] {
        try await store.writer.read { db in
            try MetricsChangelog.tables.flatMap { table in
                try Row.fetchAll(db, sql: "SELECT * FROM \(table) ORDER BY 1, 2, 3").map { row in
                    "\(table): " + row.map { "\($0.0)=\($0.1.description)" }.joined(separator: " ")
                }
            }
        }
    }

    static func pendingCount(_ store: Store) async throws -> Int {
        try await store.writer.read { db in try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM changelog_pending") } ?? 0
    }

    /// Changelog records produced a batch ahead of their acknowledgement: a replica restoring the
    /// partition from them has what the one that produced them has.
    @Test func batchesAcknowledgedABatchLaterLeaveTheChangelogOfTheirState() async throws {
        let records = try Self.records(companies: 3, quarters: 8)
        let single = try await Self.singleReplicaRun(records)
        let (cluster, producer) = try Self.cluster()
        let a = try Replica(cluster, producer), b = try Replica(cluster, producer)
        try await Self.handleInBatches(a, records[...], size: 5)
        #expect(try await Self.pendingCount(a.store) == 0)
        try await b.replica.takeOwnership(of: Self.partition)  // restored from the changelog
        #expect(try await Self.stateRows(b.store) == Self.stateRows(a.store))
        #expect(try await Self.metricRows(b.store) == single.metrics)
        await producer.close()
    }

    /// A batch whose changelog records were never delivered (the broker away past the producer's
    /// timeout) while the next batch's were: everything pending is produced again, in order, so the
    /// changelog's last record of each key is still the latest row.
    @Test func aFailedChangelogProductionIsProducedAgainWithEverythingAfterIt() async throws {
        let records = try Self.records(companies: 2, quarters: 8)
        let single = try await Self.singleReplicaRun(records)
        let cluster = try MockCluster()
        try cluster.createTopic(Topics().metricsChangelog, partitions: 3)
        let producer = try KafkaProducer(config: ["bootstrap.servers": cluster.bootstrapServers, "message.timeout.ms": "1000"])
        let a = try Replica(cluster, producer), b = try Replica(cluster, producer)
        try await a.handle(records[..<4])  // the partition owned, some state in the changelog

        try cluster.setBrokerDown(1)
        let first = Array(records[4..<10])
        for record in first { try await a.replica.handleLeavingChangelog(record) { try await a.handler.handle($0) } }
        let lost = try await a.replica.produceChangelog(of: first)
        try await Task.sleep(for: .milliseconds(2500))  // past the producer's timeout: those records failed
        try cluster.setBrokerUp(1)
        let second = Array(records[10...])
        for record in second { try await a.replica.handleLeavingChangelog(record) { try await a.handler.handle($0) } }
        let delivered = try await a.replica.produceChangelog(of: second)
        // As the consumer loop does: an acknowledgement that throws is awaited again (the producer
        // may take a few seconds to reconnect, past its timeout).
        for acknowledgement in [lost, delivered] {
            let deadline = ContinuousClock.now + .seconds(60)
            while true {
                do { try await acknowledgement(); break } catch where ContinuousClock.now < deadline {
                    try await Task.sleep(for: .milliseconds(200))
                }
            }
        }
        #expect(try await Self.pendingCount(a.store) == 0)

        try await b.replica.takeOwnership(of: Self.partition)
        #expect(try await Self.stateRows(b.store) == Self.stateRows(a.store))
        #expect(try await Self.metricRows(b.store) == single.metrics)
        await producer.close()
    }
}
