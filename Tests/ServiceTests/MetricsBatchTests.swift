import FilingsCore
import Foundation
import GRDB
import KafkaKit
@testable import MetricsService
import Testing

/// The metrics loop writes a batch of records in one transaction, a savepoint per record
/// (`MetricsHandler.commit`): the result must be that of the records handled one by one, and a
/// record that fails must be rolled back alone.
struct MetricsBatchTests {
    static func events(_ store: Store) async throws -> [String] {
        try await outboxMessages(store).map { String(decoding: $0.value, as: UTF8.self) }
    }

    @Test func aBatchEndsWhereTheRecordsOneByOneEnd() async throws {
        let samples = try await CompanyInputsTests.samples()
        let batched = try Store.inMemory(migrations: MetricsService.migrations)
        let handler = MetricsHandler(store: batched, topics: Topics(), logger: quietLogger)
        // Q2 twice in one batch (a redelivery): handled once.
        let failed = try await handler.commit(try (samples + [samples[0]]).map(handler.prepare))
        #expect(failed.isEmpty)
        let single = try Store.inMemory(migrations: MetricsService.migrations)
        let reference = MetricsHandler(store: single, topics: Topics(), logger: quietLogger)
        for message in samples { try await reference.handle(message) }
        #expect(try await Self.events(batched) == Self.events(single))
        #expect(try await Self.events(batched).count >= 3)
        #expect(try await CompanyInputsTests.metrics(batched) == CompanyInputsTests.metrics(single))
    }

    @Test func aRecordThatFailsIsRolledBackAloneAndReturned() async throws {
        let samples = try await CompanyInputsTests.samples()
        let q3 = try await PipelineHandlerTests().parsed([PipelineHandlerTests.samples[1]])[0]
        let store = try Store.inMemory(migrations: MetricsService.migrations)
        let handler = MetricsHandler(store: store, topics: Topics(), logger: quietLogger)
        let q3ID = try handler.prepare(q3).inputs.filing.filingID
        try await store.writer.write { db in
            try db.execute(sql: "CREATE TRIGGER fail BEFORE INSERT ON filings WHEN NEW.filing_id = '\(q3ID)' BEGIN SELECT RAISE(ABORT, 'injected'); END")
        }
        let failed = try await handler.commit(try samples.map(handler.prepare))
        #expect(failed.map(\.0.inputs.filing.filingID) == [q3ID])
        #expect("\(failed.first?.1 as Any)".contains("injected"))

        // The same as a store that only saw Q2 and Q4: nothing of Q3 kept, its event id not claimed.
        let without = try Store.inMemory(migrations: MetricsService.migrations)
        let clean = MetricsHandler(store: without, topics: Topics(), logger: quietLogger)
        for message in [samples[0], samples[2]] { try await clean.handle(message) }
        #expect(try await Self.events(store) == Self.events(without))
        #expect(try await CompanyInputsTests.metrics(store) == CompanyInputsTests.metrics(without))
        let claimed = try await store.writer.read { db in try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM processed_events") ?? 0 }
        #expect(claimed == 2)
    }

    @Test func storeErrorsAreTheBatchsAndRecordsThatAllFailLeaveNothing() async throws {
        let samples = try await CompanyInputsTests.samples()
        let store = try Store.inMemory(migrations: MetricsService.migrations)
        let handler = MetricsHandler(store: store, topics: Topics(), logger: quietLogger)
        try await store.writer.write { db in
            try db.execute(sql: "CREATE TRIGGER fail BEFORE INSERT ON changelog_pending BEGIN SELECT RAISE(ABORT, 'injected'); END")
        }
        // A RAISE is a constraint error: record-level. A resource error is classified as the batch's.
        #expect(MetricsHandler.isResourceError(DatabaseError(resultCode: .SQLITE_FULL)))
        #expect(!MetricsHandler.isResourceError(DatabaseError(resultCode: .SQLITE_CONSTRAINT)))
        let failed = try await handler.commit(try samples.map(handler.prepare))
        #expect(failed.count == 3)
        #expect(try await Self.events(store).isEmpty)
    }
}
